package io.memberlist.core;

import io.memberlist.Endpoint;
import io.memberlist.AliveDelegate;
import io.memberlist.ConflictDelegate;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.VetoException;
import io.memberlist.codec.Alive;
import io.memberlist.codec.Dead;
import io.memberlist.codec.Message;
import io.memberlist.codec.PushNodeState;
import io.memberlist.codec.Suspect;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The membership state machine (PROTOCOL.md §9.2 to §9.6): applies alive, suspect and dead
 * messages to the member table, refutes accusations about this node, runs suspicion timers,
 * queues the resulting broadcasts and emits join/leave/update events.
 */
final class Membership {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

    /** Refused remote alives, by {@link AliveCheck.Refusal#tag()}. */
    static final String ALIVE_REFUSED = "memberlist.alive.refused";

    private final Context ctx;
    private final SelfAnnouncer announcer;
    private final FailedMembers failed;
    private final LogLimiter remoteLog = new LogLimiter();
    /** Probe intervals between two refutations announced directly (see {@link #refute}). */
    static final int REFUTE_ANNOUNCE_SPACING = 10;
    private long lastRefuteAnnounce = Long.MIN_VALUE;
    /** When an accuser at a stale incarnation of ours was last told our current one. */
    private long lastStaleReply = Long.MIN_VALUE;
    private final Map<String, Suspicion> suspicions = new HashMap<>();
    private final Comebacks comebacks;
    private final DeathNotice notice;
    private final LoneSuspicion lone;
    /** Other members that became alive from unknown, dead or left: a count, never reset. */
    private long joinsLearned;
    /** Told of every refuted accusation ({@code selfFenceRefutations}); set once by the engine. */
    private Fencing fencing;

    Membership(Context ctx, SelfAnnouncer announcer, FailedMembers failed, LoneSuspicion lone) {
        this.ctx = ctx;
        this.announcer = announcer;
        this.failed = failed;
        this.lone = lone;
        this.comebacks = new Comebacks(ctx.settings.flappingSuspicionMult(),
                ctx.settings.flappingWindowNanos());
        this.notice = new DeathNotice(ctx);
    }

    void fencing(Fencing f) {
        this.fencing = f;
    }

