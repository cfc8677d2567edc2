package io.memberlist.core;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Evidence Go ignores: a TCP connection to a member's exact address refused by its host (a reset
 * to the connect). Nothing listens there any more, so the member's process is gone while its
 * host is up, the usual container or process crash. A lost packet, a slow link or a stalled
 * process never produces a refusal (a stalled process's kernel still completes the handshake),
 * which is why this evidence can shorten the suspicion of a member that also failed its UDP
 * probe without adding false positives (BENCHMARKS.md, "Failure-detection policies").
 *
 * <p>Two sources: the prober's own TCP fallback ping (read directly by {@link Prober}), and the
 * periodic push/pull, recorded here: a refused push/pull makes its target the next member probed
 * and counts as evidence for that probe, within a short window.
 *
 * <p>Bounded: at most {@link #MAX_ENTRIES} recent refusals are kept, oldest dropped first.
 */
final class CrashEvidence {
    /** Refusals remembered at once; push/pulls are rare, so a handful is plenty. */
    static final int MAX_ENTRIES = 32;

    private final long suspicionNanos;
    private final Map<String, Long> refusedAt = new LinkedHashMap<>();
    private String probeNext;

    /** @param suspicionNanos the suspicion cap with evidence; 0 turns the rule off */
    CrashEvidence(long suspicionNanos) {
        this.suspicionNanos = suspicionNanos;
    }

    boolean enabled() {
        return suspicionNanos > 0;
    }

    /** The longest suspicion of a member whose failed probe comes with a refusal. */
    long suspicionNanos() {
        return suspicionNanos;
    }

    /** True when a stream failure {@code reason} is a refused connection (see {@link Outbox#CONNECTION_REFUSED}). */
    static boolean isRefusal(String reason) {
        return reason != null && reason.startsWith(Outbox.CONNECTION_REFUSED);
    }

    /** A periodic push/pull to {@code member} at its current address was refused at {@code now}. */
    void pushPullRefused(long now, String member) {
        if (!enabled()) {
            return;
        }
        refusedAt.remove(member);
        refusedAt.put(member, now);
        if (refusedAt.size() > MAX_ENTRIES) {
            Iterator<String> oldest = refusedAt.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        probeNext = member;
    }

    /** The member to probe at the next probe tick, out of turn, or null; asked once. */
    String takeProbeNext() {
        String m = probeNext;
        probeNext = null;
        return m;
    }

    /** True when a push/pull to {@code member} was refused within {@code window} before {@code now}. */
    boolean refusedRecently(long now, String member, long window) {
        Long at = refusedAt.get(member);
        if (at == null) {
            return false;
        }
        if (now - at > window) {
            refusedAt.remove(member);
            return false;
        }
        return true;
    }

    /** Forgets {@code member}'s refusal (it answered after all, or was declared dead). */
    void forget(String member) {
        refusedAt.remove(member);
    }

    void clear() {
        refusedAt.clear();
        probeNext = null;
    }
}
