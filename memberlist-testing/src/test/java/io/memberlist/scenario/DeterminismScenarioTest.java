package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.testing.SimNetwork;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeterminismScenarioTest {
    @Test
    void sameSeedSameRunDifferentSeedDifferentRun() {
        long a = run(1234);
        long b = run(1234);
        long other = run(1235);
        System.out.printf("determinism: %016x %016x %016x%n", a, b, other);
        assertThat(a).isEqualTo(b);
        assertThat(other).isNotEqualTo(a);
    }

    private static long run(long seed) {
        SimNetwork sim = SimNetwork.builder().seed(seed).loss(0.05).duplication(0.01)
                .reordering(0.1, Duration.ofMillis(5)).build();
        Cluster c = Cluster.of(sim, 5).add(16, "n", Config::lan).joinAllToSeed();
        sim.runFor(Duration.ofSeconds(5));
        sim.crash(c.nodes.get(3));
        sim.pause(c.nodes.get(5), Duration.ofSeconds(2));
        sim.runFor(Duration.ofSeconds(20));
        sim.restart(c.nodes.get(3));
        sim.join(c.nodes.get(3), c.nodes.get(0));
        sim.runFor(Duration.ofSeconds(10));
        return sim.traceHash();
    }
}
