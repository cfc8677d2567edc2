package io.memberlist.core;

import io.memberlist.Endpoint;
import io.memberlist.Delegate;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.MergeDelegate;
import io.memberlist.VetoException;
import io.memberlist.codec.ErrResp;
import io.memberlist.codec.Message;
import io.memberlist.codec.PushNodeState;
import io.memberlist.codec.PushPull;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push/pull anti-entropy and joins (PROTOCOL.md §9.6, §10.5): sends the whole member list over a
 * stream, merges the peer's list after {@link VersionCheck} and, for joins, the
 * {@link MergeDelegate}. The listener side answers with its own state computed before merging.
 *
 * <p>The limit of 127 concurrent inbound push/pulls is the runtime's: it refuses the 128th
 * connection before the engine sees it.
 */
final class StateSync {
    private static final Logger LOG = LoggerFactory.getLogger(StateSync.class);
    /** Cluster size up to which the push/pull interval is not scaled. */
    static final int SCALE_THRESHOLD = 32;

    private final Context ctx;
    private final Streams streams;
    private final Membership membership;
    private final SelfAnnouncer announcer;
    private final LogLimiter remoteLog = new LogLimiter();
    private final CrashEvidence evidence;

    StateSync(Context ctx, Streams streams, Membership membership, SelfAnnouncer announcer,
            CrashEvidence evidence) {
        this.ctx = ctx;
        this.evidence = evidence;
        this.streams = streams;
        this.membership = membership;
        this.announcer = announcer;
    }

    /**
     * The push/pull period for N members: the base until 32, then {@code base × (ceil(log2(N) -
     * log2(32)) + 1)}.
     */
    static long scaledInterval(long baseNanos, int n) {
        if (n <= SCALE_THRESHOLD) {
            return baseNanos;
        }
        double multiplier = Math.ceil(Math.log(n) / Math.log(2) - Math.log(SCALE_THRESHOLD)
                / Math.log(2)) + 1.0;
        return (long) multiplier * baseNanos;
    }

    /** Periodic anti-entropy with one random alive member. */
    void periodic(long now) {
        if (ctx.fenced) {
            return; // out of the cluster (Fencing)
        }
        List<NodeState> peers = ctx.table.randomNodes(1,
                n -> n.state == MemberState.ALIVE && !n.name.equals(ctx.name));
        if (peers.isEmpty()) {
            return;
        }
        NodeState peer = peers.get(0);
        Endpoint at = peer.endpoint();
        pushPull(now, at, peer.name, false, err -> {
            if (err != null && CrashEvidence.isRefusal(err)) {
                NodeState still = ctx.table.get(peer.name);
                if (still != null && !still.isDeadOrLeft() && still.endpoint().equals(at)) {
                    evidence.pushPullRefused(now, peer.name); // a refusal comes within a round trip
                }
            }
            if (err != null) {
                LOG.warn("{}: push/pull with {} failed: {}", ctx.name,
                        RemoteText.truncate(peer.name), RemoteText.truncate(err));
            }
        });
    }

    /**
     * Joins through each seed; the callback gets the number of successes and the failures. Seeds
     * that failed for a reason that may pass are retried until {@code retryUntil} ({@link Joiner});
     * {@code retryUntil <= now} makes one attempt per seed, as Go does.
     */
    void join(long now, Map<Endpoint, String> seeds, long retryUntil, JoinCallback cb) {
        new Joiner(ctx, this, seeds, retryUntil, cb).start(now);
    }

    /** The end of one push/pull: {@code err} null on success; {@code temporary} for a failure that may pass. */
    @FunctionalInterface
    interface Outcome {
        void done(long now, String err, boolean temporary);
    }

    /**
     * One outbound push/pull; {@code done} gets null on success or the error text. Metrics as Go:
     * {@code memberlist.pushPullNode} times every attempt, failed ones included;
     * {@code memberlist.tcp.connect} counts the exchanges whose connection existed, which the
     * engine knows from a reply arriving (a connection that opens and then fails before its reply
     * is not counted: the driver does not say when it connects).
     */
    void pushPull(long now, Endpoint to, String toNode, boolean join, Consumer<String> done) {
        pushPull(now, to, toNode, join, now + ctx.tcpTimeout, (t, err, temporary) -> done.accept(err));
    }

