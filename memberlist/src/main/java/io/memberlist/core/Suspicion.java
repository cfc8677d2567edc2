package io.memberlist.core;

import java.util.HashSet;
import java.util.Set;

/**
 * One suspicion (Lifeguard, PROTOCOL.md §10.4): a timer that starts at {@code max} and shrinks
 * towards {@code min} as independent members confirm the suspicion, so a truly failed node is
 * declared dead quickly while a lone, possibly confused accuser cannot kill a healthy one fast.
 *
 * <p>The static functions are the formulas, with Go's own arithmetic (integer nanoseconds,
 * millisecond flooring), pinned by table tests.
 */
final class Suspicion {
    private final int k;
    private final long min;
    private final long max;
    private long start;
    private final long stateChange;
    private final Set<String> confirmers = new HashSet<>();
    private int confirmations;
    private Timers.Timer timer;
    /** The accuser whose dead message this suspicion was made of ({@code checkAccusations}), or null. */
    private String fromDeadOf;
    /** An absolute deadline the suspicion never runs past ({@link #capAt}); none by default. */
    private long cap = Long.MAX_VALUE;
    /** This node probed the suspect when the timer ran out ({@link LoneSuspicion}): once at most. */
    private boolean verified;
    /** A probe of this node's failed while the suspicion ran ({@link Membership#probeFailed}). */
    private boolean probedHere;
    /**
     * Started from a push/pull's suspect state, this node's name standing in for an accuser it
     * does not know ({@code Membership.mergeSuspect}): the first named accuser heard later is
     * most likely that same accusation, so it does not make the suspicion confirmed by others.
     */
    private boolean relayed;

    /**
     * @param from the accuser, recorded as a confirmer but not counted
     * @param stateChange the node's state-change time this suspicion belongs to
     */
    Suspicion(String from, int k, long min, long max, long start, long stateChange) {
        this.k = k;
        this.min = min;
        this.max = max;
        this.start = start;
        this.stateChange = stateChange;
        confirmers.add(from);
    }

    /**
     * Minimum suspicion timeout: {@code mult × trunc(max(1, log10(max(1, n))) × 1000) × interval /
     * 1000}, in integer nanoseconds.
     */
    static long minTimeout(int suspicionMult, int n, long probeIntervalNanos) {
        double nodeScale = Math.max(1.0, Math.log10(Math.max(1.0, n)));
        return suspicionMult * (long) (nodeScale * 1000) * probeIntervalNanos / 1000;
    }

    /** Confirmations wanted before the timeout reaches its minimum: {@code mult - 2}, or 0 when N is too small. */
    static int confirmationsNeeded(int suspicionMult, int n) {
        int k = suspicionMult - 2;
        return n - 2 < k ? 0 : k;
    }

    /**
     * The total timeout after {@code n} of {@code k} confirmations: {@code max(min, floor(1000 ×
     * (max - ln(n+1)/ln(k+1) × (max - min))) ms)}, times in nanoseconds.
     */
    static long timeoutAfter(int n, int k, long minNanos, long maxNanos) {
        double frac = Math.log(n + 1.0) / Math.log(k + 1.0);
        double maxSec = maxNanos / 1e9;
        double minSec = minNanos / 1e9;
        double raw = maxSec - frac * (maxSec - minSec);
        long timeout = (long) Math.floor(1000.0 * raw) * 1_000_000L;
        return Math.max(timeout, minNanos);
    }

    /** The first timeout: {@code max} when confirmations are expected, else {@code min}. */
    long initialTimeout() {
        return k < 1 ? min : max;
    }

    long start() {
        return start;
    }

    long stateChange() {
        return stateChange;
    }

    int confirmations() {
        return confirmations;
    }

    int k() {
        return k;
    }

    void setTimer(Timers.Timer timer) {
        this.timer = timer;
    }

    void cancel() {
        if (timer != null) {
            timer.cancel();
        }
    }

    /**
     * Registers a confirmation from {@code from}. Returns false (nothing changes) for a known
     * confirmer or when {@code k} confirmations were already counted; otherwise the new absolute
     * deadline is {@link #deadline()}.
     */
    boolean confirm(String from) {
        if (!confirmers.add(from) || confirmations >= k) {
            return false; // a known confirmer, or one past k: remembered, not counted
        }
        confirmations++;
        return true;
    }

    /**
     * Ends the suspicion at {@code at} at the latest, whatever the confirmations (local evidence
     * of a crash, {@link CrashEvidence}); an earlier cap stays. Returns true when the deadline
     * moved earlier.
     */
    boolean capAt(long at) {
        long before = deadline();
        cap = Math.min(cap, at);
        return deadline() < before;
    }

    /** True once {@link #capAt} was called: local evidence of a crash bounds this suspicion. */
    boolean capped() {
        return cap != Long.MAX_VALUE;
    }

    void madeOfDeadFrom(String accuser) {
        fromDeadOf = accuser;
    }

    /** True when this suspicion was made of a dead message from {@code accuser}: its copies are not a second accusation. */
    boolean isMadeOfDeadFrom(String accuser) {
        return fromDeadOf != null && fromDeadOf.equals(accuser);
    }

    /**
     * True when a member other than the first accuser accused the suspect too, whether or not its
     * confirmation counted (past k, or k = 0): the suspicion is not one member's word alone.
     */
    boolean confirmedByOthers() {
        return confirmers.size() > (relayed ? 2 : 1);
    }

    /** Marks a suspicion started from a push/pull's suspect state (see {@link #confirmedByOthers}). */
    void markRelayed() {
        relayed = true;
    }

    /**
     * True when a probe of this node's failed while this suspicion ran (not the one that may have
     * started it): this node has its own evidence, the check {@link LoneSuspicion} would make.
     */
    boolean probedHere() {
        return probedHere;
    }

    void markProbedHere() {
        probedHere = true;
    }

    /** True once this node has checked the suspect itself ({@link LoneSuspicion}). */
    boolean verified() {
        return verified;
    }

    /** Records that this node is checking the suspect itself; a suspicion is checked once. */
    void markVerified() {
        verified = true;
    }

    /**
     * Runs the timer again from {@code now}, as if the suspicion had just started (its accusers,
     * confirmations and cap kept): the suspect answered this node's check ({@link LoneSuspicion}).
     */
    void restart(long now) {
        start = now;
    }

    /** True when {@code accuser} started or confirmed this suspicion (confirmations past k included). */
    boolean accusedBy(String accuser) {
        return confirmers.contains(accuser);
    }

    /** Absolute deadline for the current number of confirmations (and the cap, if any). */
    long deadline() {
        long d = confirmations == 0 ? start + initialTimeout()
                : start + timeoutAfter(confirmations, k, min, max);
        return Math.min(d, cap);
    }
}
