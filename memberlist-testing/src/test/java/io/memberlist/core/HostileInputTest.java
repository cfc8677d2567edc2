package io.memberlist.core;

import static io.memberlist.core.SimRecorder.MS;
import static io.memberlist.core.SimRecorder.SEC;
import static io.memberlist.core.SimRecorder.memberNames;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Endpoint;
import io.memberlist.Metrics;
import io.memberlist.codec.Alive;
import io.memberlist.codec.Compound;
import io.memberlist.codec.Compression;
import io.memberlist.codec.IndirectPingReq;
import io.memberlist.codec.Messages;
import io.memberlist.codec.NackResp;
import io.memberlist.codec.Ping;
import io.memberlist.codec.Suspect;
import io.memberlist.testing.RawHost;
import io.memberlist.testing.SimCompletion;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 rows on the production node: forged alives, oversized names and metadata, and
 * reflection through pings. An attacker ({@link RawHost}) sends raw datagrams through the
 * simulated network; the node's real packet codec (its limits are part of the defence) and
 * engine handle them. What goes out is read from the network's tap, as it is on the wire.
 */
class HostileInputTest {
    static final byte[] GOOD_VSN = Alive.vsn(1, 5, 2, 0, 0, 0);
    static final Endpoint VICTIM = new Endpoint(new byte[] {10, 9, 9, 9}, 7946);

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

    /** A network with an attacker host ("mallory") added after the nodes. */
    private static final class Setup {
        final SimRecorder s;
        RawHost attacker;

        Setup(long seed) {
            s = SimRecorder.lan(seed);
        }

        Endpoint attackerAddress() {
            return attacker().node().endpoint();
        }

        RawHost attacker() {
            if (attacker == null) {
                attacker = s.sim.addRawHost("mallory");
            }
            return attacker;
        }

        /**
         * The attacker sends {@code datagram} to {@code node}; returns when it has been handled
         * (one fixed 1 ms latency later), with the clock at that instant.
         */
        void receive(SimNode node, byte[] datagram) {
            attacker().sendDatagram(node, datagram);
            s.runFor(MS);
        }
    }

    static byte[] alive(String name, byte[] meta, byte[] vsn) {
        return Messages.encode(new Alive(7, name, new byte[] {10, 7, 7, 7}, 7946, meta, vsn));
    }

    @Test
    void aliveWithShortOrMissingVsnIsRefusedAndJoinsKeepWorking() {
        Counting metrics = new Counting();
        Setup x = new Setup(1);
        SimNode a = x.s.add("a", Config.lan().metrics(metrics));
        SimNode b = x.s.add("b");
        x.receive(a, alive("phantom-none", null, null));
        x.receive(a, alive("phantom-short", null, new byte[] {1, 5, 2}));
        x.receive(a, alive("phantom-zero", null, new byte[6]));
        // Sane by Go's rule but incompatible with every real member: would poison version checks.
        x.receive(a, alive("phantom-v5", null, Alive.vsn(5, 5, 5, 0, 0, 0)));
        x.receive(a, alive("phantom-delegate", null, Alive.vsn(1, 5, 2, 3, 4, 3)));
        assertThat(memberNames(a)).containsExactly("a");
        assertThat(metrics.counters).containsEntry("memberlist.alive.refusedvsn_length", 2L)
                .containsEntry("memberlist.alive.refusedprotocol_version", 2L)
                .containsEntry("memberlist.alive.refuseddelegate_version", 1L);

        SimCompletion<SimNetwork.JoinOutcome> join = x.s.sim.join(b, a);
        x.s.runFor(100 * MS);
        assertThat(join.get().errors()).isEmpty();
        assertThat(join.get().joined()).isEqualTo(1);
        assertThat(x.s.runUntil(x.s::converged, 5 * SEC)).isTrue();
    }

    @Test
    void hugeNameAndMetaAreRefusedAtTheGoSendersBounds() {
        Counting metrics = new Counting();
        Setup x = new Setup(2);
        SimNode a = x.s.add("a", Config.lan().metrics(metrics));
        String hugeName = "n".repeat(65_000);
        byte[] hugeMeta = new byte[60_000];
        x.receive(a, alive(hugeName, null, GOOD_VSN));
        x.receive(a, alive("fat", hugeMeta, GOOD_VSN));
        assertThat(a.engine().numMembers()).isEqualTo(1);
        assertThat(metrics.counters).containsEntry("memberlist.alive.refusedname_length", 1L)
                .containsEntry("memberlist.alive.refusedmeta_size", 1L);
        // Exactly at the bounds: accepted.
        x.receive(a, alive("m".repeat(io.memberlist.codec.Limits.MAX_NODE_NAME_BYTES), null, GOOD_VSN));
        x.receive(a, alive("meta-512", new byte[io.memberlist.codec.Limits.META_MAX_SIZE], GOOD_VSN));
        assertThat(a.engine().numMembers()).isEqualTo(3);
    }

    @Test
    void nineteenThousandNestedPingsForAThirdPartyCauseAtMostOneAck() {
        Setup x = new Setup(3);
        SimNode a = x.s.add("a");
        x.attacker();
        x.s.sent.clear();
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
        x.receive(a, datagram);
        // The same pings, flattened into datagrams of one legal compound each.
        List<byte[]> flat = new ArrayList<>(inner);
        byte[] legal = Compound.encode(flat);
        x.receive(a, legal);
        x.s.runFor(SEC);
        long toVictim = bytesTo(x.s, VICTIM);
        System.out.printf("reflection: %d + %d bytes in, %d bytes out to the victim%n",
                datagram.length, legal.length, toVictim);
        assertThat(packetsTo(x.s, VICTIM)).isLessThanOrEqualTo(1);
        assertThat(toVictim).isLessThanOrEqualTo(2L * legal.length);
    }

