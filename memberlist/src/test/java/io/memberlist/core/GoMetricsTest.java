package io.memberlist.core;

import io.memberlist.Endpoint;
import static io.memberlist.core.Shuttle.MS;
import static io.memberlist.core.Shuttle.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.MemberState;
import io.memberlist.RecordingMetrics;
import io.memberlist.codec.Messages;
import io.memberlist.codec.PushNodeState;
import io.memberlist.codec.PushPull;
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

    private static Config.Builder measured(String name, RecordingMetrics m) {
        return Shuttle.lan(name).metrics(m).pushPullInterval(Duration.ZERO);
    }

    @Test
    void gossipIsTimedOncePerRoundEvenWithNothingToSay() {
        RecordingMetrics m = new RecordingMetrics();
        Shuttle s = new Shuttle(51);
        s.add(measured("a", m).build());
        s.startAll();
        s.runFor(SEC);
        m.clear();
        s.runFor(10 * SEC); // the LAN preset gossips every 200 ms
        assertThat(m.count("memberlist.gossip")).isEqualTo(50);
    }

    @Test
    void noGossipRoundsNoGossipMetric() {
        RecordingMetrics m = new RecordingMetrics();
        Shuttle s = new Shuttle(52);
        s.add(measured("a", m).gossipInterval(Duration.ZERO).build());
        s.startAll();
        s.runFor(10 * SEC);
        assertThat(m.count("memberlist.gossip")).isZero();
    }

    @Test
    void pushPullCountsAsGoDoes() {
        RecordingMetrics ma = new RecordingMetrics();
        RecordingMetrics mb = new RecordingMetrics();
        Shuttle s = new Shuttle(53);
        Shuttle.Node a = s.add(measured("a", ma).build());
        Shuttle.Node b = s.add(measured("b", mb).build());
        s.startAll();

        b.engine.join(s.now, List.of(a.endpoint), (n, e) -> { });
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
                        new PushNodeState("a", a.endpoint.ip(), 7946, null, 1,
                                MemberState.ALIVE.code(), Config.lan().name("a").build().vsn())),
                        null))));

        // A refused connection: timed like Go, but no connection to count.
        Endpoint nobody = new Endpoint(new byte[] {10, 9, 9, 9}, 7946);
        b.engine.join(s.now, List.of(nobody), (n, e) -> { });
        s.runFor(100 * MS);
        assertThat(mb.count("memberlist.tcp.connect")).isEqualTo(1);
        assertThat(mb.count("memberlist.pushPullNode")).isEqualTo(2);
        assertThat(mb.count("memberlist.size.local")).isEqualTo(2);
    }

    @Test
    void aPushPullRefusedForWantOfANameIsTimedToo() {
        RecordingMetrics m = new RecordingMetrics();
        Shuttle s = new Shuttle(54);
        Shuttle.Node a = s.add("a");
        Shuttle.Node b = s.add(measured("b", m).requireNodeNames(true).build());
        s.startAll();
        b.engine.join(s.now, Map.of(a.endpoint, ""), (n, e) -> { });
        s.runFor(100 * MS);
        assertThat(m.count("memberlist.pushPullNode")).isEqualTo(1);
        assertThat(m.count("memberlist.tcp.connect")).isZero();
    }
}
