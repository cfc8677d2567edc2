package io.memberlist.core;

import java.util.random.RandomGenerator;

/**
 * The wait before each retry of a join (Go does not retry; {@code Config.joinTimeout} turns it
 * on): exponential, with jitter. Retry {@code k} (1 for the first retry) waits a time drawn
 * uniformly from {@code [d/2, d]}, {@code d = min(MAX, BASE × 2^(k-1))}.
 *
 * <p>Why jitter with a floor ("equal jitter"): the case this exists for is a stampede, hundreds
 * of nodes joining one seed at the same instant. Without jitter every refused joiner comes back
 * at the same instant and the seed sees the same burst again; the random half spreads each wave
 * over a window as wide as the delay, and the window doubles each time, so the retry rate a seed
 * sees halves every round until it keeps up. The floor of {@code d/2} keeps a joiner from
 * coming straight back to a seed that just refused it (full jitter can draw 0).
 *
 * <p>The random numbers come from the engine's injected generator: a simulation with one seed
 * replays the same delays.
 */
final class JoinBackoff {
    /** The first retry waits 100-200 ms. */
    static final long BASE_NANOS = 200_000_000L;
    /** No wait is longer than 5 s, so a seed that comes back is found within 5 s. */
    static final long MAX_NANOS = 5_000_000_000L;

    private JoinBackoff() {}

    /** The upper bound {@code d} of retry {@code k} (k ≥ 1). */
    static long ceiling(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be >= 1, was " + retry);
        }
        int shift = Math.min(retry - 1, 30);
        long d = BASE_NANOS << shift;
        return d <= 0 || d > MAX_NANOS ? MAX_NANOS : d;
    }

    /** The wait before retry {@code k} (k ≥ 1), in {@code [ceiling/2, ceiling]}. */
    static long delay(int retry, RandomGenerator random) {
        long d = ceiling(retry);
        long half = d / 2;
        return half + random.nextLong(d - half + 1);
    }
}
