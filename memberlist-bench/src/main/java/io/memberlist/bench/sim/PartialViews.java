package io.memberlist.bench.sim;

import io.memberlist.AliveDelegate;
import io.memberlist.Member;
import io.memberlist.VetoException;
import io.memberlist.codec.Alive;
import io.memberlist.testing.SimNode;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fixed partial views for clusters too big for full ones. memberlist keeps a full view (every
 * member knows every other), so a 100,000-node cluster would hold 10^10 member entries; here
 * each node {@code i} is given {@code v} members drawn at random (its view) and refuses, through
 * its {@link AliveDelegate}, every alive about anyone outside that view and a few names allowed
 * everywhere (the rumor's subject). The protocol then runs unchanged on the views: probes, gossip
 * targets, push/pulls, retransmit limits (computed from the node's own table size, v + 1).
 *
 * <p>Node names must be {@code node-<index>}.
 */
final class PartialViews {
    /** One shared instance: the veto is control flow here, its stack trace never read. */
    private static final VetoException OUTSIDE = new VetoException("outside this node's partial view");

    private final int[][] views;
    private final int[] everywhere;

    /** Draws a view of {@code v} distinct other nodes for each of {@code n} nodes. */
    PartialViews(int n, int v, long seed, int... everywhere) {
        if (v >= n) {
            throw new IllegalArgumentException("view " + v + " must be smaller than the cluster (" + n + ")");
        }
        SplittableRandom r = new SplittableRandom(seed);
        views = new int[n][];
        for (int i = 0; i < n; i++) {
            int[] view = new int[v];
            int k = 0;
            while (k < v) {
                int j = r.nextInt(n);
                if (j == i || contains(view, k, j)) {
                    continue;
                }
                view[k++] = j;
            }
            Arrays.sort(view);
            views[i] = view;
        }
        this.everywhere = everywhere.clone();
    }

    private static boolean contains(int[] a, int len, int x) {
        for (int i = 0; i < len; i++) {
            if (a[i] == x) {
                return true;
            }
        }
        return false;
    }

    int[] view(int i) {
        return views[i];
    }

    /** The veto for node {@code i}: its view, itself and the names allowed everywhere pass. */
    AliveDelegate filter(int i) {
        int[] view = views[i];
        return peer -> {
            int j = index(peer.name());
            if (j == i || Arrays.binarySearch(view, j) >= 0) {
                return;
            }
            for (int e : everywhere) {
                if (e == j) {
                    return;
                }
            }
            throw OUTSIDE;
        };
    }

    static int index(String name) {
        int v = 0;
        for (int p = name.indexOf('-') + 1; p < name.length(); p++) {
            char c = name.charAt(p);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * Teaches every node its view: an alive about each view member, handed to its engine as if it
     * had arrived from that member (incarnation 1, the member's own addresses and versions).
     */
    void install(List<SimNode> nodes) {
        Alive[] alives = new Alive[nodes.size()];
        for (int j = 0; j < alives.length; j++) {
            Member m = nodes.get(j).localMember();
            alives[j] = new Alive(m.incarnation(), m.name(), m.addr(), m.port(), m.meta(), m.vsn());
        }
        for (int i = 0; i < nodes.size(); i++) {
            SimNode node = nodes.get(i);
            int[] view = views[i];
            node.act((engine, now) -> {
                for (int j : view) {
                    engine.onPacket(now, nodes.get(j).endpoint(), alives[j]);
                }
                return null;
            });
        }
    }
}
