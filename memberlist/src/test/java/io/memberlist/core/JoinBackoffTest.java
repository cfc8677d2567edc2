package io.memberlist.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The join retry policy: exponential, capped, jittered within [d/2, d], reproducible from a seed. */
class JoinBackoffTest {
    private static final long MS = 1_000_000L;

    @Test
    void theCeilingDoublesFromTheBaseUpToTheCap() {
        assertThat(JoinBackoff.ceiling(1)).isEqualTo(200 * MS);
        assertThat(JoinBackoff.ceiling(2)).isEqualTo(400 * MS);
        assertThat(JoinBackoff.ceiling(3)).isEqualTo(800 * MS);
        assertThat(JoinBackoff.ceiling(5)).isEqualTo(3_200 * MS);
        assertThat(JoinBackoff.ceiling(6)).isEqualTo(JoinBackoff.MAX_NANOS);
        assertThat(JoinBackoff.ceiling(40)).isEqualTo(JoinBackoff.MAX_NANOS);
        assertThat(JoinBackoff.ceiling(Integer.MAX_VALUE)).isEqualTo(JoinBackoff.MAX_NANOS);
        assertThatThrownBy(() -> JoinBackoff.ceiling(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyDelayLiesBetweenHalfTheCeilingAndTheCeiling() {
        SplittableRandom r = new SplittableRandom(13);
        for (int retry = 1; retry <= 12; retry++) {
            long d = JoinBackoff.ceiling(retry);
            for (int i = 0; i < 2_000; i++) {
                assertThat(JoinBackoff.delay(retry, r)).isBetween(d / 2, d);
            }
        }
    }

    @Test
    void theJitterSpreadsAStampedeOverTheWholeWindow() {
        // 1,000 joiners refused at the same instant: their first retries must not coincide, and
        // must cover both halves of the upper half-window (no clustering at one end).
        SplittableRandom r = new SplittableRandom(7);
        Set<Long> distinctMs = new HashSet<>();
        int low = 0;
        int high = 0;
        long d = JoinBackoff.ceiling(1);
        for (int i = 0; i < 1_000; i++) {
            long delay = JoinBackoff.delay(1, r);
            distinctMs.add(delay / MS);
            if (delay < d * 3 / 4) {
                low++;
            } else {
                high++;
            }
        }
        assertThat(distinctMs).hasSizeGreaterThan(90); // 101 possible whole milliseconds in [100, 200]
        assertThat(low).isBetween(400, 600);
        assertThat(high).isBetween(400, 600);
    }

    @Test
    void theSameSeedGivesTheSameDelays() {
        SplittableRandom a = new SplittableRandom(42);
        SplittableRandom b = new SplittableRandom(42);
        for (int retry = 1; retry <= 10; retry++) {
            assertThat(JoinBackoff.delay(retry, a)).isEqualTo(JoinBackoff.delay(retry, b));
        }
    }

    @Test
    void eachRoundWaitsLongerForItsAnswerButNotPastTheDeadline() {
        long tcp = 1_000 * MS;
        assertThat(Joiner.attemptTimeout(1, tcp, 30_000 * MS)).isEqualTo(tcp);
        assertThat(Joiner.attemptTimeout(2, tcp, 30_000 * MS)).isEqualTo(2 * tcp);
        assertThat(Joiner.attemptTimeout(3, tcp, 30_000 * MS)).isEqualTo(4 * tcp);
        assertThat(Joiner.attemptTimeout(4, tcp, 30_000 * MS)).isEqualTo(8 * tcp);
        assertThat(Joiner.attemptTimeout(9, tcp, 30_000 * MS)).isEqualTo(8 * tcp);
        // Never past the retry deadline, but never below the stream timeout (Go's single attempt).
        assertThat(Joiner.attemptTimeout(4, tcp, 3_000 * MS)).isEqualTo(3 * tcp);
        assertThat(Joiner.attemptTimeout(1, tcp, 0)).isEqualTo(tcp);
        assertThat(Joiner.attemptTimeout(3, tcp, -5 * MS)).isEqualTo(tcp);
        assertThat(Joiner.attemptTimeout(4, Long.MAX_VALUE / 2, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }
}
