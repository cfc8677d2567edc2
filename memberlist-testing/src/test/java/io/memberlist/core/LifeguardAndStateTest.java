package io.memberlist.core;

import io.memberlist.Endpoint;
import static io.memberlist.core.SimRecorder.SEC;
import static io.memberlist.core.SimRecorder.inject;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Delegate;
import io.memberlist.Endpoint;
import io.memberlist.MemberState;
import io.memberlist.Metrics;
import io.memberlist.codec.AckResp;
import io.memberlist.codec.CodecException;
import io.memberlist.codec.CodecOptions;
import io.memberlist.codec.Message;
import io.memberlist.codec.Messages;
import io.memberlist.codec.Ping;
import io.memberlist.codec.PushNodeState;
import io.memberlist.codec.PushPull;
import io.memberlist.codec.StreamCodec;
import io.memberlist.codec.Suspect;
import io.memberlist.testing.RawHost;
import io.memberlist.testing.SimNode;
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

    private static SimRecorder cluster(long seed, int n, Recording metrics) {
        SimRecorder s = SimRecorder.lan(seed);
        for (int i = 0; i < n; i++) {
            s.add("n" + i, Config.lan().metrics(metrics).disableTcpPings(true));
        }
        s.joinAll("n0");
        assertThat(s.runUntil(s::converged, 10 * SEC)).isTrue();
        return s;
    }

    /** Sends {@code request} on a new stream from a raw host to {@code to}; returns the stream. */
    private static RawHost.RawStream exchange(SimRecorder s, SimNode to, Message request) {
        RawHost raw = s.sim.addRawHost("raw" + s.sim.nodes().size());
        RawHost.RawStream st = raw.connect(to);
        st.write(Messages.encodeStream(request));
        s.runFor(SEC);
        return st;
    }

    /** The reply, with its stream framing (here: compression) undone. */
    private static Message reply(RawHost.RawStream st) throws CodecException {
        byte[] b = st.received();
        StreamCodec.Message framed = (StreamCodec.Message) new StreamCodec(CodecOptions.defaults())
                .tryDecode(b, 0, b.length, false);
        byte[] plain = framed.message();
        return Messages.decodeStream(plain, 0, plain.length).message();
    }

    @Test
    void independentConfirmationsShortenTheSuspicion() {
        // N = 6 >= 4: k = 2, min = 4 s, max = 24 s. Confirmed by two other members, the suspect
        // dies after min (4 s) instead of 24 s.
        Recording m = new Recording();
        SimRecorder s = cluster(41, 6, m);
        s.runFor(SEC);
        s.sim.crash(s.node("n5"));
        long crashed = s.now();
        assertThat(s.runUntil(() -> s.node("n0").engine().numMembers() == 5, 40 * SEC)).isTrue();
        assertThat(s.now() - crashed).isLessThan(15 * SEC);
        assertThat(m.counters).containsKeys("memberlist.msg.suspect", "memberlist.msg.dead",
                "memberlist.msg.alive");
    }

    @Test
    void loneAccusationTakesTheMaximumAndCountsDegradedTimeout() {
        Recording m = new Recording();
        SimRecorder s = cluster(42, 6, m);
        SimNode a = s.node("n0");
        // An accusation nobody confirms: only n0 hears it. Every datagram carrying a suspect is
        // dropped at its sender (whole: the few gossip packets or acks that piggyback a suspect
        // are lost with it).
        s.drop = x -> x.leaves().stream().anyMatch(l -> l instanceof Suspect);
        long inc = s.node("n5").localMember().incarnation();
        s.sim.crash(s.node("n5"));
        inject(a, s.node("n1").endpoint(), Messages.encode(new Suspect(inc, "n5", "n1")));
        long start = s.now();
        assertThat(a.members()).filteredOn(x -> x.name().equals("n5")).singleElement()
                .satisfies(x -> assertThat(x.state()).isEqualTo(MemberState.SUSPECT));
        // n0's own failed probes of n5 do not confirm (n0 is not n1)... they do: n0 confirms
        // with From = n0, one confirmation: timeout(1) = 11.381 s.
        assertThat(s.runUntil(() -> a.engine().numMembers() == 5, 30 * SEC)).isTrue();
        assertThat(s.now() - start).isBetween(11 * SEC, 25 * SEC);
        assertThat(m.counters.get("memberlist.degraded.timeout")).isPositive();
    }

    @Test
    void tcpPingIsAnsweredOnlyForOurName() throws CodecException {
        SimRecorder s = SimRecorder.lan(43);
        SimNode a = s.add("a");
        RawHost.RawStream ours = exchange(s, a, new Ping(9, "a", null, 0, ""));
        assertThat(reply(ours)).isEqualTo(new AckResp(9, null));
        RawHost.RawStream other = exchange(s, a, new Ping(9, "other", null, 0, ""));
        assertThat(other.received()).isEmpty();
        assertThat(other.ended()).isTrue();
    }

    @Test
    void pushPullExchangesUserStateAndReplyIsComputedBeforeMerge() throws CodecException {
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
        SimRecorder s = SimRecorder.lan(44);
        SimNode a = s.add("a", Config.lan().delegate(d));
        RawHost.RawStream st = exchange(s, a, new PushPull(true, List.of(new PushNodeState("b",
                new byte[] {10, 0, 0, 9}, 7946, null, 1, 0,
                new byte[] {1, 5, 2, 0, 0, 0})), "theirs".getBytes()));
        PushPull reply = (PushPull) reply(st);
        assertThat(reply.join()).isTrue();
        assertThat(reply.states()).extracting(x -> x.name()).containsExactly("a");
        assertThat(new String(reply.userState())).isEqualTo("state-true");
        assertThat(merged).containsExactly("theirs");
        assertThat(a.engine().numMembers()).isEqualTo(2);
    }

    @Test
    void failedProbesRaiseHealthAndStretchTheProbeInterval() {
        Recording m = new Recording();
        SimRecorder s = SimRecorder.lan(45);
        for (String n : List.of("a", "b", "c")) {
            s.add(n, Config.lan().metrics(m).disableTcpPings(true));
        }
        s.joinAll("a");
        assertThat(s.runUntil(s::converged, 5 * SEC)).isTrue();
        // a hears nothing at all: every probe fails and no nacks arrive.
        s.sim.cutPackets(s.node("b"), s.node("a"));
        s.sim.cutPackets(s.node("c"), s.node("a"));
        assertThat(s.runUntil(() -> s.node("a").engine().healthScore() >= 2, 20 * SEC)).isTrue();
        assertThat(m.counters.get("memberlist.degraded.probe")).isPositive();
        assertThat(m.gauges).containsKey("memberlist.health.score");
        assertThat(m.timers).contains("memberlist.probeNode");
    }

    @Test
    void nodeInstancesGaugeAndQueueSample() {
        Recording m = new Recording();
        SimRecorder s = cluster(46, 3, m);
        s.runFor(40 * SEC);
        assertThat(m.gauges).containsKey("memberlist.node.instances{node_state=alive}");
        assertThat(m.gauges).containsKey("memberlist.queue.broadcasts");
        assertThat(m.counters.get("memberlist.tcp.connect")).isPositive();
        assertThat(m.timers).contains("memberlist.pushPullNode");
    }
}
