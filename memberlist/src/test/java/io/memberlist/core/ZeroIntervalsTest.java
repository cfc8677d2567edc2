package io.memberlist.core;

import static io.memberlist.core.Shuttle.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.codec.Ping;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 9: as in Go, a zero probe interval turns probing off and a zero gossip interval
 * turns gossip off; the rest of the protocol keeps working (joins by push/pull).
 */
class ZeroIntervalsTest {

    private static Shuttle pair(long seed, Duration probe, Duration gossip) {
        Shuttle s = new Shuttle(seed);
        s.add(Shuttle.lan("a").probeInterval(probe).gossipInterval(gossip).selfAnnounceFanout(0).build());
        s.add(Shuttle.lan("b").probeInterval(probe).gossipInterval(gossip).selfAnnounceFanout(0).build());
        s.startAll();
        s.node("b").engine.join(s.now, List.of(s.node("a").endpoint), (n, e) -> { });
        assertThat(s.runUntil(() -> s.converged(2), 5 * SEC)).isTrue();
        return s;
    }

    private static long pings(Shuttle s) {
        return s.sentMessages().stream().filter(e -> e.getValue() instanceof Ping).count();
    }

    @Test
    void zeroProbeIntervalSendsNoProbes() {
        Shuttle s = pair(61, Duration.ZERO, Duration.ofMillis(200));
        s.runFor(30 * SEC);
        assertThat(pings(s)).isZero();
        assertThat(s.converged(2)).isTrue();
    }

    @Test
    void zeroGossipIntervalLeavesBroadcastsToProbes() {
        Shuttle s = pair(62, Duration.ofSeconds(1), Duration.ZERO);
        s.sent.clear();
        // A broadcast to spread, with no direct announcement: only probes can carry it now.
        s.node("b").engine.updateMeta(s.now, 0, () -> { });
        s.runFor(30 * SEC);
        // Every packet is a ping or its ack (the broadcast rides on them), never a gossip round.
        assertThat(pings(s)).isGreaterThan(0);
        assertThat(s.sent).hasSizeLessThanOrEqualTo(2 * (int) pings(s) + 2);
        assertThat(s.node("a").engine.members()).anySatisfy(m ->
                assertThat(m.incarnation()).isEqualTo(2));
    }
}
