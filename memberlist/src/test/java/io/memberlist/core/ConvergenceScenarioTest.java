package io.memberlist.core;

import io.memberlist.Endpoint;
import static io.memberlist.core.Shuttle.MS;
import static io.memberlist.core.Shuttle.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
        Shuttle s = new Shuttle(seed);
        for (int i = 0; i < N; i++) {
            s.add(Shuttle.lan("n" + i).syncAfterGossipWave(boost).build());
        }
        s.startAll();
        Endpoint seedEp = s.node("n0").endpoint;
        for (int i = 1; i < N; i++) {
            s.node("n" + i).engine.join(s.now, List.of(seedEp), (k, e) -> { });
        }
        long start = s.now;
        boolean ok = s.runUntil(() -> s.converged(N), 120 * SEC);
        long converge = ok ? s.now - start : -1;
        long bytes = 0;
        for (Shuttle.Sent x : s.sent) {
            bytes += x.payload().length;
        }
        long packets = s.sent.size();
        s.node("n5").engine.leave(s.now, 5 * SEC, () -> { });
        long leaveStart = s.now;
        boolean left = s.runUntil(() -> {
            for (Shuttle.Node n : s.nodes.values()) {
                if (!n.name.equals("n5") && n.engine.numMembers() != N - 1) {
                    return false;
                }
            }
            return true;
        }, 60 * SEC);
        long leave = left ? s.now - leaveStart : -1;
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
