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

/**
 * Issue 9, partition row: two halves cut apart for 30 s declare each other dead; after the heal,
 * with reconnecting on (the default) they merge by themselves within two reconnect intervals;
 * with it off they stay split, as Go memberlist does (its issue #222).
 */
class PartitionHealScenarioTest {
    static final int N = 10;
    static final Duration RECONNECT = Config.DEFAULT_RECONNECT_INTERVAL;

    @Test
    void healedPartitionMergesByItselfWithinTwoReconnectIntervals() {
        for (long seed = 1; seed <= 20; seed++) {
            SimNetwork sim = SimNetwork.builder().seed(seed).build();
            Cluster c = partitionedFor30s(sim, Config::lan);
            sim.heal();
            long t0 = sim.nowNanos();
            Duration took = c.converge(RECONNECT.multipliedBy(2));
            System.out.printf("partition heal (seed %d): merged %d ms after heal (reconnect interval %d s)%n",
                    seed, took.toMillis(), RECONNECT.toSeconds());
            assertThat(sim.nowNanos() - t0).isLessThanOrEqualTo(RECONNECT.multipliedBy(2).toNanos());
        }
    }

    @Test
    void withReconnectOffTheHalvesStaySplitAsInGo() {
        SimNetwork sim = SimNetwork.builder().seed(3).build();
        partitionedFor30s(sim, () -> Config.lan().reconnectInterval(Duration.ZERO));
        sim.heal();
        boolean merged = sim.runUntil(SimNetwork::converged, Duration.ofMinutes(5), Duration.ofMillis(100));
        assertThat(merged).as("merged without reconnecting").isFalse();
    }

    /** A converged cluster of {@link #N}, cut in halves for 30 s (longer if needed until each half has declared the other dead). */
    private static Cluster partitionedFor30s(SimNetwork sim, java.util.function.Supplier<Config.Builder> cfg) {
        Cluster c = Cluster.of(sim, 10).add(N, "n", cfg).joinAllToSeed();
        c.converge(Duration.ofSeconds(10));
        List<SimNode> a = c.nodes.subList(0, N / 2);
        List<SimNode> b = c.nodes.subList(N / 2, N);
        sim.partition(a, b);
        sim.runFor(Duration.ofSeconds(30));
        Set<String> pairs = new HashSet<>();
        boolean split = sim.runUntil(s -> {
            pairs.clear();
            c.invariants.deaths().forEach(d -> pairs.add(d.observer() + ">" + d.subject()));
            return pairs.size() == 2 * (N / 2) * (N / 2);
        }, Duration.ofSeconds(60), Duration.ofMillis(100));
        assertThat(split).as("each half declared every node of the other dead; %d pairs", pairs.size()).isTrue();
        return c;
    }
}
