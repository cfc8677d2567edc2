package io.memberlist.transport;

import java.util.PriorityQueue;
import java.util.function.BiConsumer;

/**
 * The deadlines of one {@link EventLoop}: a binary heap of (deadline, timer) entries with lazy
 * removal. Moving a timer adds an entry and leaves the old one in the heap, where it is skipped
 * when it surfaces (its deadline no longer matches the timer's). Each stale entry stays until its
 * deadline passes: a timer moved later and later (a node's deadline is recomputed after every
 * input) would pile them up at the rate of its moves. So the heap is rebuilt from the live entries whenever it holds more than
 * {@link #STALE_FACTOR} entries per armed timer: its size stays within a constant factor of the
 * number of armed timers, whatever the rate of moves.
 *
 * <p>Not thread-safe: used only on its loop's thread.
 */
final class TimerQueue {
    /** Heap sizes up to this are never compacted (a rebuild would cost more than it saves). */
    static final int MIN_COMPACT_SIZE = 64;
    /** Compact when the heap holds more than this many entries per armed timer. */
    static final int STALE_FACTOR = 4;

    private record Entry(long deadline, EventLoop.Timer timer) {}

    private final PriorityQueue<Entry> heap = new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
    /** Timers whose deadline is not {@code Long.MAX_VALUE}. */
    private int armed;

    /** Sets {@code timer}'s deadline (absolute); {@code Long.MAX_VALUE} disarms it. */
    void schedule(EventLoop.Timer timer, long deadline) {
        long old = timer.deadline;
        if (old == deadline) {
            return;
        }
        timer.deadline = deadline;
        if (old == Long.MAX_VALUE) {
            armed++;
        } else if (deadline == Long.MAX_VALUE) {
            armed--;
        }
        if (deadline != Long.MAX_VALUE) {
            heap.add(new Entry(deadline, timer));
        }
        if (heap.size() > MIN_COMPACT_SIZE && heap.size() > STALE_FACTOR * (long) armed) {
            heap.removeIf(e -> e.timer.deadline != e.deadline);
        }
    }

    /**
     * The earliest deadline in the heap, {@code Long.MAX_VALUE} when empty. It may be a stale
     * entry's, hence never later than the earliest armed timer's: a loop that waits until then
     * wakes early at worst.
     */
    long nextDeadline() {
        Entry first = heap.peek();
        return first == null ? Long.MAX_VALUE : first.deadline;
    }

    /**
     * Fires, in deadline order, every timer due at {@code now} (deadline at or before it); each is
     * disarmed before its {@code onTimer} runs, so it may schedule itself again. A timer that
     * throws is reported to {@code failed} and the others still fire.
     */
    void runDue(long now, BiConsumer<EventLoop.Timer, Throwable> failed) {
        Entry e;
        while ((e = heap.peek()) != null && e.deadline - now <= 0) {
            heap.poll();
            EventLoop.Timer t = e.timer;
            if (t.deadline != e.deadline) {
                continue; // moved or cancelled since this entry was queued
            }
            t.deadline = Long.MAX_VALUE;
            armed--;
            try {
                t.onTimer(now);
            } catch (Throwable ex) {
                failed.accept(t, ex);
            }
        }
    }

    /** Entries in the heap, stale ones included (for tests). */
    int size() {
        return heap.size();
    }

    /** Timers with a deadline. */
    int armed() {
        return armed;
    }
}
