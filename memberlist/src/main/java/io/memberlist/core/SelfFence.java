package io.memberlist.core;

import java.util.ArrayDeque;

/**
 * Not in Go (a local policy; nothing changes on the wire): when this node should conclude that
 * its own network is broken, and for how long it then stays out. The counters and the backoff
 * only; {@link Fencing} carries out the decisions.
 *
 * <p>The evidence is refutations. A member refutes an accusation only when the accuser held its
 * latest incarnation, that is, heard its previous refutation and still failed to reach it. A
 * member with a gray failure (it loses most of what it sends and receives) is accused again as
 * soon as each refutation gets out, over and over; a member behind a clean partition is not (its
 * refutations do not reach the other side, whose accusations stay at the old incarnation and are
 * not refuted again). {@link #refuted} counts them within a sliding window; {@link Fencing}
 * decides which ones count (accusers this node still holds live, and only while most of the
 * cluster is live in its view).
 *
 * <p>The backoff: the first fence of a streak keeps the node out for {@code backoff}, each further
 * one (a fence after a rejoin, or a failed rejoin trial) twice as long as the one before, up to
 * {@code maxBackoff}. A node that stayed in for {@code maxBackoff} since it last rejoined starts
 * a new streak.
 */
final class SelfFence {
    private final int threshold;
    private final long window;
    private final long backoff;
    private final long maxBackoff;
    private final ArrayDeque<Long> refutations = new ArrayDeque<>();
    /** Refutations of other members seen, in {@link #BUCKETS} slots of {@code window / BUCKETS}. */
    private final long[] slot = new long[BUCKETS];
    private final int[] seen = new int[BUCKETS];
    private final long slotWidth;
    /** Fences (and failed trials) since the streak began; 0 before the first. */
    private int streak;
    /** When this node last rejoined after a fence, or {@link Long#MIN_VALUE}. */
    private long rejoinedAt = Long.MIN_VALUE;

    /**
     * @param threshold refutations within {@code windowNanos} that fence this node; 0 turns the
     *     policy off
     */
    SelfFence(int threshold, long windowNanos, long backoffNanos, long maxBackoffNanos) {
        this.threshold = threshold;
        this.window = windowNanos;
        this.backoff = backoffNanos;
        this.maxBackoff = Math.max(backoffNanos, maxBackoffNanos);
        this.slotWidth = Math.max(1, windowNanos / BUCKETS);
        java.util.Arrays.fill(slot, Long.MIN_VALUE);
    }

    /** Slots of the others' refutation count. */
    static final int BUCKETS = 12;

    boolean enabled() {
        return threshold > 0 && window > 0 && backoff > 0;
    }

    /** Records a counted refutation at {@code now}; true when the threshold is reached. */
    boolean refuted(long now) {
        if (!enabled()) {
            return false;
        }
        expire(now);
        refutations.addLast(now);
        return refutations.size() >= threshold;
    }

    /** Counted refutations within the window before {@code now}. */
    int recent(long now) {
        expire(now);
        return refutations.size();
    }

    /** Another member refuted a suspicion (an alive at a higher incarnation) seen at {@code now}. */
    void othersRefuted(long now) {
        if (!enabled()) {
            return;
        }
        long s = Math.floorDiv(now, slotWidth);
        int i = (int) Math.floorMod(s, (long) BUCKETS);
        if (slot[i] != s) {
            slot[i] = s;
            seen[i] = 0;
        }
        seen[i]++;
    }

    /** Refutations of other members seen within about the window before {@code now}. */
    int othersRecent(long now) {
        long current = Math.floorDiv(now, slotWidth);
        int sum = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (slot[i] != Long.MIN_VALUE && current - slot[i] < BUCKETS) {
                sum += seen[i];
            }
        }
        return sum;
    }

    /**
     * True when this node refuted at least {@link #OUTLIER} times as often, within the window, as
     * the average of the {@code liveOthers} other members whose refutations it saw: its network is
     * the odd one out. Under loss on every link every member refutes, and none is an outlier.
     */
    boolean outlier(long now, int liveOthers) {
        return (long) recent(now) * Math.max(1, liveOthers) >= (long) OUTLIER * othersRecent(now);
    }

    /** How many times the cluster's average this node's refutations must be to fence it. */
    static final int OUTLIER = 10;

    /** This node fences itself at {@code now}: how long it stays out before its rejoin trial. */
    long fence(long now) {
        if (rejoinedAt != Long.MIN_VALUE && now - rejoinedAt >= maxBackoff) {
            streak = 0; // in and healthy for long enough: forgiven
        }
        streak++;
        refutations.clear();
        return backoff(streak);
    }

    /** The rejoin trial failed: the node stays out for the next, doubled, backoff. */
    long trialFailed() {
        streak++;
        return backoff(streak);
    }

    /** The node rejoined at {@code now}: refutations start from zero. */
    void rejoined(long now) {
        rejoinedAt = now;
        refutations.clear();
    }

    int streak() {
        return streak;
    }

    /** The backoff of the {@code n}-th fence of a streak (n ≥ 1): {@code backoff × 2^(n-1)}, capped. */
    long backoff(int n) {
        int shift = Math.min(Math.max(n, 1) - 1, 62);
        if (backoff > (maxBackoff >> shift)) {
            return maxBackoff;
        }
        return Math.min(maxBackoff, backoff << shift);
    }

    private void expire(long now) {
        while (!refutations.isEmpty() && now - refutations.peekFirst() >= window) {
            refutations.pollFirst();
        }
    }

    void clear() {
        refutations.clear();
    }
}