    /**
     * Applies an alive message (§9.2).
     *
     * @param onBroadcastDone signalled when the resulting broadcast finishes (may be null)
     * @param bootstrap true for this node's own start and meta updates
     */
    void aliveNode(long now, Alive a, Runnable onBroadcastDone, boolean bootstrap) {
        boolean local = a.node().equals(ctx.name);
        if (ctx.leaving && local || ctx.fenced && !local) {
            return;
        }
        if (!local) {
            AliveCheck.Refusal refusal = AliveCheck.check(a, ctx.settings.vsn());
            if (refusal != null) {
                ctx.metrics.counter(ALIVE_REFUSED, 1, Map.of("reason", refusal.tag()));
                if (LOG.isDebugEnabled() && remoteLog.allow(now)) {
                    LOG.debug("{}: refusing alive for {} ({}, versions {}){}", ctx.name,
                            RemoteText.truncate(a.node()), refusal.tag(),
                            RemoteText.truncate(Arrays.toString(a.vsn())),
                            remoteLog.suppressedSuffix());
                }
                return;
            }
        } else if (!StateRules.versionSane(a.vsn())) {
            LOG.debug("{}: ignoring alive for this node with bad versions {}", ctx.name,
                    RemoteText.truncate(Arrays.toString(a.vsn())));
            return;
        }
        AliveDelegate veto = ctx.settings.alive();
        if (veto != null) {
            if (a.vsn() == null || a.vsn().length < 6) {
                return;
            }
            try {
                veto.notifyAlive(memberOf(a));
            } catch (VetoException | RuntimeException e) {
                LOG.debug("{}: alive for {} vetoed: {}", ctx.name, a.node(), e.getMessage());
                return;
            }
        }
        NodeState state = ctx.table.get(a.node());
        boolean known = state != null;
        boolean updatesNode = false;
        if (state == null) {
            if (!ctx.settings.ipAllowed(addrOrEmpty(a.addr()))) {
                return;
            }
            state = new NodeState(a.node(), a.addr(), a.port(), a.meta(), MemberState.DEAD);
            state.setVsn(a.vsn());
            ctx.table.add(state);
        } else if (!Arrays.equals(state.addr, a.addr()) || state.port != a.port()) {
            if (!ctx.settings.ipAllowed(addrOrEmpty(a.addr()))) {
                return;
            }
            if (StateRules.addressChangeAllowed(state.state, now - state.stateChange,
                    ctx.deadNodeReclaim)) {
                updatesNode = true;
            } else {
                if (remoteLog.allow(now)) {
                    LOG.warn("{}: conflicting address for {}: known {}, claimed {}{}", ctx.name,
                            RemoteText.truncate(state.name), state.endpoint(),
                            RemoteText.truncate(new Endpoint(addrOrEmpty(a.addr()), a.port())),
                            remoteLog.suppressedSuffix());
                }
                ConflictDelegate conflict = ctx.settings.conflict();
                if (conflict != null) {
                    Member other = new Member(a.node(), a.addr(), a.port(), a.meta(), MemberState.ALIVE,
                            a.incarnation(), 0, 0, 0, 0, 0, 0);
                    conflict.notifyConflict(state.toMember(), other);
                }
                return;
            }
        }
        boolean sameAsLocal = local && a.incarnation() == state.incarnation
                && Arrays.equals(nullToEmpty(a.meta()), nullToEmpty(state.meta))
                && Arrays.equals(a.vsn(), state.vsn());
        StateRules.AliveOutcome outcome = StateRules.alive(local, bootstrap, state.incarnation,
                a.incarnation(), updatesNode, sameAsLocal);
        if (outcome == StateRules.AliveOutcome.IGNORE) {
            return;
        }
        cancelSuspicion(a.node());
        MemberState oldState = state.state;
        byte[] oldMeta = state.meta;
        long oldIncarnation = state.incarnation;
        if (outcome == StateRules.AliveOutcome.REFUTE) {
            refute(now, state, a.incarnation());
        } else {
            if (local) {
                // Our own start (nobody to tell yet) or meta update: tell everyone directly too.
                announcer.announce(now, a);
            }
            broadcast(a.node(), a, onBroadcastDone);
            if (a.vsn() != null && a.vsn().length > 0) {
                state.setVsn(a.vsn());
            }
            state.incarnation = a.incarnation();
            state.meta = a.meta();
            state.addr = a.addr();
            state.port = a.port();
            if (known && !local && oldState != MemberState.LEFT && a.incarnation() > oldIncarnation
                    && (oldState != MemberState.ALIVE
                            || Arrays.equals(nullToEmpty(a.meta()), nullToEmpty(oldMeta)))) {
                // back from suspect or dead here, or a refutation of a suspicion held elsewhere
                // (a higher incarnation with the same metadata: not a meta update)
                comebacks.record(now, state.name, ctx.table.size());
                if (fencing != null) {
                    fencing.othersRefuted(now);
                }
            }
            if (state.state != MemberState.ALIVE) {
                state.state = MemberState.ALIVE;
                state.stateChange = now;
            }
            failed.remove(state.name);
        }
        ctx.metrics.counter("memberlist.msg.alive", 1);
        if (oldState.isDeadOrLeft()) {
            if (!local) {
                joinsLearned++;
            }
            ctx.outbox.event(new MemberEvent.Joined(state.toMember()));
        } else if (!Arrays.equals(nullToEmpty(oldMeta), nullToEmpty(state.meta))) {
            ctx.outbox.event(new MemberEvent.Updated(state.toMember()));
        }
    }

