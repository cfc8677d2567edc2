package io.memberlist.core;

import static io.memberlist.core.SimRecorder.MS;
import static io.memberlist.core.SimRecorder.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.MemberState;
import io.memberlist.RecordingMetrics;
import io.memberlist.codec.Messages;
import io.memberlist.codec.PushNodeState;
import io.memberlist.codec.PushPull;
import io.memberlist.testing.RawHost;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 8: the engine's metrics where and as often as Go emits them, in exact counts:
 * {@code memberlist.gossip} once per gossip round, {@code memberlist.size.local} once per state
 * sent, {@code memberlist.tcp.connect} once per push/pull whose connection existed, and
 * {@code memberlist.pushPullNode} once per attempt, failed ones included.
 */
class GoMetricsTest {

    private static Config.Builder measured(RecordingMetrics m) {
        return Config.lan().metrics(m).pushPullInterval(Duration.ZERO);
    }

    private static void join(SimNode who, Map<io.memberlist.Endpoint, String> seeds) {
        who.act((e, t) -> {
            e.join(t, seeds, (n, errors) -> { });
            return null;
        });
    }

    @Test
    void gossipIsTimedOncePerRoundEvenWithNothingToSay() {
        RecordingMetrics m = new RecordingMetrics();
        SimRecorder s = SimRecorder.lan(51);
        s.add("a", measured(m));
        s.runFor(SEC);
        m.clear();
        s.runFor(10 * SEC); // the LAN preset gossips every 200 ms
        assertThat(m.count("memberlist.gossip")).isEqualTo(50);
    }

    @Test
    void noGossipRoundsNoGossipMetric() {
        RecordingMetrics m = new RecordingMetrics();
        SimRecorder s = SimRecorder.lan(52);
        s.add("a", measured(m).gossipInterval(Duration.ZERO));
        s.runFor(10 * SEC);
        assertThat(m.count("memberlist.gossip")).isZero();
    }

    @Test
    void pushPullCountsAsGoDoes() {
        RecordingMetrics ma = new RecordingMetrics();
        RecordingMetrics mb = new RecordingMetrics();
        SimRecorder s = SimRecorder.lan(53);
        SimNode a = s.add("a", measured(ma));
        SimNode b = s.add("b", measured(mb));

        join(b, Map.of(a.endpoint(), "a"));
        s.runFor(100 * MS);
        assertThat(mb.count("memberlist.tcp.connect")).isEqualTo(1);
        assertThat(mb.total("memberlist.tcp.connect")).isEqualTo(1);
        assertThat(mb.count("memberlist.pushPullNode")).isEqualTo(1);
        assertThat(ma.count("memberlist.tcp.connect")).isZero();
        assertThat(ma.count("memberlist.pushPullNode")).isZero();
        // Each side sent its state once: a's answer holds a alone (computed before merging).
        assertThat(mb.count("memberlist.size.local")).isEqualTo(1);
        assertThat(ma.of("memberlist.size.local")).singleElement().satisfies(r ->
                assertThat(r.value()).isEqualTo(Messages.encodedSize(new PushPull(true, List.of(
                        new PushNodeState("a", a.endpoint().ip(), 7946, null, a.localMember().incarnation(),
                                MemberState.ALIVE.code(), Config.lan().name("a").build().vsn())),
                        null))));

        // A refused connection (a raw host accepts none): timed like Go, but no connection to count.
        RawHost refuser = s.sim.addRawHost("refuser");
        join(b, Map.of(refuser.node().endpoint(), "refuser"));
        s.runFor(100 * MS);
        assertThat(mb.count("memberlist.tcp.connect")).isEqualTo(1);
        assertThat(mb.count("memberlist.pushPullNode")).isEqualTo(2);
        assertThat(mb.count("memberlist.size.local")).isEqualTo(2);
    }

    @Test
    void aPushPullRefusedForWantOfANameIsTimedToo() {
        RecordingMetrics m = new RecordingMetrics();
        SimRecorder s = SimRecorder.lan(54);
        SimNode a = s.add("a");
        SimNode b = s.add("b", measured(m).requireNodeNames(true));
        join(b, Map.of(a.endpoint(), ""));
        s.runFor(100 * MS);
        assertThat(m.count("memberlist.pushPullNode")).isEqualTo(1);
        assertThat(m.count("memberlist.tcp.connect")).isZero();
    }
}
