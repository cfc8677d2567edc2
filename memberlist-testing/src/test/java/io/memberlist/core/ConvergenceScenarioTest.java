package io.memberlist.core;

import static io.memberlist.core.SimRecorder.MS;
import static io.memberlist.core.SimRecorder.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The product goal in miniature, in virtual time: 64 nodes join one seed at once and must all see
 * each other; then one leaves and everyone must see it. Prints the numbers for comparison with
 * Go (the simulator branch runs the real benchmark); asserts generous bounds only.
 */
class ConvergenceScenarioTest {
    static final int N = 64;

    record Result(long convergeNanos, long leaveNanos, long bytes, long packets) {}

    static Result run(long seed, boolean boost) {
        SimNetwork sim = SimNetwork.builder().seed(seed).latency(Duration.ofMillis(1), Duration.ZERO).build();
        for (int i = 0; i < N; i++) {
            sim.addNode("n" + i, Config.lan().syncAfterGossipWave(boost));
        }
        sim.joinAll(sim.node("n0"));
        long start = sim.nowNanos();
        boolean ok = sim.runUntil(SimNetwork::converged, Duration.ofSeconds(120), Duration.ofMillis(10));
        long converge = ok ? sim.nowNanos() - start : -1;
        long bytes = sim.stats().bytesSent();
        long packets = sim.stats().packetsSent();
        sim.leave(sim.node("n5"), Duration.ofSeconds(5));
        long leaveStart = sim.nowNanos();
        boolean left = sim.runUntil(x -> {
            for (SimNode n : x.nodes()) {
                if (!n.name().equals("n5") && n.engine().numMembers() != N - 1) {
                    return false;
                }
            }
            return true;
        }, Duration.ofSeconds(60), Duration.ofMillis(10));
        long leave = left ? sim.nowNanos() - leaveStart : -1;
        return new Result(converge, leave, bytes, packets);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void sixtyFourNodesJoinOneSeed(long seed) {
        Result go = run(seed, false);
        System.out.printf("64-node join, Go timing, seed %d: converged in %d ms%n", seed,
                go.convergeNanos / MS);
        Result r = run(seed, true);
        System.out.printf("64-node join, seed %d: converged in %d ms, %d packets, %d bytes until"
                + " convergence; leave seen everywhere in %d ms%n", seed, r.convergeNanos / MS,
                r.packets, r.bytes, r.leaveNanos / MS);
        assertThat(r.convergeNanos).isPositive().isLessThan(5 * SEC);
        assertThat(r.leaveNanos).isPositive();
    }
}