    /**
     * As {@link #pushPull(long, Endpoint, String, boolean, Consumer)}, telling a failure that may
     * pass (the stream failed: no connection, a timeout, closed before the reply) from an answer
     * that refuses us (an error reply, a vetoed or incompatible merge, a missing node name), with
     * the exchange's own deadline.
     */
    void pushPull(long now, Endpoint to, String toNode, boolean join, long deadline, Outcome done) {
        streams.open(to, toNode, localState(join), deadline, true,
                new Streams.Handler() {
                    @Override
                    public void onReply(long t, Message reply) {
                        ctx.metrics.counter("memberlist.tcp.connect", 1);
                        ctx.metrics.timer("memberlist.pushPullNode", t - now);
                        if (reply instanceof ErrResp e) {
                            done.done(t, "remote error: " + e.error(), false);
                        } else if (reply instanceof PushPull remote) {
                            String err = merge(t, join, remote);
                            if (err == null && join && !ctx.leaving) {
                                // We just learned the member list: tell each member about us
                                // directly rather than leave it to gossip alone (the peer
                                // knows us from this exchange).
                                announcer.announce(t, announcer.currentAlive(), to);
                            }
                            done.done(t, err, false);
                        } else {
                            done.done(t, "unexpected reply to push/pull: " + reply, false);
                        }
                    }

                    @Override
                    public void onFailed(long t, String reason) {
                        ctx.metrics.timer("memberlist.pushPullNode", t - now);
                        done.done(t, reason, !Streams.NODE_NAMES_REQUIRED.equals(reason));
                    }
                });
    }

    /** The listener side: our state (computed before merging), then the merge. */
    Message onInbound(long now, PushPull remote) {
        if (ctx.fenced) {
            // Out of the cluster (Fencing): the peer learns that we left, and nothing else (our
            // frozen view would spread stale suspicions); its state is not merged.
            NodeState me = ctx.self();
            return new PushPull(remote.join(), List.of(new PushNodeState(me.name, me.addr, me.port,
                    me.meta, me.incarnation, me.state.code(), me.vsn())), null);
        }
        PushPull reply = localState(remote.join());
        String err = merge(now, remote.join(), remote);
        if (err != null && remoteLog.allow(now)) {
            LOG.warn("{}: failed push/pull merge: {}{}", ctx.name, RemoteText.truncate(err),
                    remoteLog.suppressedSuffix());
        }
        return reply;
    }

    /** Every entry of our member list, and the delegate's user state. */
    PushPull localState(boolean join) {
        List<PushNodeState> states = new ArrayList<>(ctx.table.size());
        Map<MemberState, Integer> counts = new EnumMap<>(MemberState.class);
        for (NodeState n : ctx.table.all()) {
            states.add(new PushNodeState(n.name, n.addr, n.port, n.meta, n.incarnation,
                    n.state.code(), n.vsn()));
            counts.merge(n.state, 1, Integer::sum);
        }
        for (MemberState s : MemberState.values()) {
            ctx.metrics.gauge("memberlist.node.instances", counts.getOrDefault(s, 0),
                    Map.of("node_state", s.name().toLowerCase(java.util.Locale.ROOT)));
        }
        byte[] user = null;
        Delegate d = ctx.settings.delegate();
        if (d != null) {
            try {
                user = d.localState(join);
            } catch (RuntimeException e) {
                LOG.warn("{}: Delegate.localState failed", ctx.name, e);
            }
        }
        PushPull local = new PushPull(join, states, user);
        if (ctx.metrics != io.memberlist.Metrics.NOOP) {
            // Go means this gauge as the size of the state it sends, but reads four bytes of its
            // msgpack header instead (PROTOCOL.md §13.1); we report the real size in bytes.
            ctx.metrics.gauge("memberlist.size.local", Wire.streamSize(local));
        }
        return local;
    }

    /** Null on success, else why the merge was refused (nothing merged then). */
    String merge(long now, boolean join, PushPull remote) {
        List<PushNodeState> fixed = new ArrayList<>(remote.states().size());
        for (PushNodeState r : remote.states()) {
            int port = ctx.fixPort(r.port());
            fixed.add(port == r.port() ? r : new PushNodeState(r.name(), r.addr(), port, r.meta(),
                    r.incarnation(), r.state(), r.vsn()));
        }
        String err = VersionCheck.verify(fixed, ctx.table.all());
        if (err != null) {
            return err;
        }
        MergeDelegate md = ctx.settings.merge();
        if (join && md != null) {
            List<Member> peers = new ArrayList<>(fixed.size());
            for (PushNodeState r : fixed) {
                byte[] v = r.vsn() != null && r.vsn().length >= 6 ? r.vsn() : new byte[6];
                peers.add(new Member(r.name(), r.addr(), r.port(), r.meta(),
                        MemberState.fromCode(r.state()), r.incarnation(), v[0] & 0xFF, v[1] & 0xFF,
                        v[2] & 0xFF, v[3] & 0xFF, v[4] & 0xFF, v[5] & 0xFF));
            }
            try {
                md.notifyMerge(peers);
            } catch (VetoException | RuntimeException e) {
                return "merge vetoed: " + e.getMessage();
            }
        }
        membership.mergeState(now, fixed);
        byte[] user = remote.userState();
        Delegate d = ctx.settings.delegate();
        if (user != null && user.length > 0 && d != null) {
            try {
                d.mergeRemoteState(user, join);
            } catch (RuntimeException e) {
                LOG.warn("{}: Delegate.mergeRemoteState failed", ctx.name, e);
            }
        }
        return null;
    }
}
