package io.memberlist.core;

import io.memberlist.Endpoint;
import static io.memberlist.core.Shuttle.MS;
import static io.memberlist.core.Shuttle.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Metrics;
import io.memberlist.codec.Alive;
import io.memberlist.codec.CodecException;
import io.memberlist.codec.CodecOptions;
import io.memberlist.codec.Compound;
import io.memberlist.codec.Compression;
import io.memberlist.codec.IndirectPingReq;
import io.memberlist.codec.Message;
import io.memberlist.codec.Messages;
import io.memberlist.codec.PacketCodec;
import io.memberlist.codec.Ping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 rows on the engine: forged alives, oversized names and metadata, and reflection
 * through pings. Packets go through the real {@link PacketCodec} (its limits are part of the
 * defence); the engines run in {@link Shuttle}'s virtual time.
 */
class HostileInputTest {
    static final byte[] GOOD_VSN = Alive.vsn(1, 5, 2, 0, 0, 0);
    static final Endpoint ATTACKER = new Endpoint(new byte[] {10, 6, 6, 6}, 40000);
    static final Endpoint VICTIM = new Endpoint(new byte[] {10, 9, 9, 9}, 7946);
    static final PacketCodec CODEC = new PacketCodec(CodecOptions.defaults());

    /** Counters by name and {@code reason} label ("name{reason}"). */
    static final class Counting implements Metrics {
        final Map<String, Long> counters = new ConcurrentHashMap<>();

        @Override
        public void counter(String name, long delta) {
            counters.merge(name, delta, Long::sum);
        }

        @Override
        public void counter(String name, long delta, Map<String, String> labels) {
            counters.merge(name + labels.getOrDefault("reason", ""), delta, Long::sum);
            counter(name, delta);
        }

        @Override
        public void gauge(String name, double value) {}

        @Override
        public void sample(String name, double value) {}

        @Override
        public void timer(String name, long nanos) {}
    }

    /** Feeds a datagram from the attacker through the real packet codec into {@code node}. */
    static void receive(Shuttle s, Shuttle.Node node, byte[] datagram) {
        try {
            PacketCodec.Decoded d = CODEC.decode(datagram, datagram.length);
            for (Message m : d.decoded()) {
                node.engine.onPacket(s.now, ATTACKER, m);
            }
        } catch (CodecException e) {
            // dropped whole
        }
    }

    static byte[] alive(String name, byte[] meta, byte[] vsn) {
        return Messages.encode(new Alive(7, name, new byte[] {10, 7, 7, 7}, 7946, meta, vsn));
    }

    @Test
    void aliveWithShortOrMissingVsnIsRefusedAndJoinsKeepWorking() {
        Counting metrics = new Counting();
        Shuttle s = new Shuttle(1);
        Shuttle.Node a = s.add(Shuttle.lan("a").metrics(metrics).build());
        Shuttle.Node b = s.add("b");
        s.startAll();
        receive(s, a, alive("phantom-none", null, null));
        receive(s, a, alive("phantom-short", null, new byte[] {1, 5, 2}));
        receive(s, a, alive("phantom-zero", null, new byte[6]));
        // Sane by Go's rule but incompatible with every real member: would poison version checks.
        receive(s, a, alive("phantom-v5", null, Alive.vsn(5, 5, 5, 0, 0, 0)));
        receive(s, a, alive("phantom-delegate", null, Alive.vsn(1, 5, 2, 3, 4, 3)));
        assertThat(a.memberNames()).containsExactly("a");
        assertThat(metrics.counters).containsEntry("memberlist.alive.refusedvsn_length", 2L)
                .containsEntry("memberlist.alive.refusedprotocol_version", 2L)
                .containsEntry("memberlist.alive.refuseddelegate_version", 1L);

        int[] joined = {-1};
        Map<Endpoint, String>[] errors = new Map[1];
        b.engine.join(s.now, List.of(a.endpoint), (n, e) -> {
            joined[0] = n;
            errors[0] = e;
        });
        s.runFor(100 * MS);
        assertThat(errors[0]).isEmpty();
        assertThat(joined[0]).isEqualTo(1);
        assertThat(s.runUntil(() -> s.converged(2), 5 * SEC)).isTrue();
    }

