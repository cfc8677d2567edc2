package io.memberlist.core;

import io.memberlist.Metrics;

/**
 * Lifeguard local health (PROTOCOL.md §10.3): a score in {@code [0, max - 1]} that rises when this
 * node seems to be the problem (missed nacks, refutations) and falls on successful probes. Probe
 * timeouts stretch by {@code score + 1}, so a slow node stops accusing healthy ones.
 */
final class Awareness {
    static final String GAUGE = "memberlist.health.score";

    private final int max;
    private final Metrics metrics;
    private int score;

    Awareness(int max, Metrics metrics) {
        this.max = max;
        this.metrics = metrics;
    }

    /** The score after applying {@code delta} to {@code score}, clamped to {@code [0, max - 1]}. */
    static int clamp(int score, int delta, int max) {
        long s = (long) score + delta;
        if (s < 0) {
            return 0;
        }
        return (int) Math.min(s, max - 1);
    }

    void applyDelta(int delta) {
        int before = score;
        score = clamp(score, delta, max);
        if (score != before) {
            metrics.gauge(GAUGE, score);
        }
    }

    int score() {
        return score;
    }

    /** {@code base × (score + 1)}. */
    long scale(long baseNanos) {
        return baseNanos * (score + 1);
    }
}
