package io.memberlist.scenario;

import io.memberlist.Config;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.testing.MembershipInvariants;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Scenario scaffolding: a simulated cluster of named nodes with invariants installed. */
final class Cluster {
    final SimNetwork sim;
    final List<SimNode> nodes = new ArrayList<>();
    final MembershipInvariants invariants;

    private Cluster(SimNetwork sim, int checkEvery) {
        this.sim = sim;
        this.invariants = MembershipInvariants.install(sim, checkEvery);
    }

    static Cluster of(SimNetwork sim) {
        return new Cluster(sim, 1);
    }

    static Cluster of(SimNetwork sim, int checkEvery) {
        return new Cluster(sim, checkEvery);
    }

    /** Adds {@code n} nodes named {@code prefix0..prefix(n-1)}, each with a fresh builder. */
    Cluster add(int n, String prefix, Supplier<Config.Builder> cfg) {
        for (int i = 0; i < n; i++) {
            nodes.add(sim.addNode(prefix + i, cfg.get()));
        }
        return this;
    }

    SimNode seed() {
        return nodes.get(0);
    }

    /** Everyone joins through the first node, at the same instant. */
    Cluster joinAllToSeed() {
        sim.joinAll(seed());
        return this;
    }

    /** Runs until every live node sees exactly the live nodes alive; returns the time it took. */
    Duration converge(Duration max) {
        long start = sim.nowNanos();
        boolean ok = sim.runUntil(SimNetwork::converged, max, Duration.ofMillis(10));
        if (!ok) {
            throw new AssertionError("no convergence within " + max + " (seed " + sim.seed() + "): "
                    + describeViews());
        }
        return Duration.ofNanos(sim.nowNanos() - start);
    }

    String describeViews() {
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (SimNode n : sim.liveNodes()) {
            long alive = 0;
            long suspect = 0;
            long dead = 0;
            for (Member m : n.members()) {
                if (m.state() == MemberState.ALIVE) {
                    alive++;
                } else if (m.state() == MemberState.SUSPECT) {
                    suspect++;
                } else {
                    dead++;
                }
            }
            if (shown++ < 8) {
                b.append("\n  ").append(n.name()).append(": alive=").append(alive).append(" suspect=")
                        .append(suspect).append(" dead/left=").append(dead);
            }
        }
        return b.toString();
    }

    /** How many live nodes other than {@code subject} see it in {@code state}. */
    long countSeeing(SimNode subject, MemberState state) {
        long c = 0;
        for (SimNode n : sim.liveNodes()) {
            if (n == subject) {
                continue;
            }
            Member m = sim.viewOf(n, subject.name());
            if (m != null && m.state() == state) {
                c++;
            }
        }
        return c;
    }

    static double log10(double x) {
        return Math.log10(x);
    }
}
