package io.memberlist.core;

import java.util.PriorityQueue;

/**
 * Timers as data: a queue of deadlines that the driver polls with its own clock
 * ({@link Engine#nextDeadline()}, {@link Engine#onTimer(long)}). No threads, no callbacks from
 * elsewhere: a due task runs inside {@link #runDue(long)}, on the engine's thread.
 */
final class Timers {

    /** Work to do at a deadline; {@code now} is the driver's time when it actually runs. */
    @FunctionalInterface
    interface Task {
        void run(long now);
    }

    /** A scheduled task; cancelling is O(1) (the entry is discarded when it reaches the head). */
    static final class Timer {
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
            done = true;
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
            }
        }
    }

    void clear() {
        for (Timer t : queue) {
            t.done = true;
        }
        queue.clear();
    }

    int size() {
        return queue.size();
    }
}
