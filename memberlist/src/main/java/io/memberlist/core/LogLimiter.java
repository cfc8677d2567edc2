package io.memberlist.core;

/**
 * Rate limit for log lines that remote input can trigger at will (a conflicting alive, a failed
 * merge): at most {@link #LINES} per {@link #WINDOW_NANOS}, the rest counted and reported with
 * the next line allowed. One instance per logger; time is the engine's {@code now}.
 */
final class LogLimiter {
    /** Lines allowed per window. */
    static final int LINES = 10;
    /** The window, 10 s. */
    static final long WINDOW_NANOS = 10_000_000_000L;

    private long windowStart = Long.MIN_VALUE;
    private int used;
    private long suppressed;

    /**
     * True when a line may be logged now. The caller then logs {@link #suppressedSuffix()} with
     * it, which reports (and resets) the number of lines left out since the last one.
     */
    boolean allow(long now) {
        if (windowStart == Long.MIN_VALUE || now - windowStart >= WINDOW_NANOS) {
            windowStart = now;
            used = 0;
        }
        if (used < LINES) {
            used++;
            return true;
        }
        suppressed++;
        return false;
    }

    /** "" or " (N similar lines suppressed)"; resets the count. */
    String suppressedSuffix() {
        if (suppressed == 0) {
            return "";
        }
        String s = " (" + suppressed + " similar lines suppressed)";
        suppressed = 0;
        return s;
    }
}
