package io.memberlist.core;

import io.memberlist.Endpoint;
import io.memberlist.Delegate;
import io.memberlist.Member;
import io.memberlist.codec.AckResp;
import io.memberlist.codec.Alive;
import io.memberlist.codec.CodecException;
import io.memberlist.codec.Dead;
import io.memberlist.codec.IndirectPingReq;
import io.memberlist.codec.Limits;
import io.memberlist.codec.Message;
import io.memberlist.codec.NackResp;
import io.memberlist.codec.Ping;
import io.memberlist.codec.PushPull;
import io.memberlist.codec.Suspect;
import io.memberlist.codec.UserMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol engine of one member: SWIM with the Lifeguard extensions, wire-compatible with Go
 * memberlist. Sans-IO: no sockets, no threads, no locks, no clock. Time is the {@code now}
 * argument of every input, in nanoseconds on the driver's clock (virtual in the simulator,
 * {@code System.nanoTime} in production); randomness comes only from the injected generator, so
 * a seeded run replays exactly.
 *
 * <p>Inputs: {@link #onPacket}, {@link #onStreamMessage}, {@link #onStreamReply},
 * {@link #onStreamFailed}, {@link #onTimer} and the commands. Effects go to the {@link Outbox}.
 * The driver calls {@link #onTimer} at (or after) {@link #nextDeadline()}. Everything runs on the
 * caller's thread, which must be the same one (or properly handed over) for every call; command
 * callbacks run on it too, during the call or a later input.
 */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    /** Leaf messages dropped by the engine's own decode, by reason (same metric as the codec's). */
    static final String PACKET_DROPPED = "memberlist.packet.dropped";

    private final Context ctx;
    private final Membership membership;
    private final Sender sender;
    private final SelfAnnouncer announcer;
    private final AckHandlers acks;
    private final Streams streams;
    private final Prober prober;
    private final StateSync sync;
    private final Gossiper gossiper;
    private final PushPullSchedule pushPulls;
    private final FailedMembers failed = new FailedMembers();
    private final Reconnector reconnector;
    private final Fencing fencing;
    private final LogLimiter remoteLog = new LogLimiter();
    private boolean started;

    /**
     * @param settings what the engine reads of the configuration, made once by the node layer
     * @param advertise the address and port others reach this node at, resolved by the driver
     *     (the runtime binds first, then constructs the engine)
     */
    public Engine(EngineSettings settings, Endpoint advertise, RandomGenerator random, Outbox outbox,
            long now) {
        if (!advertise.isRoutable()) {
            throw new IllegalArgumentException("advertise address must be 4 or 16 bytes: " + advertise);
        }
        this.ctx = new Context(settings, advertise, random, outbox);
        this.sender = new Sender(ctx);
        this.announcer = new SelfAnnouncer(ctx, sender);
        LoneSuspicion lone = new LoneSuspicion(ctx);
        this.membership = new Membership(ctx, announcer, failed, lone);
        this.acks = new AckHandlers(ctx);
        this.streams = new Streams(ctx);
        CrashEvidence evidence = new CrashEvidence(settings.refusedSuspicionNanos());
        this.prober = new Prober(ctx, sender, acks, streams, membership, evidence);
        lone.probeWith(prober::verify);
        this.sync = new StateSync(ctx, streams, membership, announcer, evidence);
        this.gossiper = new Gossiper(ctx, sender);
        this.pushPulls = new PushPullSchedule(ctx, sync, membership);
        this.reconnector = new Reconnector(ctx, sync, failed);
        this.fencing = new Fencing(ctx, new SelfFence(settings.selfFenceRefutations(),
                settings.selfFenceWindowNanos(), settings.selfFenceBackoffNanos(),
                settings.selfFenceMaxBackoffNanos()), membership, prober, sync, announcer, failed, this::nodeMeta);
        membership.fencing(fencing);
    }

    /**
     * Makes this node alive at its first incarnation (its own alive is queued for gossip, and a
     * {@link MemberEvent.Joined} for itself is emitted) and schedules the periodic probe, gossip,
     * push/pull and queue-depth tasks, each first run after a random stagger within its interval.
     *
     * @param wallClockSeconds the driver's wall clock, whole seconds since 1970 (the simulator:
     *     its virtual clock plus a fixed base): the first incarnation when
     *     {@code initialIncarnationFromClock} is on ({@link FirstIncarnation}), else unused (1)
     * @throws IllegalStateException when already started, or when the delegate's metadata is
     *     longer than 512 bytes
     */
    public void start(long now, long wallClockSeconds) {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        byte[] meta = nodeMeta();
        ctx.setIncarnation(FirstIncarnation.of(ctx.settings.initialIncarnationFromClock(), wallClockSeconds));
        Alive self = new Alive(ctx.incarnation(), ctx.name, ctx.advertise.ip(),
                ctx.advertise.port(), meta, ctx.settings.vsn());
        membership.aliveNode(now, self, null, true);

        if (ctx.probeInterval > 0) { // zero turns probing off, as in Go
            every(now, ctx.probeInterval, prober::tick);
        }
        if (ctx.settings.gossipNodes() > 0 && ctx.gossipInterval > 0) { // as Go: either zero, no gossip
            every(now, ctx.gossipInterval, t -> {
                long began = ctx.ticker.getAsLong();
                gossiper.gossip(t);
                ctx.metrics.timer("memberlist.gossip", ctx.ticker.getAsLong() - began);
                pushPulls.afterGossip(t);
            });
        }
        pushPulls.start(now);
        if (reconnector.enabled()) {
            every(now, reconnector.interval(), reconnector::tick);
        }
        if (ctx.queueCheckInterval > 0) {
            every(now, ctx.queueCheckInterval, t -> ctx.metrics.sample(
                    "memberlist.queue.broadcasts", ctx.broadcasts.numQueued()));
        }
    }

    /** A ticker: first run after a random stagger in [0, interval), then every interval. */
    private void every(long now, long interval, Timers.Task task) {
        scheduleTick(now + stagger(interval), interval, task);
    }

    private void scheduleTick(long deadline, long interval, Timers.Task task) {
        ctx.timers.schedule(deadline, t -> {
            task.run(t);
            if (!ctx.shutdown) {
                long next = deadline + interval;
                if (next <= t) {
                    // Fell behind (a paused driver): skip the missed ticks, as a ticker does.
                    next += ((t - next) / interval + 1) * interval;
                }
                scheduleTick(next, interval, task);
            }
        });
    }

    private long stagger(long interval) {
        return interval <= 1 ? 0 : ctx.random.nextLong(interval);
    }

    /**
     * The earliest time {@link #onTimer} has work, absolute ns; {@link Long#MAX_VALUE} if none.
     * May lie in the past (work queued by the last input, e.g. a completion callback): call
     * {@link #onTimer} at once then.
     */
    public long nextDeadline() {
        return ctx.shutdown ? Long.MAX_VALUE : ctx.timers.nextDeadline();
    }

    /** Runs every task due at or before {@code now}. */
    public void onTimer(long now) {
        if (ctx.shutdown) {
            return;
        }
        ctx.timers.runDue(now);
    }

    /**
     * One message received over UDP: a leaf (type byte + body) after the driver removed label,
     * encryption, CRC, compression and compound framing. Malformed input is logged and dropped.
     *
     * @param from the datagram's source address
     */
    public void onPacket(long now, Endpoint from, byte[] leaf) {
        if (ctx.shutdown) {
            return;
        }
        Message msg;
        try {
            msg = Wire.decodePacket(leaf, 0, leaf.length);
        } catch (CodecException e) {
            // Only drivers that hand over leaves the packet codec has not decoded get here.
            ctx.metrics.counter(PACKET_DROPPED, 1, java.util.Map.of("reason", e.dropReason().tag()));
            if (LOG.isDebugEnabled() && remoteLog.allow(now)) {
                LOG.debug("{}: dropping packet from {}: {}{}", ctx.name, from,
                        RemoteText.truncate(e.getMessage()), remoteLog.suppressedSuffix());
            }
            return;
        }
        onPacket(now, from, msg);
    }

    /**
     * One message received over UDP, already decoded (by {@code PacketCodec}, which also applied
     * the per-datagram limits); the same as {@link #onPacket(long, Endpoint, byte[])} without the
     * second decode.
     */
    public void onPacket(long now, Endpoint from, Message msg) {
        if (ctx.shutdown) {
            return;
        }
        if (msg instanceof Ping p) {
            prober.handlePing(now, from, p);
        } else if (msg instanceof IndirectPingReq ind) {
            prober.handleIndirectPing(now, from, ind);
        } else if (msg instanceof AckResp a) {
            acks.ack(now, a.seqNo(), a.payload());
        } else if (msg instanceof NackResp n) {
            acks.nack(now, n.seqNo());
        } else if (msg instanceof Alive a) {
            handleAlive(now, from, a);
        } else if (msg instanceof Suspect s) {
            membership.suspectNode(now, s, from);
        } else if (msg instanceof Dead d) {
            membership.deadNodeFrom(now, d, from);
        } else if (msg instanceof UserMessage u) {
            ctx.outbox.event(new MemberEvent.UserMessageReceived(u.payload()));
        } else if (LOG.isDebugEnabled() && remoteLog.allow(now)) {
            LOG.debug("{}: unexpected packet message from {}: {}{}", ctx.name, from,
                    RemoteText.truncate(msg), remoteLog.suppressedSuffix());
        }
    }

    private void handleAlive(long now, Endpoint from, Alive a) {
        if (!ctx.settings.ipAllowed(from.ip())) { // always true without Config.cidrsAllowed
            LOG.debug("{}: blocked alive from {}", ctx.name, from);
            return;
        }
        if (a.addr() != null && a.addr().length > 0 && !ctx.settings.ipAllowed(a.addr())) {
            LOG.debug("{}: blocked alive with address outside the allowed networks", ctx.name);
            return;
        }
        int port = ctx.fixPort(a.port());
        Alive fixed = port == a.port() ? a
                : new Alive(a.incarnation(), a.node(), a.addr(), port, a.meta(), a.vsn());
        membership.aliveNode(now, fixed, null, false);
    }

    /**
     * One message received on an inbound stream (listener side). Returns the reply to write, or
     * null for none (close the stream): a {@link PushPull} with this node's state computed before
     * the remote state is merged, an {@link AckResp} for a TCP ping, nothing for a user message.
     */
    public Message onStreamMessage(long now, Endpoint from, Message msg) {
        if (ctx.shutdown) {
            return null;
        }
        if (msg instanceof PushPull pp) {
            return sync.onInbound(now, pp);
        }
        if (msg instanceof Ping p) {
            if (!p.node().isEmpty() && !p.node().equals(ctx.name)) {
                LOG.debug("{}: got TCP ping for unexpected node '{}' from {}", ctx.name,
                        RemoteText.truncate(p.node()), from);
                return null;
            }
            return new AckResp(p.seqNo(), null);
        }
        if (msg instanceof UserMessage u) {
            if (u.payload() != null && u.payload().length > 0) {
                ctx.outbox.event(new MemberEvent.UserMessageReceived(u.payload()));
            }
            return null;
        }
        LOG.debug("{}: unexpected stream message from {}: {}", ctx.name, from,
                RemoteText.truncate(msg));
        return null;
    }

    /** An outbound stream finished: {@code reply} is the one message read, null if none expected. */
    public void onStreamReply(long now, long streamId, Message reply) {
        if (ctx.shutdown) {
            return;
        }
        streams.reply(now, streamId, reply);
    }

    /** An outbound stream failed (connect, write, read, timeout, decode). */
    public void onStreamFailed(long now, long streamId, String reason) {
        if (ctx.shutdown) {
            return;
        }
        streams.failed(now, streamId, reason);
    }

    /**
     * Joins a cluster: a push/pull with {@code join = true} to every seed, one attempt each (Go's
     * join). {@code cb} gets the number of seeds that succeeded and the reason for each that
     * failed.
     */
    public void join(long now, List<Endpoint> seeds, JoinCallback cb) {
        join(now, named(seeds), now, cb);
    }

    /**
     * As {@link #join(long, List, JoinCallback)} with the node name expected at each seed ({@code
     * ""} when unknown): Go's {@code name/host:port} join addresses. The name is what
     * {@link io.memberlist.Config#requireNodeNames()} asks for, and what the driver is told the stream is for.
     */
    public void join(long now, Map<Endpoint, String> seeds, JoinCallback cb) {
        join(now, seeds, now, cb);
    }

    /**
     * As {@link #join(long, Map, JoinCallback)}, retrying: while no seed has succeeded, the seeds
     * whose failure may pass (no connection, a timeout, a connection closed before the reply) are
     * tried again after an exponential backoff with jitter drawn from this engine's random
     * generator, as long as the next round starts by {@code retryUntil} ({@link
     * io.memberlist.Config#joinTimeout()}). {@code retryUntil <= now}: one attempt each. The
     * callback runs once, at most a stream timeout after {@code retryUntil}. A join while fenced
     * off ({@link #isFenced}) ends the fence first: this node comes back at a new incarnation.
     */
    public void join(long now, Map<Endpoint, String> seeds, long retryUntil, JoinCallback cb) {
        if (ctx.fenced && !ctx.shutdown) {
            fencing.rejoin(now); // an explicit join ends a fence at once (no trial)
        }
        sync.join(now, seeds, retryUntil, cb);
    }

    private static Map<Endpoint, String> named(List<Endpoint> seeds) {
        Map<Endpoint, String> named = new LinkedHashMap<>();
        for (Endpoint seed : seeds) {
            named.put(seed, "");
        }
        return named;
    }

    /**
     * Leaves gracefully: marks this node left and broadcasts its own {@code dead} (From = self),
     * also sending it directly to up to {@link io.memberlist.Config#selfAnnounceFanout()} live members.
     * {@code done} runs once: when that broadcast has been fully retransmitted and the direct
     * packets have all been sent, at the timeout
     * ({@code timeoutNanos ≤ 0}: none), or at once when no other member is alive. The node keeps
     * answering pings and gossiping until {@link #shutdown}.
     */
    public void leave(long now, long timeoutNanos, Runnable done) {
        leave(now, timeoutNanos, done, done);
    }

    /**
     * As {@link #leave(long, long, Runnable)}, telling the two endings apart (Go's {@code Leave}
     * fails with "timeout waiting for leave broadcast"): exactly one of {@code sent} (the
     * broadcast and the direct announcements went out, or there was nobody to tell) and {@code
     * timedOut} (the timeout passed first) runs, once. While fenced off ({@link #isFenced}) this
     * node has left already: {@code sent} runs at once, and it stays out for good (no rejoin).
     */
    public void leave(long now, long timeoutNanos, Runnable sent, Runnable timedOut) {
        Runnable[] outcome = oneOf(sent, timedOut);
        Runnable once = outcome[0];
        if (ctx.fenced) {
            fencing.stayOut(); // already left (on its own): now for good, no rejoin
        }
        if (ctx.leaving || ctx.shutdown || !started) {
            once.run();
            return;
        }
        ctx.leaving = true;
        NodeState self = ctx.self();
        // Done when the broadcast finished and every direct announcement of it went out.
        Runnable part = countdown(2, once);
        membership.deadNode(now, new Dead(self.incarnation, ctx.name, ctx.name), deferred(part));
        // Not deferred: the announcer calls it here (nothing pending: only counts down, the
        // broadcast cannot have finished yet) or from its batch timer, outside the queue.
        announcer.whenDrained(part);
        waitFor(now, timeoutNanos, once, outcome[1]);
    }

    /**
     * Re-reads {@link Delegate#nodeMeta} and broadcasts it with a new incarnation. {@code done}
     * runs once the broadcast finished, at the timeout, or at once when alone.
     *
     * @throws IllegalStateException when the metadata is longer than 512 bytes
     */
    public void updateMeta(long now, long timeoutNanos, Runnable done) {
        updateMeta(now, timeoutNanos, done, done);
    }

    /**
     * As {@link #updateMeta(long, long, Runnable)}, telling the two endings apart (Go's {@code
     * UpdateNode} fails with "timeout waiting for update broadcast"): exactly one of {@code sent}
     * and {@code timedOut} runs, once. While fenced off ({@link #isFenced}) nothing is sent and
     * {@code sent} runs at once: the rejoin reads the metadata again.
     *
     * @throws IllegalStateException when the metadata is longer than 512 bytes
     */
    public void updateMeta(long now, long timeoutNanos, Runnable sent, Runnable timedOut) {
        if (!started) {
            throw new IllegalStateException("not started");
        }
        Runnable[] outcome = oneOf(sent, timedOut);
        Runnable once = outcome[0];
        byte[] meta = nodeMeta();
        if (ctx.fenced) {
            once.run(); // out of the cluster: the rejoin reads the metadata again
            return;
        }
        NodeState self = ctx.self();
        Alive a = new Alive(ctx.nextIncarnation(), ctx.name, self.addr, self.port, meta,
                ctx.settings.vsn());
        membership.aliveNode(now, a, deferred(once), true);
        waitFor(now, timeoutNanos, once, outcome[1]);
    }

    private void waitFor(long now, long timeoutNanos, Runnable sent, Runnable timedOut) {
        if (!membership.anyAlive()) {
            sent.run();
        } else if (timeoutNanos > 0) {
            ctx.timers.schedule(now + timeoutNanos, t -> timedOut.run());
        }
    }

    /**
     * Sends {@code payload} to a member as a UDP user message ({@code [8] + payload}), with CRC
     * when the member's PMax ≥ 5. False when the member is unknown.
     */
    public boolean sendBestEffort(long now, String node, byte[] payload) {
        NodeState n = ctx.table.get(node);
        if (n == null) {
            return false;
        }
        sender.sendRaw(n.endpoint(), n.name, Wire.encode(new UserMessage(payload)), ctx.crcFor(n));
        return true;
    }

    /**
     * Sends {@code payload} to a member over a stream (no reply). {@code doneOrError} gets null
     * when written, or the reason it failed (unknown member, connect or write error).
     */
    public void sendReliable(long now, String node, byte[] payload, Consumer<String> doneOrError) {
        NodeState n = ctx.table.get(node);
        if (n == null) {
            doneOrError.accept("unknown node " + node);
            return;
        }
        streams.open(n.endpoint(), n.name, new UserMessage(payload), now + ctx.tcpTimeout, false,
                new Streams.Handler() {
                    @Override
                    public void onReply(long t, Message reply) {
                        doneOrError.accept(null);
                    }

                    @Override
                    public void onFailed(long t, String reason) {
                        doneOrError.accept(reason);
                    }
                });
    }

    /**
     * Go's {@code SendToAddress}: sends {@code payload} as a UDP user message to an address that
     * need not be a known member. {@code node} is the name expected there ({@code ""} when
     * unknown; refused when {@link io.memberlist.Config#requireNodeNames()}). CRC only when {@code node} is a
     * known member at that address whose PMax is at least 5.
     *
     * @return null when handed to the driver, else why not
     */
    public String sendBestEffortTo(long now, Endpoint to, String node, byte[] payload) {
        String refused = refusedDestination(to, node);
        if (refused != null) {
            return refused;
        }
        NodeState known = node.isEmpty() ? null : ctx.table.get(node);
        boolean crc = known != null && known.endpoint().equals(to) && ctx.crcFor(known);
        sender.sendRaw(to, node, Wire.encode(new UserMessage(payload)), crc);
        return null;
    }

    /**
     * As {@link #sendReliable} to an address that need not be a known member (Go's
     * {@code SendReliable} with a {@code Node} built by the caller). {@code doneOrError} gets null
     * when written, or the reason it failed.
     */
    public void sendReliableTo(long now, Endpoint to, String node, byte[] payload,
            Consumer<String> doneOrError) {
        String refused = refusedDestination(to, node);
        if (refused != null) {
            doneOrError.accept(refused);
            return;
        }
        streams.open(to, node, new UserMessage(payload), now + ctx.tcpTimeout, false,
                new Streams.Handler() {
                    @Override
                    public void onReply(long t, Message reply) {
                        doneOrError.accept(null);
                    }

                    @Override
                    public void onFailed(long t, String reason) {
                        doneOrError.accept(reason);
                    }
                });
    }

    private String refusedDestination(Endpoint to, String node) {
        if (ctx.shutdown) {
            return "node is shut down";
        }
        if (!to.isRoutable()) {
            return "address must be IPv4 or IPv6: " + to;
        }
        if (node.isEmpty() && ctx.settings.requireNodeNames()) {
            return Streams.NODE_NAMES_REQUIRED;
        }
        return null;
    }

    /**
     * A clock for metrics that time work done inside one input ({@code memberlist.gossip}); never
     * read for a protocol decision, so a run replays the same with or without it. Without one,
     * those durations are reported as 0 (the engine's own time does not move within an input).
     */
    public void setMetricsTicker(LongSupplier nanoTicker) {
        ctx.ticker = nanoTicker;
    }

    /**
     * Pings {@code node} at {@code addr} once over UDP: {@code cb.done(rtt)} when acked within
     * the probe timeout, else {@code cb.failed}.
     */
    public void ping(long now, String node, Endpoint addr, PingCallback cb) {
        prober.ping(now, node, addr, cb);
    }

    /**
     * Snapshots of every member that is alive or suspect (this node included). While fenced off
     * ({@link #isFenced}): the view as it was when this node fenced, which it does not update,
     * without itself (it left).
     */
    public List<Member> members() {
        List<Member> out = new ArrayList<>();
        for (NodeState n : ctx.table.all()) {
            if (!n.isDeadOrLeft()) {
                out.add(n.toMember());
            }
        }
        return out;
    }

    /** Number of members that are alive or suspect (this node included). */
    public int numMembers() {
        int count = 0;
        for (NodeState n : ctx.table.all()) {
            if (!n.isDeadOrLeft()) {
                count++;
            }
        }
        return count;
    }

    /** This node as others see it, or null before {@link #start}. */
    public Member localMember() {
        NodeState self = ctx.self();
        return self == null ? null : self.toMember();
    }

    /**
     * True while this node is fenced off ({@code Config.selfFenceRefutations}): it left the
     * cluster on its own and takes no part in it until it rejoins.
     */
    public boolean isFenced() {
        return ctx.fenced;
    }

    /** Lifeguard health: 0 is healthy, up to {@code awarenessMaxMultiplier - 1}. */
    public int healthScore() {
        return ctx.awareness.score();
    }

    /** Number of entries in the member table (N), dead and left ones included until reaped. */
    public int estimatedClusterSize() {
        return ctx.table.size();
    }

    /** Broadcasts waiting in this node's own queue (alive/suspect/dead messages). */
    public int queuedBroadcasts() {
        return ctx.broadcasts.numQueued();
    }

    /**
     * Stops everything: no timers, no sends, later inputs are ignored; pending command callbacks
     * are not called. Sends nothing: others detect the failure by probing (call {@link #leave}
     * first for a graceful exit).
     */
    public void shutdown(long now) {
        ctx.shutdown = true;
        ctx.timers.clear();
        acks.clear();
        streams.clear();
        membership.clear();
        prober.clear();
        reconnector.clear();
        failed.clear();
        fencing.clear();
    }

    private byte[] nodeMeta() {
        Delegate d = ctx.settings.delegate();
        if (d == null) {
            return null;
        }
        byte[] meta = d.nodeMeta(Limits.META_MAX_SIZE);
        if (meta != null && meta.length > Limits.META_MAX_SIZE) {
            throw new IllegalStateException("node metadata is " + meta.length
                    + " bytes; the limit is " + Limits.META_MAX_SIZE);
        }
        return meta == null || meta.length == 0 ? null : meta;
    }

    /**
     * Runs {@code r} from the timer queue (due at once) rather than from inside the broadcast
     * queue, which signals completion in the middle of filling a packet: the application's
     * callback may then call back into the engine (e.g. shut down) without surprises.
     */
    private Runnable deferred(Runnable r) {
        return () -> ctx.timers.schedule(Long.MIN_VALUE, t -> r.run());
    }

    /** Runs {@code r} on the {@code n}-th call. */
    private static Runnable countdown(int n, Runnable r) {
        int[] left = {n};
        return () -> {
            if (--left[0] == 0) {
                r.run();
            }
        };
    }

    /**
     * Two endings of which only the first to happen runs: {@code [0]} runs {@code a}, {@code [1]}
     * runs {@code b}, and after either both do nothing.
     */
    private static Runnable[] oneOf(Runnable a, Runnable b) {
        boolean[] ran = new boolean[1];
        return new Runnable[] {
            () -> {
                if (!ran[0]) {
                    ran[0] = true;
                    a.run();
                }
            },
            () -> {
                if (!ran[0]) {
                    ran[0] = true;
                    b.run();
                }
            }
        };
    }
}