    @Test
    void hugeNameAndMetaAreRefusedAtTheGoSendersBounds() {
        Counting metrics = new Counting();
        Shuttle s = new Shuttle(2);
        Shuttle.Node a = s.add(Shuttle.lan("a").metrics(metrics).build());
        s.startAll();
        String hugeName = "n".repeat(65_000);
        byte[] hugeMeta = new byte[60_000];
        receive(s, a, alive(hugeName, null, GOOD_VSN));
        receive(s, a, alive("fat", hugeMeta, GOOD_VSN));
        assertThat(a.engine.numMembers()).isEqualTo(1);
        assertThat(metrics.counters).containsEntry("memberlist.alive.refusedname_length", 1L)
                .containsEntry("memberlist.alive.refusedmeta_size", 1L);
        // Exactly at the bounds: accepted.
        receive(s, a, alive("m".repeat(io.memberlist.codec.Limits.MAX_NODE_NAME_BYTES), null, GOOD_VSN));
        receive(s, a, alive("meta-512", new byte[io.memberlist.codec.Limits.META_MAX_SIZE], GOOD_VSN));
        assertThat(a.engine.numMembers()).isEqualTo(3);
    }

    @Test
    void nineteenThousandNestedPingsForAThirdPartyCauseAtMostOneAck() {
        Shuttle s = new Shuttle(3);
        Shuttle.Node a = s.add("a");
        s.startAll();
        s.sent.clear();
        byte[] ping = Messages.encode(new Ping(1, "", VICTIM.ip(), VICTIM.port(), "victim"));
        List<byte[]> inner = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            inner.add(ping);
        }
        byte[] compound = Compound.encode(inner);
        List<byte[]> outer = new ArrayList<>();
        for (int i = 0; i < 127; i++) {
            outer.add(compound);
        }
        byte[] datagram = Compression.compress(Compound.encode(outer));
        receive(s, a, datagram);
        // The same pings, flattened into datagrams of one legal compound each.
        List<byte[]> flat = new ArrayList<>(inner);
        byte[] legal = Compound.encode(flat);
        receive(s, a, legal);
        s.runFor(SEC);
        long toVictim = bytesTo(s, VICTIM);
        System.out.printf("reflection: %d + %d bytes in, %d bytes out to the victim%n",
                datagram.length, legal.length, toVictim);
        assertThat(packetsTo(s, VICTIM)).isLessThanOrEqualTo(1);
        assertThat(toVictim).isLessThanOrEqualTo(2L * legal.length);
    }

    @Test
    void aFloodOfPingsGetsAtMostTheBucketPerProbeInterval() {
        Counting metrics = new Counting();
        Shuttle s = new Shuttle(4);
        Shuttle.Node a = s.add(Shuttle.lan("a").metrics(metrics).build());
        s.startAll();
        s.sent.clear();
        long bytesIn = 0;
        int sentPings = 0;
        for (int i = 0; i < 2000; i++) { // 2,000 pings over 2 s
            byte[] d = Messages.encode(new Ping(i, "", VICTIM.ip(), VICTIM.port(), ""));
            bytesIn += d.length;
            receive(s, a, d);
            sentPings++;
            s.runFor(MS);
        }
        int acks = packetsTo(s, VICTIM);
        long out = bytesTo(s, VICTIM);
        System.out.printf("ping flood: %d pings (%d bytes) in, %d acks (%d bytes) out%n", sentPings,
                bytesIn, acks, out);
        // Burst plus one bucket per probe interval (1 s) over 2 s.
        assertThat(acks).isLessThanOrEqualTo(ReplyLimiter.BURST * 3);
        assertThat(metrics.counters.get("memberlist.reply.droppedrate_limit")).isEqualTo(2000L - acks);
    }

    @Test
    void indirectPingsAreRelayedOnlyToKnownMembersAndCostAtMostTwiceTheirSize() {
        Shuttle s = new Shuttle(5);
        Shuttle.Node a = s.add("a");
        Shuttle.Node b = s.add("b");
        s.startAll();
        b.engine.join(s.now, List.of(a.endpoint), (n, e) -> { });
        assertThat(s.runUntil(() -> s.converged(2), 5 * SEC)).isTrue();
        s.cutUdp("a", "b"); // b stays silent: a relay then ends in a nack, the longest exchange

        // Aimed at a third party: nothing goes to the target; the requester gets a nack at once.
        byte[] atVictim = Messages.encode(new IndirectPingReq(11, VICTIM.ip(), VICTIM.port(), "v",
                true, VICTIM.ip(), VICTIM.port(), ""));
        List<Shuttle.Sent> caused1 = causedBy(s, a, atVictim);
        assertThat(caused1).singleElement().satisfies(x -> {
            assertThat(x.to()).isEqualTo(VICTIM);
            assertThat(Shuttle.decode(x.payload())).isEqualTo(new io.memberlist.codec.NackResp(11));
        });
        long out1 = caused1.stream().mapToLong(HostileInputTest::wire).sum();

        // The smallest request for a known member: Target, Port, Node, Nack; the reply goes to the sender.
        byte[] minimal = Messages.encode(new IndirectPingReq(12, b.endpoint.ip(), b.endpoint.port(), "b",
                true, null, 0, ""));
        List<Shuttle.Sent> caused2 = causedBy(s, a, minimal);
        assertThat(caused2).hasSize(2); // the relayed ping to b, the nack to the sender
        long out2 = caused2.stream().mapToLong(HostileInputTest::wire).sum();
        System.out.printf("indirect: to a stranger %d bytes in, %d out; to a member %d in, %d out%n",
                atVictim.length, out1, minimal.length, out2);
        assertThat(out1).isLessThanOrEqualTo(2L * atVictim.length);
        assertThat(out2).isLessThanOrEqualTo(2L * minimal.length);
    }

    @Test
    void forgedAccusationsBuyOneDirectRefutationFanOutPerTenProbeIntervals() {
        Shuttle s = new Shuttle(6);
        Shuttle.Node a = s.add("a");
        for (String n : List.of("b", "c", "d")) {
            s.add(n);
        }
        s.startAll();
        for (String n : List.of("b", "c", "d")) {
            s.node(n).engine.join(s.now, List.of(a.endpoint), (k, e) -> { });
        }
        assertThat(s.runUntil(() -> s.converged(4), 5 * SEC)).isTrue();
        int[] direct = new int[3];
        for (int i = 0; i < 3; i++) {
            long inc = a.engine.localMember().incarnation();
            s.sent.clear();
            receive(s, a, Messages.encode(new io.memberlist.codec.Suspect(inc, "a", "mallory")));
            direct[i] = s.sent.size(); // sent at once: the direct announcements of the refutation
            s.runFor(100 * MS);
        }
        assertThat(a.engine.localMember().incarnation()).isGreaterThanOrEqualTo(4);
        assertThat(direct).containsExactly(3, 0, 0);
    }

    /**
     * What {@code node} sends because of {@code request}: everything at that instant (the relay
     * ping or a nack), then, within a second, whatever goes to the victim or the attacker.
     */
    private static List<Shuttle.Sent> causedBy(Shuttle s, Shuttle.Node node, byte[] request) {
        s.sent.clear();
        receive(s, node, request);
        List<Shuttle.Sent> out = new ArrayList<>(s.sent);
        s.sent.clear();
        s.runFor(SEC);
        s.sent.stream().filter(x -> x.to().equals(VICTIM) || x.to().equals(ATTACKER)).forEach(out::add);
        return out;
    }

    private static long wire(Shuttle.Sent x) {
        return CODEC.encode(x.payload(), x.crc(), new SplittableRandom(0)).length;
    }

    private static int packetsTo(Shuttle s, Endpoint to) {
        return (int) s.sent.stream().filter(x -> x.to().equals(to)).count();
    }

    private static long bytesTo(Shuttle s, Endpoint to) {
        return s.sent.stream().filter(x -> x.to().equals(to)).mapToLong(HostileInputTest::wire).sum();
    }
}
