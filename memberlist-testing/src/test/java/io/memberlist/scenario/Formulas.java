package io.memberlist.scenario;

import java.time.Duration;

/** PROTOCOL.md §10.4/§10.5 formulas, written out independently of the engine to bound scenario outcomes. */
final class Formulas {
    private Formulas() {}

    /** min = mult × trunc(max(1, log10(N)) × 1000) × probeInterval / 1000. */
    static Duration suspicionMin(int mult, int n, Duration probeInterval) {
        double nodeScale = Math.max(1.0, Math.log10(Math.max(1.0, n)));
        long scaled = (long) (nodeScale * 1000);
        return Duration.ofNanos(mult * scaled * probeInterval.toNanos() / 1000);
    }

    static Duration suspicionMax(int mult, int maxMult, int n, Duration probeInterval) {
        return suspicionMin(mult, n, probeInterval).multipliedBy(maxMult);
    }

    /** retransmitMult × ceil(log10(N + 1)). */
    static int retransmitLimit(int mult, int n) {
        return mult * (int) Math.ceil(Math.log10(n + 1.0));
    }
}
