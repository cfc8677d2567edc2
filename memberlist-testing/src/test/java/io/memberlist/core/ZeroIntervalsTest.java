package io.memberlist.core;

import static io.memberlist.core.SimRecorder.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.codec.Ping;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 9: as in Go, a zero probe interval turns probing off and a zero gossip interval
 * turns gossip off; the rest of the protocol keeps working (joins by push/pull).
 */
class ZeroIntervalsTest {

    private static SimRecorder pair(long seed, Duration probe, Duration gossip) {
        SimRecorder s = SimRecorder.lan(seed);
        s.add("a", Config.lan().probeInterval(probe).gossipInterval(gossip).selfAnnounceFanout(0));
        s.add("b", Config.lan().probeInterval(probe).gossipInterval(gossip).selfAnnounceFanout(0));
        s.joinAll("a");
        assertThat(s.runUntil(s::converged, 5 * SEC)).isTrue();
        return s;
    }

    private static long pings(SimRecorder s) {
        return s.sent.stream().flatMap(x -> x.leaves().stream()).filter(m -> m instanceof Ping).count();
    }

    @Test
    void zeroProbeIntervalSendsNoProbes() {
        SimRecorder s = pair(61, Duration.ZERO, Duration.ofMillis(200));
        s.runFor(30 * SEC);
        assertThat(pings(s)).isZero();
        assertThat(s.converged()).isTrue();
    }

    @Test
    void zeroGossipIntervalLeavesBroadcastsToProbes() {
        SimRecorder s = pair(62, Duration.ofSeconds(1), Duration.ZERO);
        s.sent.clear();
        long updated = s.node("b").localMember().incarnation() + 1;
        // A broadcast to spread, with no direct announcement: only probes can carry it now.
        s.node("b").act((e, t) -> {
            e.updateMeta(t, 0, () -> { });
            return null;
        });
        s.runFor(30 * SEC);
        // Every packet is a ping or its ack (the broadcast rides on them), never a gossip round.
        assertThat(pings(s)).isGreaterThan(0);
        assertThat(s.sent).hasSizeLessThanOrEqualTo(2 * (int) pings(s) + 2);
        assertThat(s.node("a").members()).anySatisfy(m ->
                assertThat(m.incarnation()).isEqualTo(updated));
    }
}
