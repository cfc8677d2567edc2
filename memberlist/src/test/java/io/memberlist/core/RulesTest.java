package io.memberlist.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.BroadcastQueue;
import io.memberlist.MemberState;
import io.memberlist.core.StateRules.AliveOutcome;
import io.memberlist.core.StateRules.MergeAs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure rules, against the golden numbers of PROTOCOL.md §9 and §10. */
class RulesTest {
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @ParameterizedTest(name = "mult {0}, N {1}, interval {2} s -> {3} ms")
    @CsvSource({
        // LAN: mult 4, 1 s
        "4, 1, 1, 4000", "4, 3, 1, 4000", "4, 10, 1, 4000", "4, 32, 1, 6020", "4, 50, 1, 6792",
        "4, 100, 1, 8000", "4, 1000, 1, 12000", "4, 10000, 1, 16000", "4, 0, 1, 4000",
        // WAN: mult 6, 5 s
        "6, 1, 5, 30000", "6, 10, 5, 30000", "6, 32, 5, 45150", "6, 50, 5, 50940",
        "6, 100, 5, 60000", "6, 1000, 5, 90000", "6, 10000, 5, 120000",
        // Local: mult 3, 1 s
        "3, 3, 1, 3000", "3, 32, 1, 4515", "3, 50, 1, 5094", "3, 100, 1, 6000",
        "3, 1000, 1, 9000", "3, 10000, 1, 12000"
    })
    void suspicionMinTimeout(int mult, int n, int intervalSec, long expectedMs) {
        assertThat(Suspicion.minTimeout(mult, n, intervalSec * S)).isEqualTo(expectedMs * MS);
    }

    @ParameterizedTest(name = "LAN max at N {0} = {1} ms")
    @CsvSource({"1, 24000", "32, 36120", "50, 40752", "100, 48000", "1000, 72000", "10000, 96000"})
    void suspicionMaxTimeoutIsSixTimesMin(int n, long expectedMs) {
        assertThat(6 * Suspicion.minTimeout(4, n, S)).isEqualTo(expectedMs * MS);
    }

    @ParameterizedTest(name = "after {0} of k={1}: {4} ms")
    @CsvSource({
        "0, 2, 4, 24, 24000",
        "1, 2, 4, 24, 11381",
        "2, 2, 4, 24, 4000",
        "1, 4, 30, 180, 115398",
        "2, 4, 30, 180, 77609",
        "3, 4, 30, 180, 50797",
        "4, 4, 30, 180, 30000"
    })
    void suspicionTimeoutAfterConfirmations(int n, int k, long minSec, long maxSec,
            long expectedMs) {
        assertThat(Suspicion.timeoutAfter(n, k, minSec * S, maxSec * S)).isEqualTo(expectedMs * MS);
    }

    @ParameterizedTest(name = "mult {0}, N {1} -> k {2}")
    @CsvSource({"4, 1, 0", "4, 3, 0", "4, 4, 2", "4, 100, 2", "6, 5, 0", "6, 6, 4", "3, 2, 0",
        "3, 3, 1", "2, 10, 0"})
    void confirmationsNeeded(int mult, int n, int k) {
        assertThat(Suspicion.confirmationsNeeded(mult, n)).isEqualTo(k);
    }

    @Test
    void suspicionShrinksWithConfirmationsAndIgnoresRepeats() {
        Suspicion s = new Suspicion("a", 2, 4 * S, 24 * S, 100, 100);
        assertThat(s.deadline()).isEqualTo(100 + 24 * S);
        assertThat(s.confirm("a")).isFalse();
        assertThat(s.confirm("b")).isTrue();
        assertThat(s.deadline()).isEqualTo(100 + 11381 * MS);
        assertThat(s.confirm("b")).isFalse();
        assertThat(s.confirm("c")).isTrue();
        assertThat(s.deadline()).isEqualTo(100 + 4 * S);
        assertThat(s.confirm("d")).isFalse();
        assertThat(s.confirmations()).isEqualTo(2);
        Suspicion noK = new Suspicion("a", 0, 4 * S, 24 * S, 0, 0);
        assertThat(noK.deadline()).isEqualTo(4 * S);
        assertThat(noK.confirm("b")).isFalse();
    }

    @ParameterizedTest(name = "mult {0}, N {1} -> {2}")
    @CsvSource({"4, 0, 0", "4, 1, 4", "4, 9, 4", "4, 10, 8", "4, 99, 8", "4, 100, 12",
        "4, 999, 12", "4, 1000, 16", "4, 9999, 16", "2, 5, 2", "3, 64, 6"})
    void retransmitLimit(int mult, int n, int limit) {
        assertThat(BroadcastQueue.retransmitLimit(mult, n)).isEqualTo(limit);
    }

    @ParameterizedTest(name = "N {0} -> x{1}")
    @CsvSource({"1, 1", "32, 1", "33, 2", "64, 2", "65, 3", "128, 3", "129, 4", "256, 4",
        "257, 5", "1000, 6"})
    void pushPullScale(int n, int multiplier) {
        assertThat(StateSync.scaledInterval(30 * S, n)).isEqualTo(multiplier * 30 * S);
    }

