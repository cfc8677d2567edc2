package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.testing.MembershipInvariants;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 3: one member in 50 loses 80% of its packets both ways (a gray failure). With
 * our defaults ({@code flappingSuspicionMult}, {@code checkAccusations}, and since then
 * {@code selfFenceRefutations}, under which it leaves on its own: {@code SelfFenceScenarioTest})
 * its membership (live or dead) changes at most once in 5 minutes in any other member's view,
 * every view agrees at the end, and no healthy member is declared dead by a healthy one. With
 * Go's settings the gray member's accusations take healthy members down (BENCHMARKS.md,
 * "Failure-detection policies", has the figures over seeds and the flipping variant).
 */
class GrayFailureScenarioTest {
    static final int N = 50;

    private record Run(int maxChanges, boolean agreeAtEnd, long healthyDeaths) {}

    private static Run run(Supplier<Config.Builder> cfg, long seed) {
        SimNetwork sim = SimNetwork.builder().seed(seed).realFraming(false).build();
        Cluster c = Cluster.of(sim, 64).add(N, "n", cfg).joinAllToSeed();
        c.converge(Duration.ofSeconds(30));
        sim.runFor(Duration.ofSeconds(30));
        SimNode gray = c.nodes.get(N - 1);
        sim.setNodeLoss(gray, 0.8);
        boolean[] live = new boolean[N - 1];
        int[] changes = new int[N - 1];
        java.util.Arrays.fill(live, true);
        for (int step = 0; step < 5 * 60 * 5; step++) {
            sim.runFor(Duration.ofMillis(200));
            for (int i = 0; i < N - 1; i++) {
                Member m = sim.viewOf(c.nodes.get(i), gray.name());
                boolean now = m != null && m.state() != MemberState.DEAD && m.state() != MemberState.LEFT;
                if (now != live[i]) {
                    changes[i]++;
                    live[i] = now;
                }
            }
        }
        int max = 0;
        int liveCount = 0;
        for (int i = 0; i < N - 1; i++) {
            max = Math.max(max, changes[i]);
            liveCount += live[i] ? 1 : 0;
        }
        long healthyDeaths = 0;
        for (MembershipInvariants.Death d : c.invariants.deaths()) {
            if (!d.subject().equals(gray.name()) && !d.observer().equals(gray.name())) {
                healthyDeaths++;
            }
        }
        return new Run(max, liveCount == 0 || liveCount == N - 1, healthyDeaths);
    }

    @Test
    void ourDefaultsGiveAStableAgreedOutcome() {
        Run r = run(Config::lan, 2);
        assertThat(r.maxChanges()).as("membership changes of the gray member in one view").isLessThanOrEqualTo(1);
        assertThat(r.agreeAtEnd()).isTrue();
        assertThat(r.healthyDeaths()).as("healthy members declared dead by healthy ones").isZero();
    }

    @Test
    void withGoSettingsTheGrayMemberTakesHealthyOnesDown() {
        Run r = run(() -> Config.lan().goCompatible(), 2);
        assertThat(r.healthyDeaths()).isPositive();
    }
}
