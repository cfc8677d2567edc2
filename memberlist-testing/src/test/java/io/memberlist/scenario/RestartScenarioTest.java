package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartScenarioTest {
    @Test
    void crashedNodeRestartsWithSameNameAndAddressAndIsAliveEverywhere() {
        restartScenario(0);
    }

    /** The cluster saw incarnation 5 before the crash; the new engine starts at 1 and must refute upwards. */
    @Test
    void restartAtLowerIncarnationThanTheClusterSaw() {
        restartScenario(4);
    }

    private static void restartScenario(int metaUpdatesBeforeCrash) {
        int n = 10;
        SimNetwork sim = SimNetwork.builder().seed(77 + metaUpdatesBeforeCrash).build();
        Cluster c = Cluster.of(sim).add(n, "n", Config::lan).joinAllToSeed();
        c.converge(Duration.ofSeconds(10));
        SimNode x = c.nodes.get(4);
        for (int i = 0; i < metaUpdatesBeforeCrash; i++) {
            sim.updateMeta(x, Duration.ofSeconds(1));
            sim.runFor(Duration.ofSeconds(2));
        }
        long before = x.localMember().incarnation();
        assertThat(before).isEqualTo(1 + metaUpdatesBeforeCrash);
        c.converge(Duration.ofSeconds(10));
        assertThat(sim.viewOf(c.nodes.get(0), x.name()).incarnation()).isEqualTo(before);

        sim.crash(x);
        boolean dead = sim.runUntil(s -> c.invariants.deathsOf(x.name()).stream()
                .map(d -> d.observer()).distinct().count() == n - 1, Duration.ofSeconds(60), Duration.ofMillis(10));
        assertThat(dead).isTrue();

        sim.restart(x);
        assertThat(x.localMember().incarnation()).isEqualTo(1);
        assertThat(x.endpoint()).isEqualTo(c.nodes.get(4).endpoint());
        sim.join(x, c.nodes.get(0));
        Duration took = c.converge(Duration.ofSeconds(30));
        System.out.printf("restart (inc before crash %d): alive everywhere %d ms after rejoin, now inc %d%n",
                before, took.toMillis(), x.localMember().incarnation());
        assertThat(x.localMember().incarnation()).isGreaterThan(before);
        for (SimNode o : c.nodes) {
            if (o != x) {
                Member m = sim.viewOf(o, x.name());
                assertThat(m.state()).isEqualTo(MemberState.ALIVE);
                assertThat(m.endpoint()).isEqualTo(x.endpoint());
            }
        }
    }
}