    /** Applies a suspect message (§9.3). */
    void suspectNode(long now, Suspect s) {
        suspectNode(now, s, null);
    }

    /**
     * A probe of ours failed ({@code s} is our own accusation): a suspicion of that member already
     * running at that incarnation has this node's own evidence now, beyond its first accuser's
     * word ({@link LoneSuspicion}); then as {@link #suspectNode(long, Suspect)}.
     */
    void probeFailed(long now, Suspect s) {
        Suspicion running = suspicions.get(s.node());
        NodeState state = ctx.table.get(s.node());
        if (running != null && state != null && state.incarnation == s.incarnation()) {
            running.markProbedHere();
        }
        suspectNode(now, s);
    }

    /** As {@link #suspectNode(long, Suspect)}, for a message that arrived in a packet from {@code source}. */
    void suspectNode(long now, Suspect s, Endpoint source) {
        if (ctx.fenced && !s.node().equals(ctx.name) || fromTheDead(s.from(), s.node())) {
            return;
        }
        NodeState state = ctx.table.get(s.node());
        if (state == null || s.incarnation() < state.incarnation) {
            if (state != null && state.name.equals(ctx.name)) {
                staleAccusation(now, s.from(), source);
            }
            return;
        }
        Suspicion existing = suspicions.get(s.node());
        if (existing != null) {
            if (existing.confirm(s.from())) {
                rescheduleSuspicion(now, s.node(), existing);
                broadcast(s.node(), s, null);
            }
            return;
        }
        if (state.state != MemberState.ALIVE) {
            return;
        }
        if (state.name.equals(ctx.name)) {
            refuteAccusation(now, state, s.incarnation(), s.from());
            return;
        }
        broadcast(s.node(), s, null);
        ctx.metrics.counter("memberlist.msg.suspect", 1);
        markSuspect(now, state, s.incarnation(), s.from());
    }

    /** Makes {@code state} SUSPECT at {@code incarnation} from now and starts its suspicion, accused by {@code from}. */
    private Suspicion markSuspect(long now, NodeState state, long incarnation, String from) {
        state.incarnation = incarnation;
        state.state = MemberState.SUSPECT;
        state.stateChange = now;
        return newSuspicion(now, state.name, from);
    }

    /** Starts the suspicion timer of {@code node} (already SUSPECT in the table) accused by {@code from}. */
    private Suspicion newSuspicion(long now, String node, String from) {
        int n = ctx.table.size();
        int k = ctx.settings.lifeguardSuspicion()
                ? Suspicion.confirmationsNeeded(ctx.settings.suspicionMult(), n) : 0;
        int factor = comebacks.factor(now, node);
        if (factor > 1) {
            ctx.metrics.counter(SUSPICION_LENGTHENED, 1);
        }
        long min = factor * Suspicion.minTimeout(ctx.settings.suspicionMult(), n, ctx.probeInterval);
        long max = ctx.settings.suspicionMaxTimeoutMult() * min;
        Suspicion suspicion = new Suspicion(from, k, min, max, now, now);
        suspicions.put(node, suspicion);
        suspicion.setTimer(ctx.timers.schedule(suspicion.deadline(),
                t -> suspicionExpired(t, node, suspicion)));
        return suspicion;
    }

    /**
     * Local evidence that {@code node}'s process is gone ({@link CrashEvidence}): its suspicion at
     * {@code incarnation}, if one runs, ends within {@code timeout} of {@code now}. Changes nothing
     * on the wire: the suspect was broadcast as usual, and the dead that follows is an ordinary one.
     */
    void hastenSuspicion(long now, String node, long incarnation, long timeout) {
        Suspicion s = suspicions.get(node);
        NodeState state = ctx.table.get(node);
        if (s == null || state == null || state.state != MemberState.SUSPECT
                || state.incarnation != incarnation) {
            return;
        }
        if (s.capAt(now + timeout)) {
            ctx.metrics.counter(SUSPICION_HASTENED, 1);
            rescheduleSuspicion(now, node, s);
        }
    }