    @ParameterizedTest(name = "score {0} + {1} (max {2}) -> {3}")
    @CsvSource({"0, -1, 8, 0", "0, 1, 8, 1", "6, 1, 8, 7", "7, 1, 8, 7", "7, 5, 8, 7",
        "3, -10, 8, 0", "2, 3, 8, 5", "0, 1, 1, 0", "0, 2147483647, 8, 7"})
    void awarenessClamp(int score, int delta, int max, int expected) {
        assertThat(Awareness.clamp(score, delta, max)).isEqualTo(expected);
    }

    @Test
    void awarenessScalesTimeouts() {
        Awareness a = new Awareness(8, io.memberlist.Metrics.NOOP);
        assertThat(a.scale(S)).isEqualTo(S);
        a.applyDelta(3);
        assertThat(a.scale(S)).isEqualTo(4 * S);
        a.applyDelta(100);
        assertThat(a.score()).isEqualTo(7);
        assertThat(a.scale(S)).isEqualTo(8 * S);
    }

    @ParameterizedTest(name = "local={0} boot={1} stored={2} msg={3} upd={4} same={5} -> {6}")
    @CsvSource({
        // remote node: only a strictly newer incarnation, or an allowed address change, applies
        "false, false, 5, 4, false, false, IGNORE",
        "false, false, 5, 5, false, false, IGNORE",
        "false, false, 5, 6, false, false, APPLY",
        "false, false, 0, 0, false, false, IGNORE",
        "false, false, 0, 1, false, false, APPLY",
        "false, false, 5, 3, true, false, APPLY",
        // local node, not bootstrap: older ignored, identical ignored, anything else refuted
        "true, false, 5, 4, false, false, IGNORE",
        "true, false, 5, 5, false, true, IGNORE",
        "true, false, 5, 5, false, false, REFUTE",
        "true, false, 5, 9, false, false, REFUTE",
        // local bootstrap (start, meta update)
        "true, true, 0, 1, false, false, APPLY",
        "true, true, 5, 6, false, false, APPLY",
        "true, true, 5, 4, false, false, IGNORE"
    })
    void aliveOverridesMatrix(boolean local, boolean bootstrap, long stored, long msg,
            boolean updates, boolean same, AliveOutcome expected) {
        assertThat(StateRules.alive(local, bootstrap, stored, msg, updates, same))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} for {1} ns, reclaim {2} -> {3}")
    @CsvSource({"LEFT, 0, 0, true", "DEAD, 100, 0, false", "DEAD, 100, 50, true",
        "DEAD, 50, 50, false", "ALIVE, 100, 50, false", "SUSPECT, 100, 50, false"})
    void addressChange(MemberState state, long since, long reclaim, boolean allowed) {
        assertThat(StateRules.addressChangeAllowed(state, since, reclaim)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "current {0}, accused {1} -> {2}")
    @CsvSource({"1, 1, 2", "1, 0, 2", "1, 5, 6", "5, 5, 6", "5, 2, 6", "4294967295, 1, 2", "4294967295, 4294967295, 0"})
    void refutationIncarnation(long current, long accused, long expected) {
        assertThat(StateRules.refutationIncarnation(current, accused)).isEqualTo(expected);
    }

    /**
     * The first incarnation ({@code Config.initialIncarnationFromClock}): the wall clock's seconds
     * while they leave 2^24 increments below 2^32 (until 2105-07-28T02:08:00Z), else Go's 1; off:
     * always 1.
     */
    @ParameterizedTest(name = "from clock {0}, clock {1} s -> {2}")
    @CsvSource({"true, 1796104319, 1796104319", "false, 1796104319, 1", "true, 1700000000, 1700000000",
        "true, 4278190080, 4278190080", "true, 4278190081, 1", "true, 4294967296, 1", "true, 2, 2",
        "true, 1, 1", "true, 0, 1", "true, -1, 1"})
    void firstIncarnation(boolean fromClock, long clockSeconds, long expected) {
        assertThat(FirstIncarnation.of(fromClock, clockSeconds)).isEqualTo(expected);
    }

    /** From the latest clock start, 2^24 − 1 refutations in a row reach 2^32 − 1 without wrapping. */
    @Test
    void theLatestClockStartLeavesRoomBeforeTheCounterWraps() {
        long inc = FirstIncarnation.of(true, FirstIncarnation.CLOCK_MAX);
        int rising = 0;
        for (int i = 0; i < (1 << 24) - 1; i++) {
            long next = StateRules.refutationIncarnation(inc, inc);
            rising += next > inc ? 1 : 0;
            inc = next;
        }
        assertThat(rising).isEqualTo((1 << 24) - 1);
        assertThat(inc).isEqualTo(0xFFFFFFFFL);
    }

    @ParameterizedTest(name = "vsn {0} -> {1}")
    @CsvSource({"'', true", "0102, true", "010502000000, true", "000502000000, false",
        "010002000000, false", "050202000000, false", "020200, true", "0105ff, true"})
    void versionSanity(String hex, boolean sane) {
        byte[] v = java.util.HexFormat.of().parseHex(hex);
        assertThat(StateRules.versionSane(v)).isEqualTo(sane);
    }

    @ParameterizedTest(name = "state {0} -> {1}")
    @CsvSource({"0, ALIVE", "1, SUSPECT", "2, SUSPECT", "3, DEAD_LEAVE", "4, IGNORE", "-1, IGNORE"})
    void mergeAs(int state, MergeAs expected) {
        assertThat(StateRules.mergeAs(state)).isEqualTo(expected);
    }
}
