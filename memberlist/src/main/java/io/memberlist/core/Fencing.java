package io.memberlist.core;

import io.memberlist.Endpoint;
import io.memberlist.codec.Alive;
import io.memberlist.codec.Dead;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not in Go (a local policy; wire-compatible: an ordinary leave, pings, an ordinary alive and
 * push/pull to come back): self-fencing ({@code Config.selfFenceRefutations}). A member that had
 * to refute too many accusations ({@link SelfFence}) concludes that its own network is broken and
 * leaves the cluster on its own, so that the others see one stable, agreed outcome (it left)
 * instead of a member that flaps between alive and suspect in every view for as long as its
 * network is bad.
 *
 * <p>Which refutations count: those of accusations made by a member this node holds live (alive
 * or suspect): a member it can otherwise reach, as far as its view knows. Accusations merged from
 * a push/pull (made in this node's name) and those of members it holds dead (the other side of a
 * partition, once the partition heals) do not. The node fences only while at least half of the
 * other members are live in its view (a member on the smaller side of a partition, which has
 * declared the other side dead, does not), and only when it refuted {@link SelfFence#OUTLIER}
 * times as often as the other members on average ({@link SelfFence#outlier}): under loss on every
 * link, or a partition that comes and goes, every member refutes, and none fences.
 *
 * <p>While fenced the node takes no part in the protocol beyond its leave, which it sends directly
 * to every member {@link #LEAVE_ROUNDS} times: it stops probing (a member with a gray failure is
 * the main source of false accusations of healthy members), drops its running probe, suspicions of
 * others and queued gossip, ignores membership messages about others, makes no push/pull or
 * reconnect, and answers a push/pull with its own entry only (left) without merging. It keeps
 * answering pings. Its member table stays as it was (the application's {@code members()} is that
 * last view, itself excluded: it left).
 *
 * <p>After the backoff, a rejoin trial: {@link #TRIAL_PINGS} direct pings to members it knew, one
 * per probe interval. When at least three in four are answered its network works again: it comes
 * back with a new incarnation above the one it left with (an ordinary alive, announced directly to
 * the members it knew, and a push/pull join with up to {@link #REJOIN_SEEDS} of them). Otherwise
 * it stays out for the next, doubled, backoff and tries again. So a member whose network got
 * better comes back, and one that stays gray checks less and less often and does not flap.
 */
final class Fencing {
    private static final Logger LOG = LoggerFactory.getLogger(Fencing.class);

    /** Fences, by reason: {@code refutations} (fenced itself) or {@code trial} (stayed out after a failed rejoin trial). */
    static final String FENCED = "memberlist.fence";
    /** Rejoins after a fence. */
    static final String REJOINED = "memberlist.fence.rejoin";
    /** Refutations counted towards a fence. */
    static final String COUNTED = "memberlist.fence.refutation";

    /** Direct pings of a rejoin trial, one per probe interval. */
    static final int TRIAL_PINGS = 30;
    /** Members a rejoin joins through (push/pull), at most. */
    static final int REJOIN_SEEDS = 3;
    /**
     * Times the leave is sent directly to every member (one round per probe interval, each after
     * the previous one went out): the fencing node loses most of its packets, and a member that
     * misses every copy (the direct one and the gossip) holds it live until its own timer runs
     * out. At 80% loss one copy arrives with 20% probability, ten miss with 11%.
     */
    static final int LEAVE_ROUNDS = 10;

    private final Context ctx;
    private final SelfFence policy;
    private final Membership membership;
    private final Prober prober;
    private final StateSync sync;
    private final SelfAnnouncer announcer;
    private final FailedMembers failed;
    private final Supplier<byte[]> meta;
    /** The pending trial (or its next ping); null when none. */
    private Timers.Timer timer;
    /** The application left while fenced: no rejoin. */
    private boolean stayOut;
    /** Counts of the running trial: sent, answered, concluded. */
    private int trialSent;
    private int trialAcked;
    private int trialDone;
    /** Identifies the running trial, so that late answers of an abandoned one are ignored. */
    private int trialId;
    /** Counts fences and rejoins, so that a repeat of an earlier fence's leave is not sent. */
    private int epoch;

    Fencing(Context ctx, SelfFence policy, Membership membership, Prober prober, StateSync sync,
            SelfAnnouncer announcer, FailedMembers failed, Supplier<byte[]> meta) {
        this.ctx = ctx;
        this.policy = policy;
        this.membership = membership;
        this.prober = prober;
        this.sync = sync;
        this.announcer = announcer;
        this.failed = failed;
        this.meta = meta;
    }

    /**
     * This node refuted an accusation by {@code accuser} (the suspect's or dead's {@code from}).
     * Called from inside the membership update: a fence it decides runs from the timer queue.
     */
    void refuted(long now, String accuser) {
        if (!policy.enabled() || ctx.fenced || ctx.leaving || ctx.shutdown || !reachable(accuser)) {
            return;
        }
        ctx.metrics.counter(COUNTED, 1);
        boolean reached = policy.refuted(now);
        if (reached) {
            int others = ctx.table.size() - 1;
            int live = liveOthers();
            // Most of the cluster still live in our view (not the small side of a partition), and
            // our refutations far above the others' (not loss on every link).
            if (2 * live >= others && policy.outlier(now, live)) {
                ctx.timers.schedule(Long.MIN_VALUE, this::fence);
            }
        }
    }

    /** Other members alive or suspect in this node's view. */
    private int liveOthers() {
        int live = 0;
        for (NodeState n : ctx.table.all()) {
            if (!n.name.equals(ctx.name) && !n.isDeadOrLeft()) {
                live++;
            }
        }
        return live;
    }

    /** Another member refuted a suspicion: the cluster's usual refutation rate, to compare with ours. */
    void othersRefuted(long now) {
        if (!ctx.fenced) {
            policy.othersRefuted(now);
        }
    }

    /** An accuser this node holds live: one it can otherwise reach, as far as its view knows. */
    private boolean reachable(String accuser) {
        if (accuser == null || accuser.equals(ctx.name)) {
            return false;
        }
        NodeState a = ctx.table.get(accuser);
        return a != null && !a.isDeadOrLeft();
    }

    private void fence(long now) {
        if (ctx.fenced || ctx.leaving || ctx.shutdown) {
            return;
        }
        int refutations = policy.recent(now);
        long out = policy.fence(now);
        LOG.warn("{}: fencing itself off: it refuted {} accusations within {} s, so its own network is"
                + " probably broken; leaving the cluster, rejoin trial in {} s", ctx.name, refutations,
                ctx.settings.selfFenceWindowNanos() / 1_000_000_000L, out / 1_000_000_000L);
        ctx.metrics.counter(FENCED, 1, Map.of("reason", "refutations"));
        ctx.fenced = true;
        ctx.leaving = true;
        ctx.broadcasts.reset(); // our queued gossip, our own accusations of others among it
        prober.abandon();
        membership.withdrawSuspicions(now);
        failed.clear();
        NodeState self = ctx.self();
        Dead leave = new Dead(self.incarnation, ctx.name, ctx.name);
        membership.deadNode(now, leave);
        ctx.outbox.event(new MemberEvent.Fenced(self.toMember(), out));
        timer = ctx.timers.schedule(now + out, this::startTrial);
        epoch++;
        repeatLeave(leave, LEAVE_ROUNDS - 1, epoch);
    }

    /** Once the last round of the leave went out, another one a probe interval later. */
    private void repeatLeave(Dead leave, int rounds, int id) {
        if (rounds <= 0) {
            return;
        }
        // whenDrained may run its callback from the announcer's batch timer: a timer due at once
        // brings the time.
        announcer.whenDrained(() -> ctx.timers.schedule(Long.MIN_VALUE, t -> ctx.timers.schedule(
                t + spacing(), t2 -> {
                    if (id == epoch && ctx.fenced && !ctx.shutdown) {
                        announcer.announceAgain(t2, leave);
                        repeatLeave(leave, rounds - 1, id);
                    }
                })));
    }

    private void startTrial(long now) {
        timer = null;
        if (!ctx.fenced || stayOut || ctx.shutdown) {
            return;
        }
        if (known(1).isEmpty()) {
            rejoin(now); // nobody to test against, nobody to rejoin through: back alone
            return;
        }
        trialId++;
        trialSent = 0;
        trialAcked = 0;
        trialDone = 0;
        trialPing(now, trialId);
    }

    private void trialPing(long now, int id) {
        timer = null;
        if (id != trialId || !ctx.fenced || stayOut || ctx.shutdown) {
            return;
        }
        List<NodeState> pick = known(1);
        if (pick.isEmpty()) {
            trialDone(now, id);
            return;
        }
        NodeState target = pick.get(0);
        trialSent++;
        prober.ping(now, target.name, target.endpoint(), new PingCallback() {
            @Override
            public void done(long rttNanos) {
                if (id == trialId) {
                    trialAcked++;
                    concluded(id);
                }
            }

            @Override
            public void failed(String reason) {
                if (id == trialId) {
                    concluded(id);
                }
            }
        });
        if (trialSent < TRIAL_PINGS) {
            timer = ctx.timers.schedule(now + spacing(), t -> trialPing(t, id));
        }
    }

    /** One trial ping answered or timed out (no time here: the end runs from the timer queue). */
    private void concluded(int id) {
        trialDone++;
        if (trialDone == TRIAL_PINGS) {
            ctx.timers.schedule(Long.MIN_VALUE, t -> trialDone(t, id));
        }
    }

    private void trialDone(long now, int id) {
        if (id != trialId || !ctx.fenced || stayOut || ctx.shutdown) {
            return;
        }
        trialId++;
        if (4 * trialAcked >= 3 * trialSent && trialSent > 0) {
            LOG.info("{}: rejoin trial passed: {} of {} pings answered", ctx.name, trialAcked, trialSent);
            rejoin(now);
            return;
        }
        long out = policy.trialFailed();
        LOG.warn("{}: rejoin trial failed: {} of {} pings answered; staying out, next trial in {} s",
                ctx.name, trialAcked, trialSent, out / 1_000_000_000L);
        ctx.metrics.counter(FENCED, 1, Map.of("reason", "trial"));
        ctx.outbox.event(new MemberEvent.Fenced(ctx.self().toMember(), out));
        timer = ctx.timers.schedule(now + out, this::startTrial);
    }

    private long spacing() {
        return ctx.probeInterval > 0 ? ctx.probeInterval : ctx.probeTimeout;
    }

    /** Up to {@code k} random members this node holds live (its table is frozen while fenced). */
    private List<NodeState> known(int k) {
        return ctx.table.randomNodes(k, n -> !n.name.equals(ctx.name) && !n.isDeadOrLeft());
    }

    /**
     * Comes back: a new incarnation above the one it left with, its alive announced directly to
     * the members it knew and gossiped, and a push/pull join with up to {@link #REJOIN_SEEDS} of
     * them. Also what an explicit join does while fenced.
     */
    void rejoin(long now) {
        if (!ctx.fenced || ctx.shutdown) {
            return;
        }
        cancelTimer();
        trialId++;
        epoch++;
        ctx.fenced = false;
        ctx.leaving = false;
        stayOut = false;
        policy.rejoined(now);
        NodeState self = ctx.self();
        long inc = StateRules.refutationIncarnation(ctx.incarnation(), self.incarnation);
        ctx.setIncarnation(inc);
        byte[] m = self.meta;
        try {
            m = meta.get();
        } catch (IllegalStateException e) {
            LOG.warn("{}: keeping the old metadata on rejoin: {}", ctx.name, e.getMessage());
        }
        membership.aliveNode(now, new Alive(inc, ctx.name, self.addr, self.port, m, ctx.settings.vsn()),
                null, true);
        // Entries dead or left for longer than gossipToTheDead (most of them died while we were
        // out) go now, as at the end of a probe round: the join's state would revive them as
        // suspects elsewhere. Our own entry is alive again, so it stays.
        ctx.table.reapAndShuffle(now, ctx.gossipToTheDead);
        ctx.metrics.counter(REJOINED, 1);
        List<NodeState> seeds = known(REJOIN_SEEDS);
        LOG.info("{}: rejoining the cluster at incarnation {} through {} known members", ctx.name, inc,
                seeds.size());
        if (seeds.isEmpty()) {
            return;
        }
        Map<Endpoint, String> named = new LinkedHashMap<>();
        for (NodeState s : seeds) {
            named.put(s.endpoint(), s.name);
        }
        sync.join(now, named, now, (joined, errors) -> {
            if (joined == 0) {
                LOG.info("{}: rejoin push/pull failed with every seed ({}); gossip and probes carry"
                        + " the rejoin", ctx.name, errors.size());
            }
        });
    }

    /** The application left while fenced: it stays out for good. */
    void stayOut() {
        stayOut = true;
        trialId++;
        cancelTimer();
    }

    boolean fenced() {
        return ctx.fenced;
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    void clear() {
        timer = null;
        trialId++;
        policy.clear();
    }
}
