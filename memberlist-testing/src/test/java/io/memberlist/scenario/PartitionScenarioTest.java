package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionScenarioTest {
    /**
     * Two halves of 10 are cut apart until each half has declared the other dead, then healed.
     * Go memberlist never probes or push/pulls dead members, so after heal the halves only find
     * each other again through a join across the former cut (what Serf's reconnect or an
     * operator does); the push/pull of that join carries each side's view of the other as
     * "dead", every node learns it is believed dead and refutes, and one membership results.
     * Reconnecting is off here so that the join alone does it ({@link PartitionHealScenarioTest}
     * covers healing without a join).
     */
    @Test
    void partitionedHalvesDeclareEachOtherDeadAndMergeAfterHealAndRejoin() {
        int n = 20;
        SimNetwork sim = SimNetwork.builder().seed(2).build();
        Cluster c = Cluster.of(sim).add(n, "n", () -> Config.lan().reconnectInterval(Duration.ZERO))
                .joinAllToSeed();
        c.converge(Duration.ofSeconds(10));
        List<SimNode> a = c.nodes.subList(0, n / 2);
        List<SimNode> b = c.nodes.subList(n / 2, n);
        sim.partition(a, b);

        Duration bound = Formulas.suspicionMax(4, 6, n, Duration.ofSeconds(1)).plus(Duration.ofSeconds(30));
        Set<String> pairs = new HashSet<>();
        boolean split = sim.runUntil(s -> {
            pairs.clear();
            c.invariants.deaths().forEach(d -> pairs.add(d.observer() + ">" + d.subject()));
            return pairs.size() == 2 * (n / 2) * (n / 2);
        }, bound, Duration.ofMillis(50));
        assertThat(split).as("each half declared every node of the other dead; %d pairs", pairs.size()).isTrue();
        assertThat(c.invariants.deaths()).allMatch(d -> sameHalf(a, d.observer()) != sameHalf(a, d.subject()));

        sim.heal();
        sim.join(a.get(0), b.get(0));
        long t0 = sim.nowNanos();
        Duration took = c.converge(Duration.ofSeconds(30));
        System.out.printf("partition: merged %d ms after heal + rejoin%n", took.toMillis());
        assertThat(sim.nowNanos() - t0).isLessThanOrEqualTo(Duration.ofSeconds(30).toNanos());
    }

    private static boolean sameHalf(List<SimNode> a, String name) {
        return a.stream().anyMatch(x -> x.name().equals(name));
    }
}