    /** Dead messages about a member alive here, taken as a suspicion ({@code checkAccusations}). */
    static final String DEAD_AS_SUSPECT = "memberlist.accusation.suspected";

    /**
     * Not in Go ({@code checkAccusations}): a death about a member alive here, never suspected
     * here. Its accuser's suspect did not reach us (nor, likely, the accused, who would have
     * refuted): a cut-off accuser, or one whose suspect was lost. We suspect the member ourselves,
     * quietly (no broadcast, so the echo of that one death finds nobody primed to take it), and
     * tell the accused directly, so it refutes. More copies of the same death are the same
     * accusation; a death from another accuser, or our own timer, ends the suspicion as usual. The
     * suspicion is ours, so an accused already past that incarnation (our view is stale) answers
     * us directly, see {@link #staleAccusation}.
     */
    private void suspectForDeath(long now, NodeState state, Dead d) {
        ctx.metrics.counter(DEAD_AS_SUSPECT, 1);
        Suspicion suspicion = markSuspect(now, state, d.incarnation(), ctx.name);
        suspicion.madeOfDeadFrom(d.from());
        ctx.outbox.sendPacket(state.endpoint(), state.name,
                Wire.encode(new Suspect(d.incarnation(), state.name, ctx.name)), ctx.crcFor(state));
    }

    /** Suspect and dead messages ignored because their accuser is dead or left here. */
    static final String ACCUSATION_IGNORED = "memberlist.accusation.ignored";

    /**
     * Not in Go ({@code EngineSettings.checkAccusations}): true for an accusation about
     * another member by a member this node holds dead or left (or declared dead and has since
     * reaped, see {@link FailedMembers}). Such an accuser is cut off (a gray
     * failure, a partition) and suspects the members it cannot hear; Go would let one of its dead
     * messages take a healthy member down everywhere. Accusations about this node are not ignored
     * (they are refuted: other members may believe them).
     */
    private boolean fromTheDead(String accuser, String accused) {
        if (!ctx.settings.checkAccusations() || accuser == null || accused.equals(ctx.name)
                || accuser.equals(accused)) {
            return false;
        }
        NodeState a = ctx.table.get(accuser);
        // reaped from the table gossipToTheDeadTime after its death, it stays in the failed list
        boolean dead = a != null ? a.isDeadOrLeft() : failed.contains(accuser);
        if (!dead) {
            return false;
        }
        ctx.metrics.counter(ACCUSATION_IGNORED, 1);
        return true;
    }

    /** Suspicions of a flapping member, started with longer timeouts ({@link Comebacks}). */
    static final String SUSPICION_LENGTHENED = "memberlist.suspicion.flapping";

    /** Suspicions shortened by a refused connection ({@link #hastenSuspicion}). */
    static final String SUSPICION_HASTENED = "memberlist.suspicion.refused";

    private void rescheduleSuspicion(long now, String node, Suspicion suspicion) {
        suspicion.cancel();
        long deadline = Math.max(suspicion.deadline(), now);
        suspicion.setTimer(ctx.timers.schedule(deadline,
                t -> suspicionExpired(t, node, suspicion)));
    }

    /** The state of {@code node} while {@code suspicion} is its running suspicion, else null. */
    private NodeState suspectOf(String node, Suspicion suspicion) {
        NodeState state = ctx.table.get(node);
        if (state == null || state.state != MemberState.SUSPECT
                || state.stateChange != suspicion.stateChange()
                || suspicions.get(node) != suspicion) {
            return null;
        }
        return state;
    }

