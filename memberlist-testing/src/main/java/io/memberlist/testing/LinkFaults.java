package io.memberlist.testing;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Directed cuts between node sets. A symmetric partition is two cuts; {@link #heal()} removes
 * all. Rules are few (a test installs a handful), so a check is a scan over rules with two bit
 * lookups each, whatever the cluster size.
 */
final class LinkFaults {
    /** {@code packets}/{@code streams}: which kinds of traffic the cut blocks. */
    private record Cut(BitSet from, BitSet to, boolean packets, boolean streams) {}

    private final List<Cut> cuts = new ArrayList<>();

    void cut(BitSet from, BitSet to) {
        cut(from, to, true, true);
    }

    void cut(BitSet from, BitSet to, boolean packets, boolean streams) {
        cuts.add(new Cut((BitSet) from.clone(), (BitSet) to.clone(), packets, streams));
    }

    void heal() {
        cuts.clear();
    }

    boolean isEmpty() {
        return cuts.isEmpty();
    }

    /** Whether traffic from {@code from} to {@code to} is blocked: both kinds. */
    boolean blocked(int from, int to) {
        return blocked(from, to, false) && blocked(from, to, true);
    }

    /** Whether datagrams ({@code stream} false) or streams from {@code from} to {@code to} are blocked. */
    boolean blocked(int from, int to, boolean stream) {
        for (int i = 0; i < cuts.size(); i++) {
            Cut c = cuts.get(i);
            if ((stream ? c.streams : c.packets) && c.from.get(from) && c.to.get(to)) {
                return true;
            }
        }
        return false;
    }
}
