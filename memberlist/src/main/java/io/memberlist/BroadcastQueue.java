package io.memberlist;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * A queue of broadcasts, each sent a limited number of times: {@code retransmitMult ×
 * ceil(log10(N + 1))} for a cluster of N members (Go's {@code TransmitLimitedQueue}, PROTOCOL.md
 * §11). The library keeps one for its own membership messages; applications may use their own
 * instances to implement {@link Delegate#getBroadcasts}.
 *
 * <p>Order: least-transmitted first, then largest, then newest.
 *
 * <p>Thread-safe, like Go's: an application may {@link #queue} from its own threads while the
 * protocol thread takes broadcasts in {@link Delegate#getBroadcasts}. One lock guards the queue;
 * the {@code numNodes} supplier and {@link Broadcast#finished()} run outside it, so either may
 * call back into the queue or the node (e.g. {@code memberlist::numMembers}) without deadlock.
 * {@link Broadcast#finished()} runs on the thread whose call retired the broadcast.
 */
public final class BroadcastQueue {

    /**
     * Fewest transmits first, then longest, then newest. Written out rather than chained from
     * {@code Comparator.comparingInt(...).thenComparing(...)}: the queue compares on every send
     * and every gossip packet, and the chained lambdas cost several virtual calls per comparison
     * (a fifth of a large simulation's time was spent in them).
     */
    private static final Comparator<Entry> ORDER = (a, b) -> {
        if (a.transmits != b.transmits) {
            return a.transmits < b.transmits ? -1 : 1;
        }
        if (a.length != b.length) {
            return a.length > b.length ? -1 : 1;
        }
        return Long.compare(b.id, a.id);
    };

    private final IntSupplier numNodes;
    private final int retransmitMult;
    private final ReentrantLock lock = new ReentrantLock();
    private final TreeSet<Entry> queue = new TreeSet<>(ORDER);
    private final Map<String, Entry> byName = new HashMap<>();
    private long nextId;

    /**
     * @param numNodes the current cluster size estimate N, read on every {@link #getBroadcasts}
     * @param retransmitMult the multiplier of the retransmit limit (≥ 1)
     */
    public BroadcastQueue(IntSupplier numNodes, int retransmitMult) {
        if (retransmitMult < 0) {
            throw new IllegalArgumentException("retransmitMult must be >= 0, was " + retransmitMult);
        }
        this.numNodes = numNodes;
        this.retransmitMult = retransmitMult;
    }

    /**
     * How many times each broadcast is sent in a cluster of {@code n} members:
     * {@code mult × ceil(log10(n + 1))} (PROTOCOL.md §10.5).
     */
    public static int retransmitLimit(int mult, int n) {
        int scale = (int) Math.ceil(Math.log10(n + 1.0));
        return mult * scale;
    }

    /** Queues a broadcast, first dropping (and finishing) the queued ones it replaces. */
    public void queue(Broadcast b) {
        queue(b, 0);
    }

    /** As {@link #queue(Broadcast)}, starting at a given transmit count (for tests and tuning). */
    void queue(Broadcast b, int initialTransmits) {
        String name = b instanceof NamedBroadcast nb ? nb.name() : null;
        int length = b.message().length;
        List<Broadcast> done = new ArrayList<>();
        lock.lock();
        try {
            nextId = nextId == Long.MAX_VALUE ? 1 : nextId + 1;
            Entry entry = new Entry(b, length, nextId, initialTransmits, name);
            if (name != null) {
                Entry old = byName.get(name);
                if (old != null) {
                    remove(old);
                    done.add(old.broadcast);
                }
            } else if (!(b instanceof UniqueBroadcast)) {
                List<Entry> invalid = new ArrayList<>();
                for (Entry cur : queue) {
                    if (!(cur.broadcast instanceof NamedBroadcast)
                            && !(cur.broadcast instanceof UniqueBroadcast)
                            && b.invalidates(cur.broadcast)) {
                        invalid.add(cur);
                    }
                }
                for (Entry cur : invalid) {
                    remove(cur);
                    done.add(cur.broadcast);
                }
            }
            queue.add(entry);
            if (name != null) {
                byName.put(name, entry);
            }
        } finally {
            lock.unlock();
        }
        finish(done);
    }

    /**
     * Takes broadcasts for one packet: as many as fit {@code limit} bytes when each costs its
     * length plus {@code overhead}. Each one taken counts as one transmission; those that reached
     * the retransmit limit are removed and finished.
     */
    public List<byte[]> getBroadcasts(int overhead, int limit) {
        return getBroadcasts(overhead, limit, Integer.MAX_VALUE);
    }

    /**
     * As {@link #getBroadcasts(int, int)}, taking at most {@code maxCount} broadcasts (e.g. to
     * stay within a compound message's part limit).
     */
    public List<byte[]> getBroadcasts(int overhead, int limit, int maxCount) {
        return getBroadcasts(overhead, limit, maxCount, null);
    }

    /**
     * As {@link #getBroadcasts(int, int, int)}, leaving out the broadcast named {@code skipName}
     * (if queued): it is neither returned nor counted as transmitted. The library uses it to
     * piggyback the queue on a packet whose primary message is that broadcast's own fact.
     */
    public List<byte[]> getBroadcasts(int overhead, int limit, int maxCount, String skipName) {
        if (maxCount <= 0 || numQueued() == 0) {
            return List.of();
        }
        // Read N before locking: the supplier may call into the node (memberlist::numMembers).
        int transmitLimit = retransmitLimit(retransmitMult, numNodes.getAsInt());
        List<Broadcast> done = new ArrayList<>();
        List<byte[]> out;
        lock.lock();
        try {
            Entry skipped = skipName == null ? null : byName.get(skipName);
            if (skipped != null) {
                remove(skipped);
            }
            try {
                out = take(overhead, limit, maxCount, transmitLimit, done);
            } finally {
                if (skipped != null) {
                    queue.add(skipped);
                    byName.put(skipped.name, skipped);
                }
            }
        } finally {
            lock.unlock();
        }
        finish(done);
        return out;
    }

    /** The selection of {@link #getBroadcasts}, under the lock; retired broadcasts go to {@code done}. */
    private List<byte[]> take(int overhead, int limit, int maxCount, int transmitLimit,
            List<Broadcast> done) {
        if (queue.isEmpty()) {
            return List.of();
        }
        List<byte[]> out = new ArrayList<>();
        List<Entry> reinsert = new ArrayList<>();
        int used = 0;
        int tier = queue.first().transmits;
        int maxTier = queue.last().transmits;
        while (tier <= maxTier && out.size() < maxCount) {
            int free = limit - used - overhead;
            if (free <= 0) {
                break;
            }
            // First entry of this tier (largest, newest) whose length fits.
            Entry keep = queue.ceiling(Entry.probe(tier, free));
            if (keep == null || keep.transmits != tier) {
                tier++;
                continue;
            }
            used += overhead + keep.length;
            out.add(keep.broadcast.message());
            remove(keep);
            if (keep.transmits + 1 >= transmitLimit) {
                done.add(keep.broadcast);
            } else {
                keep.transmits++;
                reinsert.add(keep);
            }
        }
        for (Entry e : reinsert) {
            queue.add(e);
            if (e.name != null) {
                byName.put(e.name, e);
            }
        }
        return out;
    }

    /** Number of queued broadcasts. */
    public int numQueued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Drops everything, finishing each broadcast. */
    public void reset() {
        List<Broadcast> done = new ArrayList<>();
        lock.lock();
        try {
            for (Entry e : queue) {
                done.add(e.broadcast);
            }
            queue.clear();
            byName.clear();
            nextId = 0;
        } finally {
            lock.unlock();
        }
        finish(done);
    }

    /**
     * Keeps at most {@code maxRetain} broadcasts, dropping (and finishing) the most transmitted,
     * then smallest, then oldest.
     */
    public void prune(int maxRetain) {
        List<Broadcast> done = new ArrayList<>();
        lock.lock();
        try {
            while (queue.size() > Math.max(0, maxRetain)) {
                Entry e = queue.last();
                remove(e);
                done.add(e.broadcast);
            }
        } finally {
            lock.unlock();
        }
        finish(done);
    }

    /** Signals retired broadcasts, outside the lock, in the order they were retired. */
    private static void finish(List<Broadcast> done) {
        for (Broadcast b : done) {
            b.finished();
        }
    }

    private void remove(Entry e) {
        queue.remove(e);
        if (e.name != null) {
            byName.remove(e.name, e);
        }
        // Go resets its id generator here when the queue empties. Not done: getBroadcasts empties
        // the queue while entries wait to be re-inserted, a reset id then repeats theirs, and two
        // entries equal in tier, length and id are one to the sorted set (one is lost).
    }

    private static final class Entry {
        final Broadcast broadcast;
        final int length;
        final long id;
        int transmits;
        final String name;

        Entry(Broadcast broadcast, int length, long id, int transmits, String name) {
            this.broadcast = broadcast;
            this.length = length;
            this.id = id;
            this.transmits = transmits;
            this.name = name;
        }

        /** Sorts just before every entry of {@code tier} whose length is at most {@code free}. */
        static Entry probe(int tier, int free) {
            return new Entry(null, free, Long.MAX_VALUE, tier, null);
        }
    }
}
