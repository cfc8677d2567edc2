package io.memberlist.core;

import io.memberlist.Endpoint;
import io.memberlist.MemberState;
import io.memberlist.codec.Alive;
import io.memberlist.codec.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Direct self-announcement ({@link io.memberlist.Config#selfAnnounceFanout()}): a fact this node
 * originates about itself (its leave, its alive after a join, a refutation, a meta update) is also
 * sent once, directly, to up to {@code selfAnnounceFanout} live members picked at random, as an
 * ordinary alive or dead packet (CRC per the destination's PMax) carrying queued broadcasts within
 * the byte budget of a direct message (§4.6), but never the queued broadcast of this same fact.
 *
 * <p>Why: gossip hands each member about {@code retransmitMult × ceil(log10(N+1))} copies of a
 * fact, so a given member misses it with probability about {@code e^-copies}; with the local preset
 * (4 copies at N = 64) that is 1.8% per member, so in most mass joins or leaves some member misses
 * something, and only the next periodic push/pull (tens of seconds later) repairs it. The fact's
 * origin knows who needs it; one packet to each costs O(N) per event and nothing while idle.
 *
 * <p>At most {@link #BATCH} packets go out at once; the rest follow, {@link #BATCH} every gossip
 * interval. A newer fact replaces the pending sends of an older one. Repeated announcements of the
 * same fact (a join through several seeds) reach only the members not yet chosen for it.
 */
final class SelfAnnouncer {
    /** Packets sent at once; the rest wait a gossip interval per batch. */
    static final int BATCH = 64;

    private final Context ctx;
    private final Sender sender;
    private byte[] fact;
    /**
     * Which fact is current: members chosen for it (sent or pending) carry this number in
     * {@link NodeState#announced}, so that no set of up to fanout names stays behind in every
     * node. A member whose record was reaped and made again counts as not chosen: it is new.
     */
    private int factId;
    /** How many members were chosen for the current fact; bounded by the fanout. */
    private int chosen;
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private Timers.Timer timer;
    private final List<Runnable> drainWaiters = new ArrayList<>();

    SelfAnnouncer(Context ctx, Sender sender) {
        this.ctx = ctx;
        this.sender = sender;
    }

    /** This node's current alive message, built from its record. */
    Alive currentAlive() {
        NodeState me = ctx.self();
        return new Alive(me.incarnation, me.name, me.addr, me.port, me.meta, me.vsn());
    }

    /**
     * Announces {@code msg} (about this node) directly to up to the fanout of live members not
     * yet chosen for it; call before queueing its broadcast, so it is not piggybacked on itself.
     */
    void announce(long now, Message msg) {
        announce(now, msg, null);
    }

    /** As {@link #announce(long, Message)}, not to a member at {@code skip} (may be null). */
    void announce(long now, Message msg, Endpoint skip) {
        int fanout = ctx.settings.selfAnnounceFanout();
        if (fanout <= 0 || ctx.shutdown) {
            return;
        }
        byte[] encoded = Wire.encode(msg);
        if (fact == null || !Arrays.equals(fact, encoded)) {
            fact = encoded;
            factId++;
            chosen = 0;
            pending.clear();
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
        }
        int room = fanout - chosen;
        if (room <= 0) {
            return;
        }
        java.util.function.Predicate<NodeState> eligible = n -> live(n) && n.announced != factId
                && (skip == null || !skip.equals(n.endpoint()));
        List<NodeState> targets = new ArrayList<>();
        for (NodeState n : ctx.table.all()) {
            if (eligible.test(n)) {
                targets.add(n);
            }
        }
        if (targets.size() > room) {
            // More candidates than the fanout allows: a random subset (only then draws randomness).
            targets = ctx.table.randomNodes(room, eligible);
        }
        for (NodeState n : targets) {
            n.announced = factId;
            chosen++;
            pending.add(n.name);
        }
        if (timer == null) {
            sendBatch(now);
        }
    }

    /**
     * Announces {@code msg} again, to up to the fanout of live members chosen afresh, as if it
     * were a new fact: a repeat for a sender that loses most of its packets ({@link Fencing}).
     * Call once the previous announcement drained ({@link #whenDrained}): its pending sends are
     * dropped.
     */
    void announceAgain(long now, Message msg) {
        fact = null;
        announce(now, msg, null);
    }

    /** True when {@code msg} is the fact being announced now (re-announcing it only reaches new members). */
    boolean isCurrentFact(Message msg) {
        return fact != null && Arrays.equals(fact, Wire.encode(msg));
    }

    /** Sends {@code msg} (about this node) once, directly, to {@code to}, whatever was announced before. */
    void tell(Message msg, Endpoint to, String toNode, boolean crc) {
        if (!ctx.shutdown) {
            sender.sendMsg(to, toNode, Wire.encode(msg), crc, ctx.name);
        }
    }

    /** Runs {@code r} once every pending announcement has been sent (at once if none is). */
    void whenDrained(Runnable r) {
        if (pending.isEmpty()) {
            r.run();
        } else {
            drainWaiters.add(r);
        }
    }

    private void sendBatch(long now) {
        timer = null;
        if (ctx.shutdown) {
            return;
        }
        int sent = 0;
        while (sent < BATCH && !pending.isEmpty()) {
            NodeState n = ctx.table.get(pending.poll());
            if (n == null || !live(n)) {
                continue;
            }
            sender.sendMsg(n.endpoint(), n.name, fact, ctx.crcFor(n), ctx.name);
            sent++;
        }
        if (!pending.isEmpty()) {
            timer = ctx.timers.schedule(now + ctx.gossipInterval, this::sendBatch);
            return;
        }
        if (!drainWaiters.isEmpty()) {
            List<Runnable> waiters = new ArrayList<>(drainWaiters);
            drainWaiters.clear();
            waiters.forEach(Runnable::run);
        }
    }

    private boolean live(NodeState n) {
        return !n.name.equals(ctx.name)
                && (n.state == MemberState.ALIVE || n.state == MemberState.SUSPECT);
    }
}
