package io.memberlist.core;

/**
 * Not in Go ({@code Config.verifyLoneSuspicion}; nothing new on the wire): a suspicion that runs
 * out on its first accuser's word alone is checked before this node declares the member dead.
 *
 * <p>Why: the member a lone accuser suspects is usually healthy (the accuser was slow or cut
 * off), and refutes at once, directly to every member and by gossip. A member that missed every
 * copy of that refutation (lost packets; gossip gives each member a few copies, so a member misses
 * them all with probability about {@code e^-copies}) and whose probe rotation does not reach the
 * subject before its timer runs out would declare a healthy member dead: campaign seed 7188
 * (docs/TESTING.md). Go has the same gap.
 *
 * <p>The check ({@link Membership} runs it when the timer fires): this node probes the suspect at
 * once, out of turn, with an ordinary probe whose direct ping carries the suspect message (as
 * Lifeguard's buddy probe does, whatever {@code lifeguardBuddy} says), so the member learns it is
 * accused and refutes (or, already past that incarnation, answers with its current alive, see
 * {@link Membership}'s stale-accusation answer); indirect pings and the TCP fallback follow as in
 * any probe. The timer is extended meanwhile by {@link #margin()}, so the check never holds a
 * death back longer than that.
 *
 * <ul>
 *   <li>No answer: the member is declared dead when the probe fails, about one probe interval
 *       after the timer ran out.
 *   <li>An answer and the refutation: the suspicion ends as any refuted one does.
 *   <li>An answer alone (the refutation lost, or a Go member that ignores a stale accusation):
 *       the member is up and has heard of the accusation, but an ack cannot clear a suspicion
 *       (only a higher incarnation does, §9.2), so the suspicion starts again from the start,
 *       once; when it runs out again the member is declared dead as in Go, with no second check.
 *       Its refutation, our own probes of it (which carry the suspect) and push/pulls have that
 *       long to reach us; confirmations from other members shorten it as usual.
 * </ul>
 *
 * <p>Not checked: a suspicion someone else confirmed (an independent accuser is the evidence
 * Lifeguard asks for); one during which a probe of this node's own failed (the same check, made
 * already: in a cluster of two, say, the survivor probes nobody else); and one capped by local
 * evidence of a crash ({@link CrashEvidence}).
 * Bounded: one check per suspicion, so a suspicion lasts at most its timeout, plus one probe, plus
 * its timeout again. Go's {@code memberlist.degraded.timeout} is counted when the death is
 * declared (a check that ends in a refutation declares none); {@link #VERIFIED} and
 * {@link #ANSWERED} count the checks.
 */
final class LoneSuspicion {
    /** Lone suspicions that ran out and were checked with a probe. */
    static final String VERIFIED = "memberlist.suspicion.verified";
    /** Checks the suspect answered: its suspicion started again. */
    static final String ANSWERED = "memberlist.suspicion.answered";

    /** What the check learns: whether the suspect answered the probe (directly, indirectly or over TCP). */
    @FunctionalInterface
    interface Outcome {
        void ended(long now, boolean answered);
    }

    /** Starts a probe of a member out of turn and reports its outcome once ({@link Prober#verify}). */
    @FunctionalInterface
    interface Check {
        void probe(long now, String member, Outcome outcome);
    }

    private final Context ctx;
    private Check check;

    LoneSuspicion(Context ctx) {
        this.ctx = ctx;
    }

    /** Sets how a member is probed out of turn (the prober is made after the membership). */
    void probeWith(Check check) {
        this.check = check;
    }

    /** True when {@code s}, whose timer ran out, is to be checked before a death. */
    boolean wanted(Suspicion s) {
        return ctx.settings.verifyLoneSuspicion() && check != null && ctx.probeInterval > 0
                && !s.verified() && !s.confirmedByOthers() && !s.probedHere() && !s.capped();
    }

    /**
     * How long the timer is extended while the check runs: the probe's own length (one
     * health-scaled probe interval, at whose end it fails, its TCP fallback included) plus a probe
     * timeout as a margin; the probe's failure declares the death before this runs out.
     */
    long margin() {
        return ctx.awareness.scale(ctx.probeInterval) + ctx.probeTimeout;
    }

    /** Probes {@code member} now; {@code outcome} runs once, when the probe ends. */
    void probe(long now, String member, Outcome outcome) {
        ctx.metrics.counter(VERIFIED, 1);
        check.probe(now, member, outcome);
    }
}
