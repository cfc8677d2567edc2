package io.memberlist.testing;

import java.util.ArrayList;
import java.util.PriorityQueue;

/**
 * The simulator's agenda, in {@code (time, seq)} order; cancellation is lazy (events check
 * validity when fired).
 *
 * <p>A calendar of windows of 2^20 ns (about 1 ms): a small heap holds the events of the current
 * window, a ring of {@link #BUCKETS} unsorted lists the next windows (about 4 s), and a heap the
 * far future. Nearly every event (packet arrival, gossip and probe timers) lands in the ring, so
 * adding is an append, and the heap that orders events stays as small as one window's events,
 * which keeps it in the cache even with 100,000 nodes. The order is exactly that of one heap on
 * {@code (time, seq)}: the ring and the far heap only hold events later than the current window.
 */
final class EventQueue {
    static final int SHIFT = 20;
    static final int BUCKETS = 4096;
    private static final int MASK = BUCKETS - 1;

    private final PriorityQueue<SimEvent> near = new PriorityQueue<>(256);
    @SuppressWarnings("unchecked")
    private final ArrayList<SimEvent>[] ring = new ArrayList[BUCKETS];
    private final PriorityQueue<SimEvent> far = new PriorityQueue<>(256);
    /** The current window: {@code near} holds every event of a window up to this one. */
    private long current = Long.MIN_VALUE;
    private int inRing;
    private int size;
    private long nextSeq;

    EventQueue() {
        for (int i = 0; i < BUCKETS; i++) {
            ring[i] = new ArrayList<>();
        }
    }

    private static long window(long time) {
        return time >> SHIFT;
    }

    void add(long time, SimEvent e) {
        e.time = time;
        e.seq = nextSeq++;
        size++;
        if (current == Long.MIN_VALUE) {
            current = window(time);
        }
        place(e);
    }

    private void place(SimEvent e) {
        long w = window(e.time);
        if (w <= current) {
            near.add(e);
        } else if (w - current <= BUCKETS) {
            ring[(int) (w & MASK)].add(e);
            inRing++;
        } else {
            far.add(e);
        }
    }

    /** Moves to the next window holding events until {@code near} has some (or all is empty). */
    private void fill() {
        while (near.isEmpty() && size > 0) {
            if (inRing == 0) {
                // Nothing in the next 4 s: jump to the far heap's first window at once.
                current = Math.max(current, window(far.peek().time) - 1);
            }
            current++;
            ArrayList<SimEvent> bucket = ring[(int) (current & MASK)];
            if (!bucket.isEmpty()) {
                near.addAll(bucket);
                inRing -= bucket.size();
                bucket.clear();
            }
            // The window BUCKETS ahead now shares the emptied slot: pull it in from the far heap.
            SimEvent f;
            while ((f = far.peek()) != null && window(f.time) - current <= BUCKETS) {
                far.poll();
                place(f);
            }
        }
    }

    SimEvent peek() {
        fill();
        return near.peek();
    }

    SimEvent poll() {
        fill();
        SimEvent e = near.poll();
        if (e != null) {
            size--;
        }
        return e;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }
}
