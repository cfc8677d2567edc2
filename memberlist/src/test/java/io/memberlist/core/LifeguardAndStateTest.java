package io.memberlist.core;

import io.memberlist.Endpoint;
import static io.memberlist.core.Shuttle.MS;
import static io.memberlist.core.Shuttle.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Delegate;
import io.memberlist.MemberState;
import io.memberlist.Metrics;
import io.memberlist.codec.AckResp;
import io.memberlist.codec.Ping;
import io.memberlist.codec.PushPull;
import io.memberlist.codec.Suspect;
import io.memberlist.codec.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class LifeguardAndStateTest {

    static final class Recording implements Metrics {
        final Map<String, Long> counters = new ConcurrentHashMap<>();
        final Map<String, Double> gauges = new ConcurrentHashMap<>();
        final List<String> timers = new ArrayList<>();

        @Override
        public void counter(String name, long delta) {
            counters.merge(name, delta, Long::sum);
        }

        @Override
        public void gauge(String name, double value) {
            gauges.put(name, value);
        }

        @Override
        public void gauge(String name, double value, Map<String, String> labels) {
            gauges.put(name + labels, value);
        }

        @Override
        public void sample(String name, double value) {
            gauges.put(name, value);
        }

        @Override
        public void timer(String name, long nanos) {
            timers.add(name);
        }
    }

    private static Shuttle cluster(long seed, int n, Recording metrics) {
        Shuttle s = new Shuttle(seed);
        for (int i = 0; i < n; i++) {
            s.add(Shuttle.lan("n" + i).metrics(metrics).disableTcpPings(true).build());
        }
        s.startAll();
        for (int i = 1; i < n; i++) {
            s.node("n" + i).engine.join(s.now, List.of(s.node("n0").endpoint), (k, e) -> { });
        }
        assertThat(s.runUntil(() -> s.converged(n), 10 * SEC)).isTrue();
        return s;
    }

    @Test
    void independentConfirmationsShortenTheSuspicion() {
        // N = 6 >= 4: k = 2, min = 4 s, max = 24 s. Confirmed by two other members, the suspect
        // dies after min (4 s) instead of 24 s.
        Recording m = new Recording();
        Shuttle s = cluster(41, 6, m);
        s.runFor(SEC);
        s.crash("n5");
        long crashed = s.now;
        assertThat(s.runUntil(() -> s.node("n0").engine.numMembers() == 5, 40 * SEC)).isTrue();
        assertThat(s.now - crashed).isLessThan(15 * SEC);
        assertThat(m.counters).containsKeys("memberlist.msg.suspect", "memberlist.msg.dead",
                "memberlist.msg.alive");
    }

    @Test
    void loneAccusationTakesTheMaximumAndCountsDegradedTimeout() {
        Recording m = new Recording();
        Shuttle s = cluster(42, 6, m);
        Shuttle.Node a = s.node("n0");
        // An accusation nobody confirms: only n0 hears it (drop rebroadcast suspects elsewhere).
        s.leafFilter = leaf -> !(Shuttle.decode(leaf) instanceof Suspect);
        s.crash("n5");
        a.engine.onPacket(s.now, s.node("n1").endpoint, Messages.encode(
                new Suspect(1, "n5", "n1")));
        long start = s.now;
        assertThat(a.engine.members()).filteredOn(x -> x.name().equals("n5")).singleElement()
                .satisfies(x -> assertThat(x.state()).isEqualTo(MemberState.SUSPECT));
        // n0's own failed probes of n5 do not confirm (n0 is not n1)... they do: n0 confirms
        // with From = n0, one confirmation: timeout(1) = 11.381 s.
        assertThat(s.runUntil(() -> a.engine.numMembers() == 5, 30 * SEC)).isTrue();
        assertThat(s.now - start).isBetween(11 * SEC, 25 * SEC);
        assertThat(m.counters.get("memberlist.degraded.timeout")).isPositive();
    }

    @Test
    void tcpPingIsAnsweredOnlyForOurName() {
        Shuttle s = new Shuttle(43);
        Shuttle.Node a = s.add("a");
        a.engine.start(s.now);
        Endpoint from = new Endpoint(new byte[] {10, 0, 0, 9}, 1);
        assertThat(a.engine.onStreamMessage(s.now, from, new Ping(9, "a", null, 0, "")))
                .isEqualTo(new AckResp(9, null));
        assertThat(a.engine.onStreamMessage(s.now, from, new Ping(9, "other", null, 0, "")))
                .isNull();
    }

    @Test
    void pushPullExchangesUserStateAndReplyIsComputedBeforeMerge() {
        List<String> merged = new ArrayList<>();
        Delegate d = new Delegate() {
            @Override
            public byte[] localState(boolean join) {
                return ("state-" + join).getBytes();
            }

            @Override
            public void mergeRemoteState(byte[] state, boolean join) {
                merged.add(new String(state));
            }
        };
        Shuttle s = new Shuttle(44);
        Shuttle.Node a = s.add(Shuttle.lan("a").delegate(d).build());
        a.engine.start(s.now);
        PushPull reply = (PushPull) a.engine.onStreamMessage(s.now,
                new Endpoint(new byte[] {10, 0, 0, 9}, 7946),
                new PushPull(true, List.of(new io.memberlist.codec.PushNodeState("b",
                        new byte[] {10, 0, 0, 9}, 7946, null, 1, 0,
                        new byte[] {1, 5, 2, 0, 0, 0})), "theirs".getBytes()));
        assertThat(reply.join()).isTrue();
        assertThat(reply.states()).extracting(x -> x.name()).containsExactly("a");
        assertThat(new String(reply.userState())).isEqualTo("state-true");
        assertThat(merged).containsExactly("theirs");
        assertThat(a.engine.numMembers()).isEqualTo(2);
    }

    @Test
    void failedProbesRaiseHealthAndStretchTheProbeInterval() {
        Recording m = new Recording();
        Shuttle s = new Shuttle(45);
        for (String n : List.of("a", "b", "c")) {
            s.add(Shuttle.lan(n).metrics(m).disableTcpPings(true).build());
        }
        s.startAll();
        s.node("b").engine.join(s.now, List.of(s.node("a").endpoint), (k, e) -> { });
        s.node("c").engine.join(s.now, List.of(s.node("a").endpoint), (k, e) -> { });
        assertThat(s.runUntil(() -> s.converged(3), 5 * SEC)).isTrue();
        // a hears nothing at all: every probe fails and no nacks arrive.
        s.udpCuts.add("b>a");
        s.udpCuts.add("c>a");
        assertThat(s.runUntil(() -> s.node("a").engine.healthScore() >= 2, 20 * SEC)).isTrue();
        assertThat(m.counters.get("memberlist.degraded.probe")).isPositive();
        assertThat(m.gauges).containsKey("memberlist.health.score");
        assertThat(m.timers).contains("memberlist.probeNode");
    }

    @Test
    void nodeInstancesGaugeAndQueueSample() {
        Recording m = new Recording();
        Shuttle s = cluster(46, 3, m);
        s.runFor(40 * SEC);
        assertThat(m.gauges).containsKey("memberlist.node.instances{node_state=alive}");
        assertThat(m.gauges).containsKey("memberlist.queue.broadcasts");
        assertThat(m.counters.get("memberlist.tcp.connect")).isPositive();
        assertThat(m.timers).contains("memberlist.pushPullNode");
    }
}
