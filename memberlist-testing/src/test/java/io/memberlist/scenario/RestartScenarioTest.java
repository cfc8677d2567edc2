package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RestartScenarioTest {
    /**
     * The new process starts at the clock ({@code initialIncarnationFromClock}), above the
     * incarnation the cluster holds dead: its join alone brings it back, with nothing to refute.
     */
    @Test
    void crashedNodeRestartsWithSameNameAndAddressAndIsAliveEverywhere() {
        long[] inc = restartScenario(0, Duration.ofSeconds(2), Config::lan);
        assertThat(inc[1]).as("started above the dead entry").isGreaterThan(inc[0]);
        assertThat(inc[2]).as("nothing to refute").isEqualTo(inc[1]);
    }

    /** Go's start: the cluster saw incarnation 5 before the crash; the new engine starts at 1 and must refute upwards. */
    @Test
    void restartAtLowerIncarnationThanTheClusterSaw() {
        long[] inc = restartScenario(4, Duration.ofSeconds(2), () -> Config.lan().initialIncarnationFromClock(false));
        assertThat(inc[0]).isEqualTo(5);
        assertThat(inc[1]).isEqualTo(1);
        assertThat(inc[2]).as("refuted").isGreaterThan(inc[0]);
    }

    /**
     * The limit of the clock's start: an old process that raised its incarnation more times than
     * seconds passed (30 metadata updates in 1.5 s, then a process crash, detected in a few
     * seconds) is still ahead of its successor, which then refutes upwards as in Go.
     */
    @Test
    void restartBelowAPredecessorThatRaisedFasterThanTheClockRefutesUpwards() {
        long[] inc = restartScenario(30, Duration.ofMillis(50), Config::lan);
        assertThat(inc[1]).as("started from the clock, below the dead entry").isLessThan(inc[0]);
        assertThat(inc[2]).as("refuted").isGreaterThan(inc[0]);
    }

    /**
     * Crashes a node after {@code metaUpdatesBeforeCrash} updates, restarts it at the same name and
     * address and joins it through a member that holds it dead; returns the incarnations: the old
     * process's last, the new one's first, and the new one's once alive everywhere.
     */
    private static long[] restartScenario(int metaUpdatesBeforeCrash, Duration spacing, Supplier<Config.Builder> cfg) {
        int n = 10;
        SimNetwork sim = SimNetwork.builder().seed(77 + metaUpdatesBeforeCrash).build();
        Cluster c = Cluster.of(sim).add(n, "n", cfg).joinAllToSeed();
        c.converge(Duration.ofSeconds(10));
        SimNode x = c.nodes.get(4);
        long started = x.localMember().incarnation();
        for (int i = 0; i < metaUpdatesBeforeCrash; i++) {
            sim.updateMeta(x, Duration.ofSeconds(1));
            sim.runFor(spacing);
        }
        long before = x.localMember().incarnation();
        assertThat(before).isEqualTo(started + metaUpdatesBeforeCrash);
        c.converge(Duration.ofSeconds(10));
        assertThat(sim.viewOf(c.nodes.get(0), x.name()).incarnation()).isEqualTo(before);

        sim.crashProcess(x);
        boolean dead = sim.runUntil(s -> c.invariants.deathsOf(x.name()).stream()
                .map(d -> d.observer()).distinct().count() == n - 1, Duration.ofSeconds(60), Duration.ofMillis(10));
        assertThat(dead).isTrue();

        sim.restart(x);
        long first = x.localMember().incarnation();
        assertThat(x.endpoint()).isEqualTo(c.nodes.get(4).endpoint());
        sim.join(x, c.nodes.get(0));
        Duration took = c.converge(Duration.ofSeconds(30));
        System.out.printf("restart (inc before crash %d, at restart %d): alive everywhere %d ms after rejoin, now inc %d%n",
                before, first, took.toMillis(), x.localMember().incarnation());
        for (SimNode o : c.nodes) {
            if (o != x) {
                Member m = sim.viewOf(o, x.name());
                assertThat(m.state()).isEqualTo(MemberState.ALIVE);
                assertThat(m.endpoint()).isEqualTo(x.endpoint());
                assertThat(m.incarnation()).isEqualTo(x.localMember().incarnation());
            }
        }
        return new long[] {before, first, x.localMember().incarnation()};
    }
}