    private void suspicionExpired(long now, String node, Suspicion suspicion) {
        NodeState state = suspectOf(node, suspicion);
        if (state == null) {
            return;
        }
        if (lone.wanted(suspicion)) {
            // Not in Go (verifyLoneSuspicion): one accuser's word alone; probe the member first.
            suspicion.markVerified();
            suspicion.setTimer(ctx.timers.schedule(now + lone.margin(),
                    t -> suspicionExpired(t, node, suspicion)));
            if (LOG.isDebugEnabled()) {
                LOG.debug("{}: suspect timeout reached for {} on one accusation, probing it first",
                        ctx.name, RemoteText.truncate(node));
            }
            lone.probe(now, node, (t, answered) -> verified(t, node, suspicion, answered));
            return;
        }
        declareDead(now, state, suspicion);
    }

    /** The check of a lone suspicion ended ({@link LoneSuspicion}). */
    private void verified(long now, String node, Suspicion suspicion, boolean answered) {
        NodeState state = suspectOf(node, suspicion);
        if (state == null) {
            return; // refuted meanwhile, or already dead
        }
        if (!answered) {
            declareDead(now, state, suspicion);
            return;
        }
        ctx.metrics.counter(LoneSuspicion.ANSWERED, 1);
        suspicion.restart(now);
        rescheduleSuspicion(now, node, suspicion);
    }

    private void declareDead(long now, NodeState state, Suspicion suspicion) {
        String node = state.name;
        suspicion.cancel();
        if (suspicion.k() > 0 && suspicion.confirmations() < suspicion.k()) {
            ctx.metrics.counter("memberlist.degraded.timeout", 1);
        }
        if (remoteLog.allow(now)) {
            LOG.info("{}: marking {} as failed, suspect timeout reached ({} peer confirmations){}",
                    ctx.name, RemoteText.truncate(node), suspicion.confirmations(),
                    remoteLog.suppressedSuffix());
        }
        Dead dead = new Dead(state.incarnation, node, ctx.name);
        deadNode(now, dead);
        if (suspicion.capped() && state.state == MemberState.DEAD) {
            notice.tell(now, dead);
        }
    }

    /** Applies a dead message (§9.4); {@code from == node} is a graceful leave. */
    void deadNode(long now, Dead d) {
        deadNode(now, d, null);
    }

    void deadNode(long now, Dead d, Runnable onBroadcastDone) {
        deadNode(now, d, onBroadcastDone, null);
    }

    /** As {@link #deadNode(long, Dead)}, for a message that arrived in a packet from {@code source}. */
    void deadNodeFrom(long now, Dead d, Endpoint source) {
        deadNode(now, d, null, source);
    }

    private void deadNode(long now, Dead d, Runnable onBroadcastDone, Endpoint source) {
        if (ctx.fenced && !d.node().equals(ctx.name) || !d.isLeave() && fromTheDead(d.from(), d.node())) {
            return;
        }
        NodeState state = ctx.table.get(d.node());
        if (!d.isLeave() && ctx.settings.checkAccusations() && state != null
                && !state.name.equals(ctx.name) && !ctx.name.equals(d.from())
                && d.incarnation() >= state.incarnation) {
            if (state.state == MemberState.ALIVE) {
                suspectForDeath(now, state, d);
                return;
            }
            Suspicion running = suspicions.get(d.node());
            if (state.state == MemberState.SUSPECT && running != null && running.isMadeOfDeadFrom(d.from())) {
                return; // another copy of the death we took for a suspicion: the same accusation
            }
        }
        if (state == null || d.incarnation() < state.incarnation) {
            if (state != null && state.name.equals(ctx.name)) {
                staleAccusation(now, d.from(), source);
            }
            return;
        }
        cancelSuspicion(d.node());
        if (state.isDeadOrLeft()) {
            if (state.state == MemberState.DEAD && d.isLeave() && ctx.settings.checkAccusations()) {
                lateLeave(now, state, d);
            }
            return;
        }
        if (state.name.equals(ctx.name)) {
            if (!ctx.leaving) {
                refuteAccusation(now, state, d.incarnation(), d.from());
                return;
            }
            announcer.announce(now, d);
            broadcast(d.node(), d, onBroadcastDone);
        } else {
            broadcast(d.node(), d, null);
        }
        ctx.metrics.counter("memberlist.msg.dead", 1);
        state.incarnation = d.incarnation();
        state.state = d.isLeave() ? MemberState.LEFT : MemberState.DEAD;
        state.stateChange = now;
        if (state.state == MemberState.DEAD && !state.name.equals(ctx.name)) {
            failed.add(now, state.name, state.endpoint());
        } else {
            failed.remove(state.name);
        }
        ctx.outbox.event(new MemberEvent.Left(state.toMember()));
    }

