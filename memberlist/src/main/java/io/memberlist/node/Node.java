package io.memberlist.node;

import io.memberlist.Config;
import io.memberlist.Delegate;
import io.memberlist.EventListener;
import io.memberlist.Member;
import io.memberlist.Metrics;
import io.memberlist.PingDelegate;
import io.memberlist.codec.CodecException;
import io.memberlist.codec.CodecOptions;
import io.memberlist.codec.Keyring;
import io.memberlist.codec.Message;
import io.memberlist.codec.PacketCodec;
import io.memberlist.codec.StreamCodec;
import io.memberlist.Endpoint;
import io.memberlist.core.Engine;
import io.memberlist.core.JoinCallback;
import io.memberlist.core.MemberEvent;
import io.memberlist.core.Outbox;
import io.memberlist.core.PingCallback;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member as the network sees it, sans IO: everything between bytes and the protocol
 * {@link Engine}. The production runtime (sockets on an event loop) and the simulator drive
 * this same class; neither holds a protocol rule of its own.
 *
 * <p>It owns: packet framing (label, encryption, CRC, compression, compound: {@link PacketCodec});
 * stream exchanges as state machines parsed incrementally ({@link StreamTable},
 * {@link StreamReader}); the receive handoff queues of PROTOCOL.md §4.3
 * ({@link HandoffQueues}); every input limit ({@link NodeLimits}); the error-reply rule of §5.2;
 * drop counting by reason; and the hand-off of observing events to the application, in order.
 *
 * <p>Inputs, each with the current time: {@link #onDatagram}, {@link #onDatagramBatchEnd},
 * {@link #onStreamAccepted}, {@link #onStreamConnected}, {@link #onStreamBytes},
 * {@link #onStreamEof}, {@link #onStreamClosed}, {@link #onTimer}, and the commands. Outputs are
 * pushed to the {@link NodeIo} during an input. After every input the driver re-reads
 * {@link #nextDeadline()} and calls {@link #onTimer} when it is reached.
 *
 * <p>No IO, threads, clocks or locks (checked by the purity test): one thread drives a node.
 */
public final class Node implements Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    /** Counters of our own (Go only logs these drops), see SECURITY.md. */
    public static final String PACKETS_MALFORMED = "memberlist.packet.malformed";
    public static final String PACKETS_DROPPED = "memberlist.packet.dropped";
    public static final String STREAMS_MALFORMED = "memberlist.stream.malformed";
    public static final String STREAMS_REFUSED = "memberlist.stream.refused";
    public static final String HANDOFF_DROPPED = "memberlist.handoff.dropped";

    private final Config config;
    private final Metrics metrics;
    private final Keyring keyring;
    private final PacketCodec packets;
    private final boolean compoundOnly;
    private final RandomGenerator nonces;
    private final NodeIo io;
    private final HandoffQueues handoff;
    private final StreamTable streams;
    private final Engine engine;
    private boolean stopped;
    /** The time of the input being handled (the engine's effects carry no time of their own). */
    private long now;
    private long malformedPackets;
    private long refusedStreams;

    /**
     * A node advertising {@code advertise}; call {@link #start} before any other input.
     *
     * @param random the engine's randomness (probe order, gossip targets): seeded in simulations
     * @param nonces randomness for encryption nonces: a SecureRandom in production
     * @param compoundOnly true to skip the packet codec (no label, CRC, compression or
     *     encryption; only compound splitting): the simulator's fast mode for very large runs
     */
    public Node(Config config, Endpoint advertise, RandomGenerator random, RandomGenerator nonces,
            NodeIo io, long now, boolean compoundOnly) {
        this(config, advertise, random, nonces, io, now, compoundOnly, NodeLimits.defaults(config.tcpTimeout()));
    }

    /** As above, with explicit limits (tests). */
    public Node(Config config, Endpoint advertise, RandomGenerator random, RandomGenerator nonces,
            NodeIo io, long now, boolean compoundOnly, NodeLimits limits) {
        this.config = config;
        this.metrics = config.metrics();
        this.keyring = keyringOf(config);
        this.compoundOnly = compoundOnly;
        this.nonces = nonces;
        this.io = io;
        CodecOptions options = compoundOnly ? CodecOptions.builder().compression(false).build() : codecOptions(config, keyring);
        this.packets = new PacketCodec(options);
        this.handoff = new HandoffQueues(config.handoffQueueDepth());
        this.streams = new StreamTable(this, limits, new StreamCodec(options), nonces);
        this.now = now;
        this.engine = new Engine(EngineSettingsFactory.from(config), advertise, random, this, now);
    }

    /** Go's rule (§6.1): the secret key is primary; without one, the first keyring key is. */
    private static Keyring keyringOf(Config config) {
        List<byte[]> keys = config.keyring();
        byte[] primary = config.secretKey();
        if (primary == null && keys.isEmpty()) {
            return Keyring.empty();
        }
        return Keyring.of(keys, primary != null ? primary : keys.get(0));
    }

    private static CodecOptions codecOptions(Config c, Keyring keyring) {
        return CodecOptions.builder()
                .label(c.label())
                .skipInboundLabelCheck(c.skipInboundLabelCheck())
                .keyring(keyring)
                .protocolVersion(c.protocolVersion())
                .verifyIncoming(c.gossipVerifyIncoming())
                .verifyOutgoing(c.gossipVerifyOutgoing())
                .compression(c.enableCompression())
                .build();
    }

    /**
     * Starts the engine: its first timers; no packet is sent yet.
     *
     * @param wallClockSeconds the driver's wall clock in whole seconds since 1970: the first
     *     incarnation with {@code Config.initialIncarnationFromClock} (the node reads no clock)
     */
    public void start(long now, long wallClockSeconds) {
        this.now = now;
        engine.start(now, wallClockSeconds);
    }

    // ---------------------------------------------------------------- time

    /** When the node next needs {@link #onTimer}: the engine's deadline or a stream's. */
    public long nextDeadline() {
        return stopped ? Long.MAX_VALUE : Math.min(engine.nextDeadline(), streams.nextDeadline());
    }

    public void onTimer(long now) {
        this.now = now;
        if (stopped) {
            return;
        }
        streams.expire(now);
        engine.onTimer(now);
    }

    // ---------------------------------------------------------------- datagrams

    /**
     * One received datagram. Messages that §4.3 queues (alive, suspect, dead, user) wait for
     * {@link #onDatagramBatchEnd}; the rest go to the engine at once.
     */
    public void onDatagram(long now, Endpoint from, byte[] datagram) {
        this.now = now;
        if (stopped) {
            return;
        }
        metrics.counter("memberlist.udp.received", datagram.length);
        PacketCodec.Decoded d;
        try {
            d = packets.decode(datagram, datagram.length);
        } catch (CodecException e) {
            malformedPackets++;
            metrics.counter(PACKETS_MALFORMED, 1);
            metrics.counter(PACKETS_DROPPED, 1, Map.of("reason", e.dropReason().tag()));
            log("dropped packet from " + from + ": " + e);
            return;
        }
        if (d.dropped() > 0) {
            malformedPackets++;
            metrics.counter(PACKETS_MALFORMED, 1);
            for (PacketCodec.Drop drop : d.drops()) {
                metrics.counter(PACKETS_DROPPED, drop.count(), Map.of("reason", drop.reason().tag()));
            }
            log("dropped " + d.dropped() + " message(s) in a packet from " + from);
        }
        for (Message m : d.decoded()) {
            if (!HandoffQueues.queued(m)) {
                deliver(now, from, m);
            } else if (!handoff.offer(from, m)) {
                metrics.counter(HANDOFF_DROPPED, 1);
            }
        }
    }

    /** The driver has delivered every datagram of one read batch: the queued messages go now. */
    public void onDatagramBatchEnd(long now) {
        this.now = now;
        HandoffQueues.Leaf l;
        while (!stopped && (l = handoff.poll()) != null) {
            deliver(now, l.from(), l.message());
        }
    }

    private void deliver(long now, Endpoint from, Message m) {
        try {
            engine.onPacket(now, from, m);
        } catch (RuntimeException e) {
            LOG.debug("engine refused {} from {}", m.getClass().getSimpleName(), from, e);
        }
    }

    // ---------------------------------------------------------------- streams

    /**
     * An inbound connection from {@code from} was accepted.
     *
     * @return the stream's id for the next inputs, or -1: close the connection at once
     */
    public long onStreamAccepted(long now, Endpoint from) {
        this.now = now;
        if (stopped) {
            return -1;
        }
        long id = streams.accept(now, from);
        if (id >= 0) {
            metrics.counter("memberlist.tcp.accept", 1);
        }
        return id;
    }

    /** An outbound stream's connection is up. */
    public void onStreamConnected(long now, long streamId) {
        this.now = now;
        if (!stopped) {
            streams.connected(now, streamId);
        }
    }

    /** Bytes received on a stream ({@code buf} is the driver's again when this returns). */
    public void onStreamBytes(long now, long streamId, byte[] buf, int off, int len) {
        this.now = now;
        if (!stopped) {
            streams.bytes(now, streamId, buf, off, len);
            streams.promote(now);
        }
    }

    /** The peer closed its side of the stream. */
    public void onStreamEof(long now, long streamId) {
        this.now = now;
        if (!stopped) {
            streams.eof(now, streamId);
            streams.promote(now);
        }
    }

    /**
     * The stream is closed: after a graceful {@link NodeIo#closeStream} ({@code error == null}
     * once flushed), or because the connection failed (refused, reset, transport closed).
     */
    public void onStreamClosed(long now, long streamId, String error) {
        this.now = now;
        if (!stopped) {
            streams.closed(now, streamId, error);
            streams.promote(now);
        }
    }

    // ---------------------------------------------------------------- commands

    public void join(long now, List<Endpoint> seeds, JoinCallback done) {
        this.now = now;
        engine.join(now, seeds, done);
    }

    public void leave(long now, long timeoutNanos, Runnable done) {
        this.now = now;
        engine.leave(now, timeoutNanos, done);
    }

    public void updateMeta(long now, long timeoutNanos, Runnable done) {
        this.now = now;
        engine.updateMeta(now, timeoutNanos, done);
    }

    public boolean sendBestEffort(long now, String member, byte[] payload) {
        this.now = now;
        return engine.sendBestEffort(now, member, payload);
    }

    public void sendReliable(long now, String member, byte[] payload, Consumer<String> doneOrError) {
        this.now = now;
        engine.sendReliable(now, member, payload, doneOrError);
    }

    public void ping(long now, String member, Endpoint addr, PingCallback cb) {
        this.now = now;
        engine.ping(now, member, addr, cb);
    }

    /** Stops: the engine sends nothing more and every stream is closed. Idempotent. */
    public void shutdown(long now) {
        this.now = now;
        if (!stopped) {
            engine.shutdown(now);
            stopped = true;
            streams.clear();
        }
    }

    public boolean isStopped() {
        return stopped;
    }

    /**
     * Runs a command on the engine at {@code now}, for drivers and tests that script the engine
     * directly (its effects still go through this node).
     */
    public <T> T command(long now, java.util.function.BiFunction<Engine, Long, T> body) {
        this.now = now;
        return body.apply(engine, now);
    }

    // ---------------------------------------------------------------- reads

    /** The protocol engine (for drivers, the facade and the simulator's tests). */
    public Engine engine() {
        return engine;
    }

    public List<Member> members() {
        return engine.members();
    }

    public Config config() {
        return config;
    }

    /** The live keyring: keys added, used or removed apply to the next message sent or read. */
    public Keyring keyring() {
        return keyring;
    }

    /** Datagrams with at least one dropped layer or message. */
    public long malformedPackets() {
        return malformedPackets;
    }

    /** Inbound streams refused or closed early for any reason (see {@link StreamTable.Refusal}). */
    public long refusedStreams() {
        return refusedStreams;
    }

    /** Messages dropped because a handoff queue was full. */
    public long handoffDrops() {
        return handoff.dropped();
    }

    /** Messages waiting in the handoff queues (zero between read batches: each batch drains them). */
    public int handoffQueued() {
        return handoff.size();
    }

    /** Stream figures, for tests, metrics and the status endpoint. */
    public record StreamStats(int open, int pending, int active, int waiting, long bufferedBytes, long parseWork) {}

    public StreamStats streamStats() {
        return new StreamStats(streams.open(), streams.inboundPending(), streams.inboundActive(),
                streams.inboundWaiting(), streams.bufferedBytes(), streams.parseWork());
    }

    // ---------------------------------------------------------------- the application

    /**
     * Whether {@link #deliver} would hand {@code e} to anyone: a driver need not queue the events
     * nobody listens to (with many nodes in one JVM and no listener, a mass join would otherwise
     * queue one task per member per node for the callback threads).
     */
    public boolean observes(MemberEvent e) {
        if (e instanceof MemberEvent.UserMessageReceived) {
            return config.delegate() != null;
        }
        if (e instanceof MemberEvent.PingCompleted) {
            return config.ping() != null;
        }
        return config.events() != null;
    }

    /**
     * Hands one observing event to the application's listeners. The driver calls it off the
     * protocol thread (or after the input), in the order {@link NodeIo#event} received them.
     */
    public void deliver(MemberEvent e) {
        EventListener events = config.events();
        if (e instanceof MemberEvent.Joined j) {
            if (events != null) {
                events.notifyJoin(j.member());
            }
        } else if (e instanceof MemberEvent.Left l) {
            if (events != null) {
                events.notifyLeave(l.member());
            }
        } else if (e instanceof MemberEvent.Updated u) {
            if (events != null) {
                events.notifyUpdate(u.member());
            }
        } else if (e instanceof MemberEvent.LateLeave l) {
            if (events != null) {
                events.notifyLateLeave(l.member());
            }
        } else if (e instanceof MemberEvent.Fenced f) {
            if (events != null) {
                events.notifyFenced(f.self(), Duration.ofNanos(f.rejoinTrialInNanos()));
            }
        } else if (e instanceof MemberEvent.UserMessageReceived m) {
            Delegate d = config.delegate();
            if (d != null) {
                d.notifyMessage(m.payload());
            }
        } else if (e instanceof MemberEvent.PingCompleted p) {
            PingDelegate pd = config.ping();
            if (pd != null) {
                pd.notifyPingComplete(p.member(), Duration.ofNanos(p.rttNanos()), p.payload());
            }
        }
    }

    // ---------------------------------------------------------------- Outbox (engine effects)

    @Override
    public void sendPacket(Endpoint to, String toNode, byte[] payload, boolean crc) {
        if (stopped) {
            return;
        }
        byte[] datagram;
        try {
            datagram = packets.encode(payload, crc && !compoundOnly, nonces);
        } catch (RuntimeException e) {
            LOG.debug("encoding a packet to {} failed", to, e);
            return;
        }
        metrics.counter("memberlist.udp.sent", datagram.length);
        io.sendDatagram(to, toNode, datagram);
    }

    @Override
    public void openStream(long streamId, Endpoint to, String toNode, Message message, long deadline,
            boolean expectReply) {
        streams.open(now, streamId, to, toNode, message, deadline, expectReply);
    }

    @Override
    public void event(MemberEvent event) {
        io.event(event);
    }

    // ---------------------------------------------------------------- for StreamTable

    NodeIo io() {
        return io;
    }

    Message handleStreamRequest(long now, Endpoint from, Message request) {
        return engine.onStreamMessage(now, from, request);
    }

    void streamReply(long now, long engineStreamId, Message reply) {
        engine.onStreamReply(now, engineStreamId, reply);
    }

    void streamFailed(long now, long engineStreamId, String reason) {
        engine.onStreamFailed(now, engineStreamId, reason);
    }

    void countTcpSent(int bytes) {
        metrics.counter("memberlist.tcp.sent", bytes);
    }

    /** Go samples the declared length of every encrypted stream message it reads. */
    void countRemoteSize(int envelopeLength) {
        if (envelopeLength >= 0) {
            metrics.sample("memberlist.size.remote", envelopeLength);
        }
    }

    void countRefusal(StreamTable.Refusal why, Endpoint from) {
        refusedStreams++;
        if (why == StreamTable.Refusal.FRAMING || why == StreamTable.Refusal.BODY
                || why == StreamTable.Refusal.LABEL || why == StreamTable.Refusal.EOF) {
            metrics.counter(STREAMS_MALFORMED, 1);
        }
        metrics.counter(STREAMS_REFUSED, 1, Map.of("reason", why.name().toLowerCase(java.util.Locale.ROOT)));
    }

    void log(String what) {
        if (LOG.isDebugEnabled()) {
            LOG.debug(what.length() > 200 ? what.substring(0, 200) + "..." : what);
        }
    }
}
