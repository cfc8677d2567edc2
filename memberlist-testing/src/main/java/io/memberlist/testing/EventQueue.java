package io.memberlist.testing;

import java.util.PriorityQueue;

/** The simulator's agenda: a min-heap on {@code (time, seq)}; cancellation is lazy (events check validity when fired). */
final class EventQueue {
    private final PriorityQueue<SimEvent> heap = new PriorityQueue<>(1024);
    private long nextSeq;

    void add(long time, SimEvent e) {
        e.time = time;
        e.seq = nextSeq++;
        heap.add(e);
    }

    SimEvent peek() {
        return heap.peek();
    }

    SimEvent poll() {
        return heap.poll();
    }

    int size() {
        return heap.size();
    }

    boolean isEmpty() {
        return heap.isEmpty();
    }
}
