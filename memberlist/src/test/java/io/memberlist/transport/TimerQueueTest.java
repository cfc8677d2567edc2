package io.memberlist.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerQueueTest {

    /** Records each firing as "name@now". */
    private static final class Rec extends EventLoop.Timer {
        final String name;
        final List<String> log;

        Rec(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        protected void onTimer(long now) {
            log.add(name + "@" + now);
        }
    }

    private static final java.util.function.BiConsumer<EventLoop.Timer, Throwable> NONE = (t, ex) -> {
        throw new AssertionError("unexpected failure", ex);
    };

    @Test
    void firesDueTimersInDeadlineOrderOnceEach() {
        List<String> log = new ArrayList<>();
        TimerQueue q = new TimerQueue();
        Rec a = new Rec("a", log);
        Rec b = new Rec("b", log);
        Rec c = new Rec("c", log);
        q.schedule(c, 30);
        q.schedule(a, 10);
        q.schedule(b, 20);

        q.runDue(20, NONE);
        assertThat(log).containsExactly("a@20", "b@20");
        assertThat(a.deadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(q.armed()).isEqualTo(1);
        assertThat(q.nextDeadline()).isEqualTo(30);

        q.runDue(29, NONE);
        assertThat(log).hasSize(2);
        q.runDue(100, NONE);
        assertThat(log).containsExactly("a@20", "b@20", "c@100");
        assertThat(q.armed()).isZero();
        assertThat(q.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aMovedTimerFiresOnlyAtItsNewDeadlineAndACancelledOneNever() {
        List<String> log = new ArrayList<>();
        TimerQueue q = new TimerQueue();
        Rec moved = new Rec("moved", log);
        Rec cancelled = new Rec("cancelled", log);
        q.schedule(moved, 10);
        q.schedule(moved, 50);
        q.schedule(cancelled, 20);
        q.schedule(cancelled, Long.MAX_VALUE);
        // the stale entry at 10 may wake the loop early, never fire anything
        assertThat(q.nextDeadline()).isEqualTo(10);

        q.runDue(40, NONE);
        assertThat(log).isEmpty();
        q.runDue(50, NONE);
        assertThat(log).containsExactly("moved@50");
        assertThat(q.armed()).isZero();
    }

    @Test
    void aTimerMayRescheduleItselfFromOnTimer() {
        List<String> log = new ArrayList<>();
        TimerQueue q = new TimerQueue();
        EventLoop.Timer self = new EventLoop.Timer() {
            @Override
            protected void onTimer(long now) {
                log.add("tick@" + now);
                if (log.size() < 3) {
                    q.schedule(this, now + 10);
                }
            }
        };
        q.schedule(self, 10);
        for (long t = 10; t <= 100; t += 10) {
            q.runDue(t, NONE);
        }
        assertThat(log).containsExactly("tick@10", "tick@20", "tick@30");
    }

    @Test
    void aFailingTimerIsReportedAndTheOthersStillFire() {
        List<String> log = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        TimerQueue q = new TimerQueue();
        EventLoop.Timer bad = new EventLoop.Timer() {
            @Override
            protected void onTimer(long now) {
                throw new IllegalStateException("boom");
            }
        };
        q.schedule(bad, 1);
        q.schedule(new Rec("good", log), 2);

        q.runDue(5, (t, ex) -> failures.add(ex));

        assertThat(failures).singleElement().isInstanceOf(IllegalStateException.class);
        assertThat(log).containsExactly("good@5");
    }

    /**
     * A timer moved later a million times (an engine whose next deadline changes with every
     * packet) leaves stale entries behind; the heap stays within a constant factor of the armed
     * timers instead of growing with the moves.
     */
    @Test
    void staleEntriesAreCompactedAway() {
        List<String> log = new ArrayList<>();
        TimerQueue q = new TimerQueue();
        List<Rec> timers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Rec r = new Rec("t" + i, log);
            timers.add(r);
            q.schedule(r, 1_000);
        }
        int largest = 0;
        for (int move = 0; move < 1_000_000; move++) {
            q.schedule(timers.get(move % 10), 2_000 + move);
            largest = Math.max(largest, q.size());
        }
        assertThat(q.armed()).isEqualTo(10);
        assertThat(largest).isLessThanOrEqualTo(TimerQueue.MIN_COMPACT_SIZE + 1);

        q.runDue(Long.MAX_VALUE - 1, NONE);
        assertThat(log).hasSize(10);
        assertThat(q.size()).isZero();
    }
}
