package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.MemberState;
import io.memberlist.testing.MembershipInvariants;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrashScenarioTest {
    /**
     * A crashed node is declared dead by every other node within the detection bound, and no other
     * node is ever declared dead.
     *
     * <p>Bound for N = 32, LAN (probe 1 s, suspicion mult 4, max mult 6): every node probes the
     * members of its shuffled list round robin, so the crashed one is probed by someone within
     * (N − 1) probe intervals at worst (in practice within ~1 s: 31 probers); the probe fails after
     * one probe interval (ack timeout, indirect probes); the suspicion then lasts between
     * min = 4 × log10(32) × 1 s = 6.02 s and max = 6 × min = 36.12 s (less with confirmations
     * from other probers); the dead message then spreads by gossip within a few rounds (&lt; 2 s).
     * Bound = 31 + 1 + 36.12 + 2 ≈ 70 s.
     */
    @Test
    void crashedNodeIsSeenDeadByAllAndNobodyElse() {
        int n = 32;
        SimNetwork sim = SimNetwork.builder().seed(32).build();
        Cluster c = Cluster.of(sim).add(n, "n", Config::lan).joinAllToSeed();
        c.converge(Duration.ofSeconds(10));
        SimNode victim = c.nodes.get(17);
        sim.crash(victim);
        long crashedAt = sim.nowNanos();

        Duration probe = Duration.ofSeconds(1);
        Duration bound = probe.multipliedBy(n - 1).plus(probe)
                .plus(Formulas.suspicionMax(4, 6, n, probe)).plus(Duration.ofSeconds(2));
        assertThat(bound.toMillis()).isEqualTo(70_120);
        Set<String> declaredBy = new HashSet<>();
        boolean all = sim.runUntil(s -> {
            declaredBy.clear();
            for (MembershipInvariants.Death d : c.invariants.deathsOf(victim.name())) {
                declaredBy.add(d.observer());
            }
            return declaredBy.size() == n - 1;
        }, bound, Duration.ofMillis(10));
        long took = sim.nowNanos() - crashedAt;
        System.out.printf("crash: dead everywhere after %d ms (bound %d ms); first declaration after %d ms%n",
                took / 1_000_000, bound.toMillis(),
                c.invariants.deathsOf(victim.name()).isEmpty() ? -1
                        : (c.invariants.deathsOf(victim.name()).get(0).atNanos() - crashedAt) / 1_000_000);
        assertThat(all).as("declared dead by %s", declaredBy).isTrue();
        // Not earlier than the suspicion minimum after the first missed probe.
        long first = c.invariants.deathsOf(victim.name()).get(0).atNanos() - crashedAt;
        assertThat(first).isGreaterThanOrEqualTo(Formulas.suspicionMin(4, n, probe).toNanos());

        sim.runFor(Duration.ofSeconds(60));
        assertThat(c.invariants.deaths()).allMatch(d -> d.subject().equals(victim.name()));
        assertThat(c.invariants.deaths()).allMatch(d -> d.state() == MemberState.DEAD);
        assertThat(sim.converged()).isTrue();
    }
}
