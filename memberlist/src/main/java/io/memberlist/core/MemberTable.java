package io.memberlist.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Every member this node knows, itself included: a list in random order (the probe order) and a
 * map by name. The list size is N, the cluster size estimate used by every formula; it includes
 * dead and left entries until they are reaped (PROTOCOL.md §9.1, §9.7).
 */
final class MemberTable {
    private final List<NodeState> nodes = new ArrayList<>();
    private final Map<String, NodeState> byName = new HashMap<>();
    private final RandomGenerator random;
    private int probeIndex;

    MemberTable(RandomGenerator random) {
        this.random = random;
    }

    NodeState get(String name) {
        return byName.get(name);
    }

    int size() {
        return nodes.size();
    }

    List<NodeState> all() {
        return nodes;
    }

    /** Inserts at a uniformly random position: append, then swap with a random earlier entry. */
    void add(NodeState node) {
        int n = nodes.size();
        nodes.add(node);
        if (n > 0) {
            int offset = random.nextInt(n);
            nodes.set(n, nodes.get(offset));
            nodes.set(offset, node);
        }
        byName.put(node.name, node);
    }

    /**
     * Removes dead and left entries whose state changed more than {@code gossipToTheDead} ago,
     * then shuffles the list (Fisher-Yates). Run when the probe cursor wraps.
     */
    void reapAndShuffle(long now, long gossipToTheDeadNanos) {
        Iterator<NodeState> it = nodes.iterator();
        while (it.hasNext()) {
            NodeState n = it.next();
            if (n.isDeadOrLeft() && now - n.stateChange > gossipToTheDeadNanos) {
                it.remove();
                byName.remove(n.name);
            }
        }
        for (int i = nodes.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            NodeState t = nodes.get(i);
            nodes.set(i, nodes.get(j));
            nodes.set(j, t);
        }
    }

    /**
     * The next member to probe: walks the cursor, skipping {@code self} and dead/left entries;
     * at the end of the list reaps and reshuffles. Null when a whole pass finds nothing.
     */
    NodeState nextProbeTarget(String self, long now, long gossipToTheDeadNanos) {
        int checked = 0;
        while (true) {
            if (checked >= nodes.size()) {
                return null;
            }
            if (probeIndex >= nodes.size()) {
                reapAndShuffle(now, gossipToTheDeadNanos);
                probeIndex = 0;
                checked++;
                continue;
            }
            NodeState node = nodes.get(probeIndex++);
            if (node.name.equals(self) || node.isDeadOrLeft()) {
                checked++;
                continue;
            }
            return node;
        }
    }

    /**
     * Up to {@code k} distinct members for which {@code eligible} holds, chosen uniformly at
     * random (a partial Fisher-Yates over the indices: never misses an eligible member, unlike
     * bounded random picks).
     */
    List<NodeState> randomNodes(int k, Predicate<NodeState> eligible) {
        int n = nodes.size();
        List<NodeState> out = new ArrayList<>(Math.min(k, n));
        if (k <= 0 || n == 0) {
            return out;
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < n && out.size() < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            NodeState node = nodes.get(idx[i]);
            if (eligible.test(node)) {
                out.add(node);
            }
        }
        return out;
    }
}
