package io.memberlist.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.MemberState;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewWatchTest {

    @Test
    void maxInWindowCountsTheBusiestWindowFromAGivenTime() {
        List<Long> t = List.of(0L, 1L, 2L, 10L, 11L, 30L);
        assertThat(ViewWatch.maxInWindow(t, 5, Long.MIN_VALUE)).isEqualTo(3);
        assertThat(ViewWatch.maxInWindow(t, 5, 3)).isEqualTo(2);
        assertThat(ViewWatch.maxInWindow(t, 100, Long.MIN_VALUE)).isEqualTo(6);
        assertThat(ViewWatch.maxInWindow(List.of(), 5, Long.MIN_VALUE)).isZero();
    }

    /** Four members; one crashes: each of the three views changes once, alive to dead, and they end agreed. */
    @Test
    void aCrashIsOneChangePerViewAndTheViewsEndAgreed() {
        SimNetwork sim = SimNetwork.builder().seed(3).realFraming(false).build();
        List<SimNode> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(sim.addNode("n" + i, Config.local()));
        }
        sim.joinAll(nodes.get(0));
        assertThat(sim.runUntil(SimNetwork::converged, Duration.ofSeconds(20))).isTrue();
        SimNode gone = nodes.get(3);
        sim.crash(gone);

        ViewWatch<MemberState> w = ViewWatch.watch(sim, nodes.subList(0, 3), gone.name(), Duration.ofMillis(100),
                sim.nowNanos() + Duration.ofSeconds(60).toNanos(),
                m -> m == null ? MemberState.DEAD : m.state() == MemberState.SUSPECT ? MemberState.ALIVE : m.state(),
                st -> st != MemberState.DEAD);

        assertThat(w.observers()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(w.times(i, (from, to) -> from == MemberState.ALIVE && to == MemberState.DEAD)).hasSize(1);
        }
        assertThat(w.changes()).hasSize(3);
        assertThat(w.liveAtEnd()).isZero();
        assertThat(w.outcome("alive", "dead")).isEqualTo("dead everywhere");
        // the views disagree only between the first and the last to declare it dead
        assertThat(w.agreement()).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
    }
}