    /** Members held dead whose own leave arrived later ({@link #lateLeave}). */
    static final String LATE_LEAVE = "memberlist.msg.dead.late_leave";

    /**
     * A member this node holds dead turns out to have left: its own leave (at the incarnation it
     * died at, or later) arrived after this node declared it dead, or after a dead message from
     * someone else did. Its leave was lost or slow (a leaver's gossip reaches only a few members,
     * and a few retransmits), and this node's probe found its process gone first: a fast crash
     * detection ({@code refusedConnectionSuspicion}) makes that race common. Go ignores such a
     * leave (the member stays failed for ever in that view); with {@code checkAccusations} the
     * member's own word replaces the guess: it is marked left, no longer reconnected to, the leave
     * is gossiped on (so members in the same case correct it too; once, since a left member
     * ignores further leaves), and the application is told by a {@link MemberEvent.LateLeave},
     * not a second {@link MemberEvent.Left}: joins and leaves still alternate.
     */
    private void lateLeave(long now, NodeState state, Dead leave) {
        broadcast(state.name, leave, null);
        ctx.metrics.counter(LATE_LEAVE, 1);
        state.incarnation = leave.incarnation();
        state.state = MemberState.LEFT;
        state.stateChange = now; // the left record is kept gossipToTheDeadTime from now
        failed.remove(state.name);
        if (remoteLog.allow(now)) {
            LOG.info("{}: {} left (its leave came after it was declared dead){}", ctx.name,
                    RemoteText.truncate(state.name), remoteLog.suppressedSuffix());
        }
        ctx.outbox.event(new MemberEvent.LateLeave(state.toMember()));
    }

    /**
     * Answers an accusation about this node with a higher incarnation (§9.5). Health +1: being
     * accused hints that we are the slow one. The refutation is always broadcast; it is also
     * sent directly to every member ({@link SelfAnnouncer}) at most once per
     * {@link #REFUTE_ANNOUNCE_SPACING} probe intervals, since anyone can forge an accusation and
     * each direct announcement costs up to {@code selfAnnounceFanout} packets.
     */
    void refute(long now, NodeState me, long accusedIncarnation) {
        long inc = StateRules.refutationIncarnation(ctx.incarnation(), accusedIncarnation);
        ctx.setIncarnation(inc);
        me.incarnation = inc;
        ctx.awareness.applyDelta(1);
        Alive a = new Alive(inc, me.name, me.addr, me.port, me.meta, me.vsn());
        if (mayAnnounceRefutation(now)) {
            announcer.announce(now, a);
        }
        broadcast(me.name, a, null);
    }

    /** Refutes a suspect or dead message about this node made by {@code accuser}, and counts it. */
    private void refuteAccusation(long now, NodeState me, long accusedIncarnation, String accuser) {
        refute(now, me, accusedIncarnation);
        if (fencing != null) {
            fencing.refuted(now, accuser);
        }
    }

