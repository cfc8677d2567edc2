package io.memberlist.core;

/**
 * The incarnation a process starts at ({@link io.memberlist.Config#initialIncarnationFromClock()}).
 *
 * <p>Go starts every process at 1. A process restarted under a name after the cluster declared
 * its predecessor dead at incarnation {@code i ≥ 1} then starts at or below {@code i}, and its
 * alive is ignored by every member holding the dead entry (§9.2) until it hears of its own death
 * and refutes (Go memberlist issue #345). Started from the driver's wall clock (whole seconds
 * since 1970), a process begins above every incarnation its predecessors reached, unless one of
 * them raised its own more times than seconds passed between the two starts.
 *
 * <p>The engine reads no clock: the driver passes its reading to {@link Engine#start}.
 */
final class FirstIncarnation {
    /** Go's first incarnation (its counter starts at 0 and is incremented before use). */
    static final long GO = 1;
    /**
     * The latest clock reading used, 2^32 − 2^24 (2105-07-28T02:08:00Z): a process started from
     * the clock keeps at least 2^24 increments (refutations, metadata updates) before its 32-bit
     * counter would wrap, as Go's wraps. A later (or earlier than 1970) reading starts at
     * {@link #GO}.
     */
    static final long CLOCK_MAX = (1L << 32) - (1L << 24);

    private FirstIncarnation() {}

    /**
     * The first incarnation: {@code wallClockSeconds} when {@code fromClock} and the reading is
     * in (1, {@link #CLOCK_MAX}], else {@link #GO}.
     */
    static long of(boolean fromClock, long wallClockSeconds) {
        return fromClock && wallClockSeconds > GO && wallClockSeconds <= CLOCK_MAX ? wallClockSeconds : GO;
    }
}
