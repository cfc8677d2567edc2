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
    private record Cut(BitSet from, BitSet to) {}

    private final List<Cut> cuts = new ArrayList<>();

    void cut(BitSet from, BitSet to) {
        cuts.add(new Cut((BitSet) from.clone(), (BitSet) to.clone()));
    }

    void heal() {
        cuts.clear();
    }

    boolean isEmpty() {
        return cuts.isEmpty();
    }

    boolean blocked(int from, int to) {
        for (int i = 0; i < cuts.size(); i++) {
            Cut c = cuts.get(i);
            if (c.from.get(from) && c.to.get(to)) {
                return true;
            }
        }
        return false;
    }
}
