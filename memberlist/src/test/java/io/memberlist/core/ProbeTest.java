package io.memberlist.core;

import io.memberlist.Endpoint;
import static io.memberlist.core.Shuttle.MS;
import static io.memberlist.core.Shuttle.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.PingDelegate;
import io.memberlist.codec.AckResp;
import io.memberlist.codec.IndirectPingReq;
import io.memberlist.codec.Message;
import io.memberlist.codec.NackResp;
import io.memberlist.codec.Ping;
import io.memberlist.codec.Suspect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeTest {

    private static Shuttle cluster(long seed, String... names) {
        Shuttle s = new Shuttle(seed);
        for (String n : names) {
            s.add(n);
        }
        s.startAll();
        for (int i = 1; i < names.length; i++) {
            s.node(names[i]).engine.join(s.now, List.of(s.node(names[0]).endpoint), (k, e) -> { });
        }
        assertThat(s.runUntil(() -> s.converged(names.length), 5 * SEC)).isTrue();
        return s;
    }

    private static List<Message> sentBy(Shuttle s, String from, Class<?> type) {
        List<Message> out = new ArrayList<>();
        for (Map.Entry<Shuttle.Sent, Message> e : s.sentMessages()) {
            if (e.getKey().from().equals(from) && type.isInstance(e.getValue())) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    @Test
    void sequenceNumbersStartAtOneAndPingsCarrySource() {
        Shuttle s = cluster(11, "a", "b");
        s.runFor(3 * SEC);
        List<Message> pings = sentBy(s, "a", Ping.class);
        assertThat(pings).isNotEmpty();
        Ping first = (Ping) pings.get(0);
        assertThat(first.seqNo()).isEqualTo(1);
        assertThat(first.node()).isEqualTo("b");
        assertThat(first.sourceNode()).isEqualTo("a");
        assertThat(first.sourceAddr()).containsExactly(10, 0, 0, 1);
        assertThat(first.sourcePort()).isEqualTo(7946);
    }

    @Test
    void indirectProbeThroughHelperAvoidsSuspicion() {
        Shuttle s = cluster(12, "a", "b", "c");
        s.cutUdp("a", "c");
        s.cutTcp("a", "c");
        s.runFor(20 * SEC);
        for (String n : List.of("a", "b", "c")) {
            assertThat(s.node(n).engine.numMembers()).as(n).isEqualTo(3);
        }
        assertThat(sentBy(s, "a", IndirectPingReq.class)).isNotEmpty()
                .allSatisfy(m -> assertThat(((IndirectPingReq) m).nack()).isTrue());
        // b relayed acks for a's sequence numbers
        assertThat(sentBy(s, "b", AckResp.class)).isNotEmpty();
    }

    @Test
    void tcpFallbackAvoidsSuspicionWhenUdpIsCutEverywhere() {
        Shuttle s = cluster(13, "a", "b");
        s.cutUdp("a", "b");
        s.runFor(20 * SEC);
        assertThat(s.node("a").engine.numMembers()).isEqualTo(2);
        assertThat(s.node("a").engine.members()).allSatisfy(
                m -> assertThat(m.state()).isEqualTo(MemberState.ALIVE));
    }

    @Test
    void withoutTcpPingsAUdpCutLeadsToSuspicionAndNacksRaiseHealthScore() {
        Shuttle s = new Shuttle(14);
        for (String n : List.of("a", "b", "c")) {
            s.add(Shuttle.lan(n).disableTcpPings(true).build());
        }
        s.startAll();
        s.node("b").engine.join(s.now, List.of(s.node("a").endpoint), (k, e) -> { });
        s.node("c").engine.join(s.now, List.of(s.node("a").endpoint), (k, e) -> { });
        assertThat(s.runUntil(() -> s.converged(3), 5 * SEC)).isTrue();
        s.crash("c");
        assertThat(s.runUntil(() -> sentBy(s, "b", NackResp.class).size() > 0, 10 * SEC)).isTrue();
        assertThat(s.runUntil(() -> s.node("a").engine.numMembers() == 2, 20 * SEC)).isTrue();
        // Health: failures with all nacks received do not penalise; successes lower it.
        assertThat(s.node("a").engine.healthScore()).isBetween(0, 1);
    }

    @Test
    void probeOfSuspectSendsPingAndSuspectTogether() {
        Shuttle s = cluster(15, "a", "b", "c");
        s.cutUdp("a", "c");
        s.cutUdp("b", "c");
        s.cutTcp("a", "c");
        s.cutTcp("b", "c");
        assertThat(s.runUntil(() -> s.node("a").engine.members().stream()
                .anyMatch(m -> m.name().equals("c") && m.state() == MemberState.SUSPECT), 10 * SEC))
                .isTrue();
        s.sent.clear();
        s.runFor(3 * SEC);
        boolean buddy = false;
        for (Shuttle.Sent x : s.sent) {
            if (!x.from().equals("a") || !"c".equals(x.toNode())) {
                continue;
            }
            List<byte[]> leaves = new ArrayList<>();
            Shuttle.split(x.payload(), leaves);
            if (leaves.size() == 2 && Shuttle.decode(leaves.get(0)) instanceof Ping
                    && Shuttle.decode(leaves.get(1)) instanceof Suspect sus && sus.node().equals("c")) {
                buddy = true;
                assertThat(x.crc()).isTrue(); // c advertised PMax 5
            }
        }
        assertThat(buddy).isTrue();
    }

    @Test
    void suspectRefutesWhenItHearsAboutIt() {
        Shuttle s = cluster(16, "a", "b", "c");
        long before = s.node("c").engine.localMember().incarnation();
        // c cannot answer a's probes, but still receives from everyone.
        s.udpCuts.add("c>a");
        s.tcpCuts.add("c>a");
        s.tcpCuts.add("a>c");
        s.udpCuts.add("c>b");
        s.tcpCuts.add("b>c");
        s.tcpCuts.add("c>b");
        assertThat(s.runUntil(() -> s.node("c").engine.localMember().incarnation() > before,
                15 * SEC)).isTrue();
        assertThat(s.node("c").engine.healthScore()).isGreaterThan(0);
    }

    @Test
    void gossipCarriesCrcForPeersWithPMaxFive() {
        Shuttle s = cluster(17, "a", "b");
        s.runFor(3 * SEC);
        boolean sawGossip = false;
        for (Shuttle.Sent x : s.sent) {
            Message first = Shuttle.decode(firstLeaf(x));
            boolean direct = first instanceof Ping || first instanceof AckResp
                    || first instanceof NackResp || first instanceof IndirectPingReq;
            if (direct) {
                // Direct messages (ping/ack) go without CRC, as Go sends them.
                assertThat(x.crc()).isFalse();
            } else {
                sawGossip = true;
                assertThat(x.crc()).isTrue();
            }
        }
        assertThat(sawGossip).isTrue();
    }

    @Test
    void pingCommandReportsRttOrFailure() {
        Shuttle s = cluster(18, "a", "b");
        long[] rtt = {-1};
        String[] failed = {null};
        PingCallback cb = new PingCallback() {
            @Override
            public void done(long r) {
                rtt[0] = r;
            }

            @Override
            public void failed(String reason) {
                failed[0] = reason;
            }
        };
        s.node("a").engine.ping(s.now, "b", s.node("b").endpoint, cb);
        s.runFor(SEC);
        assertThat(rtt[0]).isEqualTo(2 * MS);
        s.cutUdp("a", "b");
        s.node("a").engine.ping(s.now, "b", s.node("b").endpoint, cb);
        s.runFor(SEC);
        assertThat(failed[0]).contains("b");
    }

    @Test
    void pingDelegatePayloadRoundTripsAndCompletesProbe() {
        Shuttle s = new Shuttle(19);
        PingDelegate pd = new PingDelegate() {
            @Override
            public byte[] ackPayload() {
                return new byte[] {42};
            }

            @Override
            public void notifyPingComplete(Member other, Duration rtt, byte[] payload) {}
        };
        s.add(Shuttle.lan("a").ping(pd).build());
        s.add(Shuttle.lan("b").ping(pd).build());
        s.startAll();
        s.node("b").engine.join(s.now, List.of(s.node("a").endpoint), (k, e) -> { });
        s.runFor(5 * SEC);
        assertThat(s.node("a").events).anySatisfy(e -> {
            assertThat(e).isInstanceOf(MemberEvent.PingCompleted.class);
            MemberEvent.PingCompleted p = (MemberEvent.PingCompleted) e;
            assertThat(p.member().name()).isEqualTo("b");
            assertThat(p.payload()).containsExactly(42);
            assertThat(p.rttNanos()).isEqualTo(2 * MS);
        });
    }

    @Test
    void relayedNackAfterProbeTimeoutWhenTargetSilent() {
        Shuttle s = new Shuttle(20);
        Shuttle.Node a = s.add("a");
        a.engine.start(s.now);
        Endpoint prober = new Endpoint(new byte[] {10, 0, 0, 9}, 7946);
        // The target is a member a knows (at that address): only such targets are relayed to.
        a.engine.onPacket(s.now, prober, io.memberlist.codec.Messages.encode(new io.memberlist.codec.Alive(
                1, "ghost", new byte[] {10, 0, 0, 50}, 7946, null, io.memberlist.codec.Alive.vsn(1, 5, 2, 0, 0, 0))));
        s.sent.clear();
        a.engine.onPacket(s.now, prober, io.memberlist.codec.Messages.encode(new IndirectPingReq(77,
                new byte[] {10, 0, 0, 50}, 7946, "ghost", true, new byte[] {10, 0, 0, 9}, 7946, "p")));
        assertThat(s.sent).singleElement().satisfies(x -> {
            assertThat(x.to()).isEqualTo(new Endpoint(new byte[] {10, 0, 0, 50}, 7946));
            assertThat(Shuttle.decode(firstLeaf(x))).isInstanceOf(Ping.class);
        });
        s.sent.clear();
        s.runFor(499 * MS);
        assertThat(s.sent.stream().filter(x -> x.to().equals(prober))).isEmpty();
        s.runFor(2 * MS);
        assertThat(s.sent.stream().filter(x -> x.to().equals(prober)).map(x -> Shuttle.decode(firstLeaf(x))))
                .singleElement().isEqualTo(new NackResp(77));
    }

    @Test
    void indirectPingForAnUnknownTargetIsNotRelayedButNackedAtOnce() {
        Shuttle s = new Shuttle(21);
        Shuttle.Node a = s.add("a");
        a.engine.start(s.now);
        s.sent.clear();
        Endpoint prober = new Endpoint(new byte[] {10, 0, 0, 9}, 7946);
        a.engine.onPacket(s.now, prober, io.memberlist.codec.Messages.encode(new IndirectPingReq(78,
                new byte[] {10, 9, 9, 9}, 7946, "victim", true, new byte[] {10, 0, 0, 9}, 7946, "p")));
        assertThat(s.sent).singleElement().satisfies(x -> {
            assertThat(x.to()).isEqualTo(prober);
            assertThat(Shuttle.decode(firstLeaf(x))).isEqualTo(new NackResp(78));
        });
        s.sent.clear();
        s.runFor(2 * SEC);
        assertThat(s.sent.stream().filter(x -> x.to().equals(new Endpoint(new byte[] {10, 9, 9, 9}, 7946))))
                .isEmpty();
    }

    private static byte[] firstLeaf(Shuttle.Sent x) {
        List<byte[]> leaves = new ArrayList<>();
        Shuttle.split(x.payload(), leaves);
        return leaves.get(0);
    }
}