    @Test
    void aFloodOfPingsGetsAtMostTheBucketPerProbeInterval() {
        Counting metrics = new Counting();
        Setup x = new Setup(4);
        SimNode a = x.s.add("a", Config.lan().metrics(metrics));
        x.attacker();
        x.s.sent.clear();
        long bytesIn = 0;
        int sentPings = 0;
        for (int i = 0; i < 2000; i++) { // 2,000 pings over 2 s
            byte[] d = Messages.encode(new Ping(i, "", VICTIM.ip(), VICTIM.port(), ""));
            bytesIn += d.length;
            x.receive(a, d);
            sentPings++;
        }
        int acks = packetsTo(x.s, VICTIM);
        long out = bytesTo(x.s, VICTIM);
        System.out.printf("ping flood: %d pings (%d bytes) in, %d acks (%d bytes) out%n", sentPings,
                bytesIn, acks, out);
        // Burst plus one bucket per probe interval (1 s) over 2 s.
        assertThat(acks).isLessThanOrEqualTo(ReplyLimiter.BURST * 3);
        assertThat(metrics.counters.get("memberlist.reply.droppedrate_limit")).isEqualTo(2000L - acks);
    }

    @Test
    void indirectPingsAreRelayedOnlyToKnownMembersAndCostAtMostTwiceTheirSize() {
        Setup x = new Setup(5);
        SimNode a = x.s.add("a");
        SimNode b = x.s.add("b");
        x.s.joinAll("a");
        assertThat(x.s.runUntil(x.s::converged, 5 * SEC)).isTrue();
        // b stays silent: a relay then ends in a nack, the longest exchange
        x.s.sim.cutPackets(a, b);
        x.s.sim.cutPackets(b, a);

        // Aimed at a third party: nothing goes to the target; the requester gets a nack at once.
        byte[] atVictim = Messages.encode(new IndirectPingReq(11, VICTIM.ip(), VICTIM.port(), "v",
                true, VICTIM.ip(), VICTIM.port(), ""));
        List<SimRecorder.Sent> caused1 = causedBy(x, a, atVictim);
        assertThat(caused1).singleElement().satisfies(y -> {
            assertThat(y.to()).isEqualTo(VICTIM);
            assertThat(y.first()).isEqualTo(new NackResp(11));
        });
        long out1 = caused1.stream().mapToLong(y -> y.datagram().length).sum();

        // The smallest request for a known member: Target, Port, Node, Nack; the reply goes to the sender.
        byte[] minimal = Messages.encode(new IndirectPingReq(12, b.endpoint().ip(), b.endpoint().port(), "b",
                true, null, 0, ""));
        List<SimRecorder.Sent> caused2 = causedBy(x, a, minimal);
        assertThat(caused2).hasSize(2); // the relayed ping to b, the nack to the sender
        long out2 = caused2.stream().mapToLong(y -> y.datagram().length).sum();
        System.out.printf("indirect: to a stranger %d bytes in, %d out; to a member %d in, %d out%n",
                atVictim.length, out1, minimal.length, out2);
        assertThat(out1).isLessThanOrEqualTo(2L * atVictim.length);
        assertThat(out2).isLessThanOrEqualTo(2L * minimal.length);
    }

    @Test
    void forgedAccusationsBuyOneDirectRefutationFanOutPerTenProbeIntervals() {
        Setup x = new Setup(6);
        SimNode a = x.s.add("a");
        for (String n : List.of("b", "c", "d")) {
            x.s.add(n);
        }
        x.s.joinAll("a");
        assertThat(x.s.runUntil(x.s::converged, 5 * SEC)).isTrue();
        int[] direct = new int[3];
        long first = a.localMember().incarnation();
        for (int i = 0; i < 3; i++) {
            long inc = a.localMember().incarnation();
            x.receive(a, Messages.encode(new Suspect(inc, "a", "mallory")));
            // sent at once: the direct announcements of the refutation
            direct[i] = x.s.sentAt("a", x.s.now()).size();
            x.s.runFor(100 * MS);
        }
        assertThat(a.localMember().incarnation()).isGreaterThanOrEqualTo(first + 3);
        assertThat(direct).containsExactly(3, 0, 0);
    }

    /**
     * What {@code node} sends because of {@code request}: everything at the instant it handles
     * it (the relay ping or a nack), then, within a second, whatever goes to the victim or the
     * attacker.
     */
    private static List<SimRecorder.Sent> causedBy(Setup x, SimNode node, byte[] request) {
        x.attacker();
        x.s.sent.clear();
        x.receive(node, request);
        List<SimRecorder.Sent> out = new ArrayList<>(x.s.sentAt(node.name(), x.s.now()));
        x.s.sent.clear();
        x.s.runFor(SEC);
        Endpoint attacker = x.attackerAddress();
        x.s.sent.stream().filter(y -> y.to().equals(VICTIM) || y.to().equals(attacker)).forEach(out::add);
        return out;
    }

    private static int packetsTo(SimRecorder s, Endpoint to) {
        return (int) s.sent.stream().filter(x -> x.to().equals(to)).count();
    }

    private static long bytesTo(SimRecorder s, Endpoint to) {
        return s.sent.stream().filter(x -> x.to().equals(to)).mapToLong(x -> x.datagram().length).sum();
    }
}
