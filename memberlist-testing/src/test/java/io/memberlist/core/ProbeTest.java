package io.memberlist.core;

import static io.memberlist.core.SimRecorder.MS;
import static io.memberlist.core.SimRecorder.SEC;
import static io.memberlist.core.SimRecorder.inject;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Endpoint;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.PingDelegate;
import io.memberlist.codec.AckResp;
import io.memberlist.codec.Alive;
import io.memberlist.codec.IndirectPingReq;
import io.memberlist.codec.Message;
import io.memberlist.codec.Messages;
import io.memberlist.codec.NackResp;
import io.memberlist.codec.Ping;
import io.memberlist.codec.Suspect;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeTest {

    private static SimRecorder cluster(long seed, String... names) {
        SimRecorder s = SimRecorder.lan(seed);
        for (String n : names) {
            s.add(n);
        }
        s.joinAll(names[0]);
        assertThat(s.runUntil(s::converged, 5 * SEC)).isTrue();
        return s;
    }

    @Test
    void sequenceNumbersStartAtOneAndPingsCarrySource() {
        SimRecorder s = cluster(11, "a", "b");
        s.runFor(3 * SEC);
        List<Message> pings = s.sentBy("a", Ping.class);
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
        SimRecorder s = cluster(12, "a", "b", "c");
        s.sim.partition(List.of(s.node("a")), List.of(s.node("c")));
        s.runFor(20 * SEC);
        for (String n : List.of("a", "b", "c")) {
            assertThat(s.node(n).engine().numMembers()).as(n).isEqualTo(3);
        }
        assertThat(s.sentBy("a", IndirectPingReq.class)).isNotEmpty()
                .allSatisfy(m -> assertThat(((IndirectPingReq) m).nack()).isTrue());
        // b relayed acks for a's sequence numbers
        assertThat(s.sentBy("b", AckResp.class)).isNotEmpty();
    }

    @Test
    void tcpFallbackAvoidsSuspicionWhenUdpIsCutEverywhere() {
        SimRecorder s = cluster(13, "a", "b");
        s.sim.cutPackets(s.node("a"), s.node("b"));
        s.sim.cutPackets(s.node("b"), s.node("a"));
        s.runFor(20 * SEC);
        assertThat(s.node("a").engine().numMembers()).isEqualTo(2);
        assertThat(s.node("a").members()).allSatisfy(
                m -> assertThat(m.state()).isEqualTo(MemberState.ALIVE));
    }

    @Test
    void withoutTcpPingsAUdpCutLeadsToSuspicionAndNacksRaiseHealthScore() {
        SimRecorder s = SimRecorder.lan(14);
        for (String n : List.of("a", "b", "c")) {
            s.add(n, Config.lan().disableTcpPings(true));
        }
        s.joinAll("a");
        assertThat(s.runUntil(s::converged, 5 * SEC)).isTrue();
        s.sim.crash(s.node("c"));
        assertThat(s.runUntil(() -> s.sentBy("b", NackResp.class).size() > 0, 10 * SEC)).isTrue();
        assertThat(s.runUntil(() -> s.node("a").engine().numMembers() == 2, 20 * SEC)).isTrue();
        // Health: failures with all nacks received do not penalise; successes lower it.
        assertThat(s.node("a").engine().healthScore()).isBetween(0, 1);
    }

    @Test
    void probeOfSuspectSendsPingAndSuspectTogether() {
        SimRecorder s = cluster(15, "a", "b", "c");
        s.sim.partition(List.of(s.node("a"), s.node("b")), List.of(s.node("c")));
        assertThat(s.runUntil(() -> s.node("a").members().stream()
                .anyMatch(m -> m.name().equals("c") && m.state() == MemberState.SUSPECT), 10 * SEC))
                .isTrue();
        s.sent.clear();
        s.runFor(3 * SEC);
        boolean buddy = false;
        for (SimRecorder.Sent x : s.sent) {
            if (!x.from().equals("a") || !"c".equals(x.toNode())) {
                continue;
            }
            List<Message> leaves = x.leaves();
            if (leaves.size() == 2 && leaves.get(0) instanceof Ping
                    && leaves.get(1) instanceof Suspect sus && sus.node().equals("c")) {
                buddy = true;
                assertThat(x.crc()).isTrue(); // c advertised PMax 5
            }
        }
        assertThat(buddy).isTrue();
    }

    @Test
    void suspectRefutesWhenItHearsAboutIt() {
        SimRecorder s = cluster(16, "a", "b", "c");
        SimNode a = s.node("a");
        SimNode b = s.node("b");
        SimNode c = s.node("c");
        long before = c.localMember().incarnation();
        // c cannot answer a's probes, but still receives datagrams from everyone.
        s.sim.cutPackets(c, a);
        s.sim.cutPackets(c, b);
        s.sim.cutStreams(a, c);
        s.sim.cutStreams(b, c);
        assertThat(s.runUntil(() -> c.localMember().incarnation() > before, 15 * SEC)).isTrue();
        assertThat(c.engine().healthScore()).isGreaterThan(0);
    }

    @Test
    void gossipCarriesCrcForPeersWithPMaxFive() {
        SimRecorder s = cluster(17, "a", "b");
        s.runFor(3 * SEC);
        boolean sawGossip = false;
        for (SimRecorder.Sent x : s.sent) {
            Message first = x.first();
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
        SimRecorder s = cluster(18, "a", "b");
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
        SimNode a = s.node("a");
        SimNode b = s.node("b");
        a.act((e, t) -> {
            e.ping(t, "b", b.endpoint(), cb);
            return null;
        });
        s.runFor(SEC);
        assertThat(rtt[0]).isEqualTo(2 * MS);
        s.sim.cutPackets(a, b);
        s.sim.cutPackets(b, a);
        a.act((e, t) -> {
            e.ping(t, "b", b.endpoint(), cb);
            return null;
        });
        s.runFor(SEC);
        assertThat(failed[0]).contains("b");
    }

    @Test
    void pingDelegatePayloadRoundTripsAndCompletesProbe() {
        SimRecorder s = SimRecorder.lan(19);
        PingDelegate pd = new PingDelegate() {
            @Override
            public byte[] ackPayload() {
                return new byte[] {42};
            }

            @Override
            public void notifyPingComplete(Member other, Duration rtt, byte[] payload) {}
        };
        s.add("a", Config.lan().ping(pd));
        s.add("b", Config.lan().ping(pd));
        s.joinAll("a");
        s.runFor(5 * SEC);
        assertThat(s.events("a")).anySatisfy(e -> {
            assertThat(e).isInstanceOf(MemberEvent.PingCompleted.class);
            MemberEvent.PingCompleted p = (MemberEvent.PingCompleted) e;
            assertThat(p.member().name()).isEqualTo("b");
            assertThat(p.payload()).containsExactly(42);
            assertThat(p.rttNanos()).isEqualTo(2 * MS);
        });
    }

    @Test
    void relayedNackAfterProbeTimeoutWhenTargetSilent() {
        SimRecorder s = SimRecorder.lan(20);
        SimNode a = s.add("a");
        Endpoint prober = new Endpoint(new byte[] {10, 0, 0, 9}, 7946);
        // The target is a member a knows (at that address): only such targets are relayed to.
        inject(a, prober, Messages.encode(new Alive(
                1, "ghost", new byte[] {10, 0, 0, 50}, 7946, null, Alive.vsn(1, 5, 2, 0, 0, 0))));
        s.sent.clear();
        inject(a, prober, Messages.encode(new IndirectPingReq(77,
                new byte[] {10, 0, 0, 50}, 7946, "ghost", true, new byte[] {10, 0, 0, 9}, 7946, "p")));
        assertThat(s.sent).singleElement().satisfies(x -> {
            assertThat(x.to()).isEqualTo(new Endpoint(new byte[] {10, 0, 0, 50}, 7946));
            assertThat(x.first()).isInstanceOf(Ping.class);
        });
        s.sent.clear();
        s.runFor(499 * MS);
        assertThat(s.sent.stream().filter(x -> x.to().equals(prober))).isEmpty();
        s.runFor(2 * MS);
        assertThat(s.sent.stream().filter(x -> x.to().equals(prober)).map(SimRecorder.Sent::first))
                .singleElement().isEqualTo(new NackResp(77));
    }

    @Test
    void indirectPingForAnUnknownTargetIsNotRelayedButNackedAtOnce() {
        SimRecorder s = SimRecorder.lan(21);
        SimNode a = s.add("a");
        s.sent.clear();
        Endpoint prober = new Endpoint(new byte[] {10, 0, 0, 9}, 7946);
        inject(a, prober, Messages.encode(new IndirectPingReq(78,
                new byte[] {10, 9, 9, 9}, 7946, "victim", true, new byte[] {10, 0, 0, 9}, 7946, "p")));
        assertThat(s.sent).singleElement().satisfies(x -> {
            assertThat(x.to()).isEqualTo(prober);
            assertThat(x.first()).isEqualTo(new NackResp(78));
        });
        s.sent.clear();
        s.runFor(2 * SEC);
        assertThat(s.sent.stream().filter(x -> x.to().equals(new Endpoint(new byte[] {10, 9, 9, 9}, 7946))))
                .isEmpty();
    }
}
