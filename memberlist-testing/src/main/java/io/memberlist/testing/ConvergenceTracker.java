package io.memberlist.testing;

import io.memberlist.core.MemberEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts, from join and leave events only, how many members each node knows alive, so "has every
 * node learned every other" is an O(1) question even for thousands of nodes. Install before the
 * nodes start (it counts each node's own join event too).
 */
public final class ConvergenceTracker {
    private final Map<SimNode, Integer> alive = new HashMap<>();
    private long knownPairs;
    private int complete;
    private final int expected;

    private ConvergenceTracker(int expected) {
        this.expected = expected;
    }

    /** Tracks towards every node knowing {@code expected} alive members (itself included). */
    public static ConvergenceTracker install(SimNetwork sim, int expected) {
        ConvergenceTracker t = new ConvergenceTracker(expected);
        sim.onEvent(t::onEvent);
        return t;
    }

    private void onEvent(SimNode node, MemberEvent e) {
        int delta;
        if (e instanceof MemberEvent.Joined) {
            delta = 1;
        } else if (e instanceof MemberEvent.Left) {
            delta = -1;
        } else {
            return;
        }
        int before = alive.getOrDefault(node, 0);
        int after = before + delta;
        alive.put(node, after);
        knownPairs += delta;
        if (before == expected) {
            complete--;
        }
        if (after == expected) {
            complete++;
        }
    }

    /** Nodes that know exactly {@code expected} alive members. */
    public int completeNodes() {
        return complete;
    }

    /** Fraction of (observer, subject) pairs known alive, over {@code expected²}. */
    public double pairKnowledge() {
        return (double) knownPairs / ((double) expected * expected);
    }

    public int aliveSeenBy(SimNode node) {
        return alive.getOrDefault(node, 0);
    }
}
