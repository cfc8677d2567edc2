package io.memberlist.core;

import java.util.PriorityQueue;

/**
 * Timers as data: a queue of deadlines that the driver polls with its own clock
 * ({@link Engine#nextDeadline()}, {@link Engine#onTimer(long)}). No threads, no callbacks from
 * elsewhere: a due task runs inside {@link #runDue(long)}, on the engine's thread.
 *
 * <p>A cancelled timer stays in the heap until it surfaces, and with it whatever its task holds
 * (a rescheduled suspicion leaves its old timer behind on every confirmation, for up to the
 * suspicion's whole timeout). So when cancelled entries are more than half the heap (and more
 * than {@value #COMPACT_MIN}), they are all removed at once: amortised O(1) per cancel, and the
 * order of the others is unchanged (deadline, then scheduling order).
 */
final class Timers {

    /** Work to do at a deadline; {@code now} is the driver's time when it actually runs. */
    @FunctionalInterface
    interface Task {
        void run(long now);
    }

    /** Cancelled entries tolerated before a compaction is considered. */
    static final int COMPACT_MIN = 64;

    /** A scheduled task; cancelling is O(1) amortised (see the class comment). */
    final class Timer {
        private final long deadline;
        private final long order;
        private final Task task;
        private boolean done;

        private Timer(long deadline, long order, Task task) {
            this.deadline = deadline;
            this.order = order;
            this.task = task;
        }

        long deadline() {
            return deadline;
        }

        void cancel() {
            if (!done) {
                done = true; // still queued: a timer that ran was taken off the heap first
                cancelled++;
                if (cancelled > COMPACT_MIN && cancelled > queue.size() / 2) {
                    queue.removeIf(t -> t.done);
                    cancelled = 0;
                }
            }
        }

        boolean isPending() {
            return !done;
        }
    }

    private final PriorityQueue<Timer> queue = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.deadline, b.deadline);
        return c != 0 ? c : Long.compare(a.order, b.order);
    });
    private long nextOrder;
    /** Cancelled timers still in the queue. */
    private int cancelled;

    Timer schedule(long deadline, Task task) {
        Timer t = new Timer(deadline, nextOrder++, task);
        queue.add(t);
        return t;
    }

    /** The earliest pending deadline, or {@link Long#MAX_VALUE}. */
    long nextDeadline() {
        Timer head = queue.peek();
        while (head != null && head.done) {
            queue.poll();
            cancelled--;
            head = queue.peek();
        }
        return head == null ? Long.MAX_VALUE : head.deadline;
    }

    /** Runs every task due at or before {@code now}, including ones scheduled while running. */
    void runDue(long now) {
        while (true) {
            Timer head = queue.peek();
            if (head == null || head.deadline > now) {
                return;
            }
            queue.poll();
            if (!head.done) {
                head.done = true;
                head.task.run(now);
            } else {
                cancelled--;
            }
        }
    }

    void clear() {
        for (Timer t : queue) {
            t.done = true;
        }
        queue.clear();
        cancelled = 0;
    }

    int size() {
        return queue.size();
    }
}
