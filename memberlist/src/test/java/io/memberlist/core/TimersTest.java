package io.memberlist.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimersTest {

    @Test
    void cancelledTimersDoNotPileUpAndTheRestRunInOrder() {
        Timers timers = new Timers();
        List<Integer> ran = new ArrayList<>();
        List<Timers.Timer> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int id = i;
            // Deadlines out of order, some equal: ties run in scheduling order.
            all.add(timers.schedule((i * 7919L) % 100, t -> ran.add(id)));
        }
        for (int i = 0; i < 1000; i++) {
            if (i % 10 != 0) {
                all.get(i).cancel();
                all.get(i).cancel(); // twice: counted once
            }
        }
        assertThat(timers.size()).as("cancelled entries were removed").isLessThanOrEqualTo(100 + Timers.COMPACT_MIN + 1);
        timers.runDue(1000);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i += 10) {
            expected.add(i);
        }
        expected.sort((a, b) -> {
            int c = Long.compare((a * 7919L) % 100, (b * 7919L) % 100);
            return c != 0 ? c : Integer.compare(a, b);
        });
        assertThat(ran).isEqualTo(expected);
        assertThat(timers.size()).isZero();
        assertThat(timers.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aRescheduledTaskLeavesNoTrailOfCancelledTimers() {
        Timers timers = new Timers();
        Timers.Timer current = timers.schedule(1_000_000, t -> { });
        for (int i = 0; i < 10_000; i++) {
            current.cancel();
            current = timers.schedule(1_000_000 - i, t -> { });
        }
        assertThat(timers.size()).isLessThanOrEqualTo(2 * Timers.COMPACT_MIN + 2);
        int[] runs = {0};
        timers.schedule(5, t -> runs[0]++);
        timers.runDue(2_000_000);
        assertThat(runs[0]).isEqualTo(1);
        assertThat(timers.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void cancellingATimerThatRanChangesNothing() {
        Timers timers = new Timers();
        int[] runs = {0};
        Timers.Timer t1 = timers.schedule(1, t -> runs[0]++);
        timers.schedule(2, t -> runs[0]++);
        timers.runDue(1);
        t1.cancel();
        assertThat(timers.size()).isEqualTo(1);
        timers.runDue(2);
        assertThat(runs[0]).isEqualTo(2);
    }
}
