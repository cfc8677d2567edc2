package io.memberlist.core;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Not in Go (a local policy; nothing changes on the wire): members that keep coming back. A
 * member with a gray failure (it loses most of its packets, or keeps stalling) is suspected again
 * and again, refutes each time, and is sometimes declared dead before its refutation arrives; it
 * then comes back with a higher incarnation, and its status flaps in every view for as long as the
 * failure lasts (the Rapid paper, USENIX ATC '18). A comeback is an alive at a higher
 * incarnation after the member was suspect or dead in this view, or, while it is alive here, with
 * unchanged metadata (a refutation of a suspicion held elsewhere, not a meta update). The first
 * comeback is forgiven (any member refutes a false suspicion now and then under loss); each
 * further one doubles that member's suspicion timeouts, up to {@code maxFactor}, for as long as
 * comebacks keep arriving within {@code windowNanos} of each other: its refutations, which do arrive, then always beat the
 * timer, and the member stays alive in every view instead of flapping. A member that stops
 * coming back is forgotten after the window.
 *
 * <p>The cost: a crash of such a member is detected up to {@code maxFactor} times later, unless
 * its process is gone and its host refuses connections ({@link CrashEvidence}).
 *
 * <p>Bounded: at most {@code 2 × members + 16} entries, expired ones pruned when it grows past.
 */
final class Comebacks {
    private final int maxFactor;
    private final long windowNanos;
    private final Map<String, ArrayDeque<Long>> recent = new HashMap<>();

    /** @param maxFactor the largest timeout multiplier; 1 turns the policy off */
    Comebacks(int maxFactor, long windowNanos) {
        this.maxFactor = maxFactor;
        this.windowNanos = windowNanos;
    }

    boolean enabled() {
        return maxFactor > 1 && windowNanos > 0;
    }

    /** {@code member} came back at {@code now}; {@code members} bounds the table. */
    void record(long now, String member, int members) {
        if (!enabled()) {
            return;
        }
        ArrayDeque<Long> times = recent.computeIfAbsent(member, m -> new ArrayDeque<>());
        expire(now, times);
        times.addLast(now);
        while (times.size() > Integer.numberOfTrailingZeros(Integer.highestOneBit(maxFactor)) + 2) {
            times.pollFirst(); // more than enough to reach the cap
        }
        if (recent.size() > 2 * members + 16) {
            prune(now);
        }
    }

    /** The multiplier of {@code member}'s suspicion timeouts at {@code now}: 2^(comebacks - 1), capped. */
    int factor(long now, String member) {
        if (!enabled()) {
            return 1;
        }
        ArrayDeque<Long> times = recent.get(member);
        if (times == null) {
            return 1;
        }
        expire(now, times);
        if (times.isEmpty()) {
            recent.remove(member);
            return 1;
        }
        long f = 1L << Math.min(30, times.size() - 1); // one comeback is forgiven
        return (int) Math.min(maxFactor, f);
    }

    /** Drops comebacks older than the window before the latest one (the chain broke). */
    private void expire(long now, ArrayDeque<Long> times) {
        if (!times.isEmpty() && now - times.peekLast() > windowNanos) {
            times.clear();
        }
    }

    private void prune(long now) {
        Iterator<ArrayDeque<Long>> it = recent.values().iterator();
        while (it.hasNext()) {
            ArrayDeque<Long> times = it.next();
            expire(now, times);
            if (times.isEmpty()) {
                it.remove();
            }
        }
    }

    int size() {
        return recent.size();
    }

    void clear() {
        recent.clear();
    }
}