    /**
     * This node fenced itself off: its suspicions of others end (its own network is the one in
     * doubt), the members it suspected are alive again in its view, and no timer of its declares
     * anyone dead.
     */
    void withdrawSuspicions(long now) {
        for (Map.Entry<String, Suspicion> e : suspicions.entrySet()) {
            e.getValue().cancel();
            NodeState n = ctx.table.get(e.getKey());
            if (n != null && n.state == MemberState.SUSPECT) {
                n.state = MemberState.ALIVE;
                n.stateChange = now;
            }
        }
        suspicions.clear();
    }

    /**
     * One forged accusation must not buy a direct packet to every member each time: the first
     * refutation in a while is announced directly, later ones only gossiped.
     */
    private boolean mayAnnounceRefutation(long now) {
        if (lastRefuteAnnounce == Long.MIN_VALUE
                || now - lastRefuteAnnounce >= REFUTE_ANNOUNCE_SPACING * ctx.probeInterval) {
            lastRefuteAnnounce = now;
            return true;
        }
        return false;
    }

    /**
     * Not in Go (wire-compatible: ordinary alive packets). An accusation about this node at an
     * incarnation below its own cannot be refuted (§9.3: it is ignored), yet whoever made or passed
     * it on still holds the old incarnation: its view missed our last refutation (lost packets, a
     * partition, or it moved to a new address while the refutation was being gossiped, when most
     * members could not reach it yet), and it will declare us dead when its suspicion times out
     * unless a push/pull reaches it first. Lifeguard's buddy probe brings exactly such accusations
     * to us. So:
     *
     * <ul>
     *   <li>our current alive goes directly to whoever holds the stale view, at most once per probe
     *       interval whatever the number of stale accusations: to the address the accusation came
     *       from (the accuser itself in a buddy probe, else a member that passed it on; either way
     *       the address is current, even when our table still has that member elsewhere), or, for
     *       an accusation merged from a push/pull, to the accuser as our table knows it; with
     *       {@code checkAccusations} (ours), a relayed accusation also goes to its accuser;
     *   <li>our current alive is announced again to the live members that were never sent it
     *       (members that joined since); a new announcement, rather than a continued one, counts
     *       against the refutation spacing, so forged stale accusations buy no extra traffic.
     * </ul>
     *
     * <p>Part of direct self-announcement: off, as in Go, when {@code selfAnnounceFanout} is 0.
     */
    private void staleAccusation(long now, String accuser, Endpoint source) {
        if (ctx.leaving || ctx.shutdown || ctx.settings.selfAnnounceFanout() <= 0) {
            return;
        }
        Alive current = announcer.currentAlive();
        if (lastStaleReply == Long.MIN_VALUE || now - lastStaleReply >= ctx.probeInterval) {
            NodeState a = accuser == null ? null : ctx.table.get(accuser);
            boolean accuserLive = a != null && !a.name.equals(ctx.name) && !a.isDeadOrLeft();
            if (source != null) {
                lastStaleReply = now;
                NodeState known = accuserLive && a.endpoint().equals(source) ? a : null;
                announcer.tell(current, source, known != null ? known.name : accuser,
                        known != null && ctx.crcFor(known));
                if (known == null && accuserLive && ctx.settings.checkAccusations()) {
                    // Relayed: the accuser itself holds the stale view and runs the suspicion
                    // (with checkAccusations it may be one that took a stale death for a
                    // suspicion), so it is told too.
                    announcer.tell(current, a.endpoint(), a.name, ctx.crcFor(a));
                }
            } else if (accuserLive) {
                lastStaleReply = now;
                announcer.tell(current, a.endpoint(), a.name, ctx.crcFor(a));
            }
        }
        if (announcer.isCurrentFact(current) || mayAnnounceRefutation(now)) {
            announcer.announce(now, current);
        }
    }

