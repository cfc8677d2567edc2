package io.memberlist.core;

import io.memberlist.MemberState;
import io.memberlist.codec.Dead;
import io.memberlist.codec.Suspect;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Not in Go (part of {@code refusedConnectionSuspicion}; nothing new on the wire): a death this
 * node declared on evidence of a crash ({@link CrashEvidence}: the member's host refused a
 * connection, so its suspicion was capped) is also told directly to the live members, up to
 * {@link io.memberlist.Config#selfAnnounceFanout()} of them, as one compound packet holding the
 * suspect and the dead, both from this node.
 *
 * <p>Why: with the evidence one prober declares the death about a second after the crash, before
 * anyone else suspects the member. Gossip hands each member a few copies of the suspect and of the
 * dead, so a member misses one of them with probability about {@code e^-copies} (1.8 % each with
 * the local preset at N = 64). A member that missed the dead waits for its own suspicion timer,
 * and with no other accuser that timer runs at its maximum (six times the minimum); a member that
 * missed the suspect takes the lone dead for a suspicion ({@code checkAccusations}) and waits the
 * same. On sockets at N = 64 that made "seen dead by all" 22-27 s in two crashes of three, where
 * the median member knew within 3 s (BENCHMARKS.md, "Failure-detection policies"). The suspect
 * travels first so that a member that missed it holds the member suspect when the dead arrives,
 * as if it had heard the gossip.
 *
 * <p>At most {@link #BATCH} packets go out at once, the rest {@link #BATCH} per gossip interval;
 * at most {@link #MAX_PENDING} packets wait (older notices are dropped first: a member that dies
 * later is the more urgent news). Only this node's own timer triggers a notice, never a message.
 */
final class DeathNotice {
    /** Packets sent at once; the rest wait a gossip interval per batch. */
    static final int BATCH = 64;
    /** Packets waiting at most, across notices. */
    static final int MAX_PENDING = 4096;
    /** Counter of notice packets sent. */
    static final String SENT = "memberlist.suspicion.refused.notified";

    private record Pending(String member, byte[] packet) { }

    private final Context ctx;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private Timers.Timer timer;

    DeathNotice(Context ctx) {
        this.ctx = ctx;
    }

    /** Tells the live members other than {@code dead.node()} that this node declared it dead. */
    void tell(long now, Dead dead) {
        int fanout = ctx.settings.selfAnnounceFanout();
        if (fanout <= 0 || ctx.shutdown) {
            return;
        }
        String subject = dead.node();
        byte[] packet = Wire.compound(List.of(
                Wire.encode(new Suspect(dead.incarnation(), subject, ctx.name)),
                Wire.encode(dead)));
        List<NodeState> targets = ctx.table.randomNodes(fanout,
                n -> !n.name.equals(ctx.name) && !n.name.equals(subject)
                        && (n.state == MemberState.ALIVE || n.state == MemberState.SUSPECT));
        for (NodeState n : targets) {
            pending.addLast(new Pending(n.name, packet));
        }
        while (pending.size() > MAX_PENDING) {
            pending.pollFirst();
        }
        if (timer == null) {
            sendBatch(now);
        }
    }

    /** Packets still waiting (for tests). */
    int pending() {
        return pending.size();
    }

    private void sendBatch(long now) {
        timer = null;
        if (ctx.shutdown) {
            pending.clear();
            return;
        }
        List<Pending> batch = new ArrayList<>(Math.min(BATCH, pending.size()));
        while (batch.size() < BATCH && !pending.isEmpty()) {
            batch.add(pending.pollFirst());
        }
        int sent = 0;
        for (Pending p : batch) {
            NodeState n = ctx.table.get(p.member());
            if (n == null || n.isDeadOrLeft()) {
                continue;
            }
            ctx.outbox.sendPacket(n.endpoint(), n.name, p.packet(), ctx.crcFor(n));
            sent++;
        }
        if (sent > 0) {
            ctx.metrics.counter(SENT, sent);
        }
        if (!pending.isEmpty()) {
            long spacing = ctx.gossipInterval > 0 ? ctx.gossipInterval : 100_000_000L;
            timer = ctx.timers.schedule(now + spacing, this::sendBatch);
        }
    }
}
