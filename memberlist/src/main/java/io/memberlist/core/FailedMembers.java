package io.memberlist.core;

import io.memberlist.Endpoint;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Members this node declared dead (failed, not left), remembered for the reconnect window even
 * after the member table reaps them ({@code gossipToTheDeadTime} after death). The reconnector
 * picks from here. Bounded: at most {@link #MAX} entries, the oldest death dropped first, so
 * forged members that are made to fail cannot grow it without end.
 */
final class FailedMembers {
    /** Entries kept. */
    static final int MAX = 1024;

    /** One failed member: where it was when it failed. */
    record Failed(String name, Endpoint endpoint, long since) {}

    private final Map<String, Failed> byName = new LinkedHashMap<>();

    void add(long now, String name, Endpoint endpoint) {
        byName.remove(name); // re-insert at the end: insertion order is death order
        byName.put(name, new Failed(name, endpoint, now));
        if (byName.size() > MAX) {
            Iterator<String> oldest = byName.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    void remove(String name) {
        byName.remove(name);
    }

    boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** Forgets deaths older than {@code windowNanos}. */
    void expire(long now, long windowNanos) {
        byName.values().removeIf(f -> now - f.since() > windowNanos);
    }

    List<Failed> all() {
        return new ArrayList<>(byName.values());
    }

    int size() {
        return byName.size();
    }

    void clear() {
        byName.clear();
    }
}