    /** Applies every entry of a remote push/pull state (§9.6). */
    void mergeState(long now, List<PushNodeState> remote) {
        for (PushNodeState r : remote) {
            switch (StateRules.mergeAs(r.state())) {
                case ALIVE -> aliveNode(now, new Alive(r.incarnation(), r.name(), r.addr(),
                        ctx.fixPort(r.port()), r.meta(), r.vsn()), null, false);
                case DEAD_LEAVE -> deadNode(now, new Dead(r.incarnation(), r.name(), r.name()));
                case SUSPECT -> mergeSuspect(now, new Suspect(r.incarnation(), r.name(), ctx.name));
                case IGNORE -> { }
            }
        }
    }

    /** Suspect states of push/pulls that were not taken as this node's accusation ({@link #mergeSuspect}). */
    static final String MERGED_SUSPECT_RELAYED = "memberlist.accusation.relayed";

    /**
     * A member the remote state holds suspect (§9.6). Go applies it as a suspect message from
     * this node itself: it confirms a suspicion already running here and is gossiped under this
     * node's name, so others count it as an independent accuser. But this node has no evidence
     * of its own, only the remote's view, usually made of one accuser's word: relayed through a
     * few push/pulls, a single slow accuser's suspicion becomes several "independent"
     * confirmations, Lifeguard shortens every timer to its minimum and the accused, who may not
     * have heard of it yet, is declared dead (campaign seed 3720, docs/TESTING.md). With
     * {@code checkAccusations} (not in Go) such a state neither confirms a running suspicion nor
     * is broadcast: it starts a suspicion here, quietly, when none runs (the accusation's own
     * gossip and our probes, which carry it, tell the accused), in which the first accuser heard
     * of later does not count as a second, independent one ({@link LoneSuspicion}). Accusations
     * of this node are refuted as always.
     */
    private void mergeSuspect(long now, Suspect s) {
        if (!ctx.settings.checkAccusations() || s.node().equals(ctx.name)) {
            suspectNode(now, s);
            return;
        }
        if (ctx.fenced) {
            return;
        }
        NodeState state = ctx.table.get(s.node());
        if (state == null || s.incarnation() < state.incarnation || state.state != MemberState.ALIVE
                || suspicions.containsKey(s.node())) {
            if (state != null && state.state == MemberState.SUSPECT) {
                ctx.metrics.counter(MERGED_SUSPECT_RELAYED, 1);
            }
            return; // what suspectNode would ignore, or a suspicion already running: no confirmation
        }
        ctx.metrics.counter(MERGED_SUSPECT_RELAYED, 1);
        ctx.metrics.counter("memberlist.msg.suspect", 1);
        markSuspect(now, state, s.incarnation(), s.from()).markRelayed();
    }

    long joinsLearned() {
        return joinsLearned;
    }

    /** True when some member other than us is neither dead nor left. */
    boolean anyAlive() {
        for (NodeState n : ctx.table.all()) {
            if (!n.isDeadOrLeft() && !n.name.equals(ctx.name)) {
                return true;
            }
        }
        return false;
    }

    void clear() {
        comebacks.clear();
        for (Suspicion s : suspicions.values()) {
            s.cancel();
        }
        suspicions.clear();
    }

    private void cancelSuspicion(String node) {
        Suspicion s = suspicions.remove(node);
        if (s != null) {
            s.cancel();
        }
    }

    private void broadcast(String node, Message msg, Runnable onDone) {
        ctx.broadcasts.queue(new MemberBroadcast(node, Wire.encode(msg), onDone));
    }

    private static Member memberOf(Alive a) {
        byte[] v = a.vsn();
        return new Member(a.node(), a.addr(), a.port(), a.meta(), MemberState.ALIVE,
                a.incarnation(), v[0] & 0xFF, v[1] & 0xFF, v[2] & 0xFF, v[3] & 0xFF, v[4] & 0xFF,
                v[5] & 0xFF);
    }

    private static byte[] addrOrEmpty(byte[] addr) {
        return addr == null ? new byte[0] : addr;
    }

    private static byte[] nullToEmpty(byte[] b) {
        return b == null ? new byte[0] : b;
    }
}
