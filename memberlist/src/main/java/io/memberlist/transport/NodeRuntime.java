package io.memberlist.transport;

import io.memberlist.Config;
import io.memberlist.Member;
import io.memberlist.Metrics;
import io.memberlist.codec.CodecException;
import io.memberlist.codec.CodecOptions;
import io.memberlist.codec.ErrResp;
import io.memberlist.codec.Keyring;
import io.memberlist.codec.Message;
import io.memberlist.codec.MessageType;
import io.memberlist.codec.Messages;
import io.memberlist.codec.PacketCodec;
import io.memberlist.codec.StreamCodec;
import io.memberlist.core.Endpoint;
import io.memberlist.core.Engine;
import io.memberlist.core.MemberEvent;
import io.memberlist.core.Outbox;
import io.memberlist.core.PingCallback;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one member's {@link Engine} on one {@link EventLoop} over a {@link Transport}: the
 * production driver (the simulator is the other one).
 *
 * <p>It owns the protocol framing the transport does not: {@link PacketCodec} for datagrams
 * (label, decryption, CRC, compound/compress expansion; nonces from a {@link SecureRandom}) and
 * {@link StreamCodec} for streams; the handoff queues of PROTOCOL §4.3; the inbound stream cap
 * (127 at a time); and the hop of observing events to a serial executor off the loop.
 *
 * <p>After every engine input it re-reads {@link Engine#nextDeadline()} and re-arms its loop
 * timer. Every public method is thread-safe: it queues a task on the loop and returns a future,
 * completed on the callback pool (never on the loop, so a caller's continuation cannot stall
 * the protocol). The facade {@code io.memberlist.Memberlist} wraps this class.
 */
public final class NodeRuntime implements Outbox, TransportReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);
    /** Go refuses the 128th concurrent push/pull; we apply the cap to all inbound streams. */
    static final int MAX_INBOUND_STREAMS = 127;
    private static final SecureRandom SEEDS = new SecureRandom();

    private final Config config;
    private final EventLoop loop;
    private final Transport transport;
    private final Executor callbackPool;
    private final SerialExecutor events;
    private final Metrics metrics;
    /**
     * Our own counters for refused input (Go only logs it): datagrams that failed to decode or
     * lost messages inside, streams closed or answered with an error for bad input, and leaves
     * dropped because a handoff queue was full.
     */
    static final String MALFORMED_PACKETS = "memberlist.packet.malformed";
    static final String MALFORMED_STREAMS = "memberlist.stream.malformed";
    static final String HANDOFF_DROPPED = "memberlist.handoff.dropped";
    private final Keyring keyring;
    private final CodecOptions codecOptions;
    private final PacketCodec packets;
    private final StreamCodec streams;
    private final SecureRandom nonces = new SecureRandom();
    private final HandoffQueues handoff;
    private final EventLoop.Timer engineTimer = new EventLoop.Timer() {
        @Override
        protected void onTimer(long now) {
            if (engine != null && !stopped) {
                engine.onTimer(now);
                reschedule();
            }
        }
    };

    private Engine engine;
    private Endpoint advertise;
    private boolean stopped;
    private int inboundStreams;
    private final AtomicLong malformedPackets = new AtomicLong();
    private final AtomicLong malformedStreams = new AtomicLong();

    private NodeRuntime(Config config, EventLoop loop, Transport transport, Executor callbackPool) {
        this.config = config;
        this.loop = loop;
        this.transport = transport;
        this.callbackPool = callbackPool;
        this.events = new SerialExecutor(callbackPool);
        this.metrics = config.metrics();
        this.keyring = keyringOf(config);
        this.codecOptions = CodecOptions.builder()
                .label(config.label())
                .skipInboundLabelCheck(config.skipInboundLabelCheck())
                .keyring(keyring)
                .protocolVersion(config.protocolVersion())
                .verifyIncoming(config.gossipVerifyIncoming())
                .verifyOutgoing(config.gossipVerifyOutgoing())
                .compression(config.enableCompression())
                .build();
        this.packets = new PacketCodec(codecOptions);
        this.streams = new StreamCodec(codecOptions);
        this.handoff = new HandoffQueues(config.handoffQueueDepth());
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

    /**
     * Binds the transport, builds the engine on {@code loop} and starts it.
     *
     * @param callbackPool where observing callbacks and future completions run (serialised per
     *     node)
     */
    public static CompletableFuture<NodeRuntime> start(Config config, EventLoop loop,
            Transport transport, Executor callbackPool) {
        NodeRuntime rt = new NodeRuntime(config, loop, transport, callbackPool);
        CompletableFuture<NodeRuntime> f = new CompletableFuture<>();
        if (!loop.isRunning()) {
            f.completeExceptionally(new IllegalStateException("event loop " + loop.name() + " is stopped"));
            return f;
        }
        loop.execute(() -> {
            try {
                rt.startOnLoop();
                rt.completeOffLoop(f, rt);
            } catch (Throwable t) {
                rt.stopped = true;
                transport.close();
                rt.failOffLoop(f, t);
            }
        });
        return f;
    }

    private void startOnLoop() throws IOException {
        advertise = transport.start(loop, this);
        Endpoint adv = advertise;
        long now = loop.now();
        engine = new Engine(config, adv, new SplittableRandom(SEEDS.nextLong()), this, now);
        engine.setMetricsTicker(System::nanoTime);
        engine.start(now);
        reschedule();
    }

    // ---- accessors (any thread) ----

    public Config config() {
        return config;
    }

    /** The live keyring: keys added, used or removed apply to the next message sent or read. */
    public Keyring keyring() {
        return keyring;
    }

    /** The address other members reach this node at. */
    public Endpoint advertise() {
        return advertise;
    }

    /** The port the transport bound (UDP and TCP). */
    public int boundPort() {
        return transport.boundPort();
    }

    public EventLoop loop() {
        return loop;
    }

    /** The pool observing callbacks and future completions run on (never the loop). */
    public Executor callbackPool() {
        return callbackPool;
    }

    /** Datagrams dropped as undecodable (label, key, CRC, framing). */
    public long malformedPackets() {
        return malformedPackets.get();
    }

    /** Inbound streams closed for bad input. */
    public long malformedStreams() {
        return malformedStreams.get();
    }

    // ---- commands (any thread) ----

    /** Runs {@code body} on the loop with the live engine; its result completes off the loop. */
    public <T> CompletableFuture<T> call(java.util.function.Function<Engine, T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        onLoop(f, () -> {
            T v = body.apply(engine);
            reschedule();
            completeOffLoop(f, v);
        });
        return f;
    }

    /**
     * Runs a read-only {@code query} on the engine at once, on the calling thread, which must be
     * this node's loop thread (a delegate or supplier the engine is calling): a blocking
     * {@link #call} from there would wait for the loop it occupies. The query must not change
     * the engine.
     *
     * @throws IllegalStateException off the loop thread, or when the node is shut down
     */
    public <T> T readOnLoop(java.util.function.Function<Engine, T> query) {
        if (!loop.inLoop()) {
            throw new IllegalStateException("readOnLoop off the loop thread of " + config.name());
        }
        if (stopped || engine == null) {
            throw new IllegalStateException("node is shut down");
        }
        return query.apply(engine);
    }

    /** A command that completes later: the engine, the loop's time, and how to finish. */
    @FunctionalInterface
    public interface Command<T> {
        void run(Engine engine, long now, Consumer<T> complete, Consumer<Throwable> fail);
    }

    /**
     * Runs {@code command} on the loop; its future completes (off the loop) when the command
     * calls {@code complete} or {@code fail}, now or from a later engine callback.
     */
    public <T> CompletableFuture<T> submit(Command<T> command) {
        CompletableFuture<T> f = new CompletableFuture<>();
        onLoop(f, () -> {
            command.run(engine, loop.now(), v -> completeOffLoop(f, v), t -> failOffLoop(f, t));
            reschedule();
        });
        return f;
    }

    /** Push/pull join with each seed; completes with the engine's count and failures. */
    public CompletableFuture<JoinOutcome> join(List<Endpoint> seeds) {
        CompletableFuture<JoinOutcome> f = new CompletableFuture<>();
        onLoop(f, () -> {
            engine.join(loop.now(), seeds, (n, errors) -> completeOffLoop(f, new JoinOutcome(n, Map.copyOf(errors))));
            reschedule();
        });
        return f;
    }

    /** The engine's join outcome. */
    public record JoinOutcome(int joined, Map<Endpoint, String> errors) {}

    public CompletableFuture<Void> leave(Duration timeout) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        onLoop(f, () -> {
            engine.leave(loop.now(), timeout.toNanos(), () -> completeOffLoop(f, null));
            reschedule();
        });
        return f;
    }

    public CompletableFuture<Void> updateNode(Duration timeout) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        onLoop(f, () -> {
            engine.updateMeta(loop.now(), timeout.toNanos(), () -> completeOffLoop(f, null));
            reschedule();
        });
        return f;
    }

    public CompletableFuture<Boolean> sendBestEffort(String node, byte[] payload) {
        byte[] copy = payload.clone();
        return call(e -> e.sendBestEffort(loop.now(), node, copy));
    }

    /** Completes normally when written; exceptionally with the engine's reason otherwise. */
    public CompletableFuture<Void> sendReliable(String node, byte[] payload) {
        byte[] copy = payload.clone();
        CompletableFuture<Void> f = new CompletableFuture<>();
        onLoop(f, () -> {
            engine.sendReliable(loop.now(), node, copy, err -> {
                if (err == null) {
                    completeOffLoop(f, null);
                } else {
                    failOffLoop(f, new IOException(err));
                }
            });
            reschedule();
        });
        return f;
    }

    /** Completes with the round-trip time in nanoseconds, or exceptionally with the reason. */
    public CompletableFuture<Long> ping(String node, Endpoint addr) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        onLoop(f, () -> {
            engine.ping(loop.now(), node, addr, new PingCallback() {
                @Override
                public void done(long rttNanos) {
                    completeOffLoop(f, rttNanos);
                }

                @Override
                public void failed(String reason) {
                    failOffLoop(f, new IOException(reason));
                }
            });
            reschedule();
        });
        return f;
    }

    public CompletableFuture<List<Member>> members() {
        return call(Engine::members);
    }

    /**
     * Stops the engine (sends nothing more), closes the transport and releases its ports. The
     * future completes once the sockets are closed. Idempotent.
     */
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (!loop.isRunning()) {
            transport.close(); // loop gone: its selector closed the channels already
            stopped = true;
            f.complete(null);
            return f;
        }
        loop.execute(() -> {
            try {
                if (!stopped) {
                    stopped = true;
                    if (engine != null) {
                        engine.shutdown(loop.now());
                    }
                    loop.cancel(engineTimer);
                    transport.close();
                }
            } catch (Throwable t) {
                LOG.debug("shutdown", t);
            }
            completeOffLoop(f, null);
        });
        return f;
    }

    private void onLoop(CompletableFuture<?> f, Runnable body) {
        if (!loop.isRunning()) {
            f.completeExceptionally(new IllegalStateException("node is shut down (event loop stopped)"));
            return;
        }
        loop.execute(() -> {
            if (stopped || engine == null) {
                failOffLoop(f, new IllegalStateException("node is shut down"));
                return;
            }
            try {
                body.run();
            } catch (Throwable t) {
                failOffLoop(f, t);
            }
        });
    }

    private <T> void completeOffLoop(CompletableFuture<T> f, T v) {
        try {
            callbackPool.execute(() -> f.complete(v));
        } catch (RuntimeException e) {
            f.complete(v);
        }
    }

    private void failOffLoop(CompletableFuture<?> f, Throwable t) {
        try {
            callbackPool.execute(() -> f.completeExceptionally(t));
        } catch (RuntimeException e) {
            f.completeExceptionally(t);
        }
    }

    private void reschedule() {
        if (!stopped && engine != null) {
            long deadline = engine.nextDeadline();
            if (deadline != Long.MAX_VALUE) {
                // The engine may ask for "at once" with a deadline far in the past (a completion
                // deferred by a command, at Long.MIN_VALUE); the loop compares deadlines
                // wrap-safely (deadline - now), which such a value overflows into "never".
                deadline = Math.max(deadline, loop.now());
            }
            loop.schedule(engineTimer, deadline);
        }
    }

    // ---- Outbox (loop thread, inside engine inputs) ----

    @Override
    public void sendPacket(Endpoint to, String toNode, byte[] payload, boolean crc) {
        if (stopped) {
            return;
        }
        try {
            byte[] datagram = packets.encode(payload, crc, nonces);
            metrics.counter("memberlist.udp.sent", datagram.length);
            transport.sendPacket(to, datagram);
        } catch (RuntimeException e) {
            LOG.debug("send to {} failed", to, e);
        }
    }

    @Override
    public void openStream(long streamId, Endpoint to, String toNode, Message message, long deadline,
            boolean expectReply) {
        byte[] request;
        try {
            byte[] label = streams.labelHeader();
            byte[] body = streams.encodeMessage(Messages.encodeStream(message), nonces);
            request = new byte[label.length + body.length];
            System.arraycopy(label, 0, request, 0, label.length);
            System.arraycopy(body, 0, request, label.length, body.length);
        } catch (RuntimeException e) {
            String reason = "encode: " + e;
            loop.execute(() -> streamFailed(streamId, reason));
            return;
        }
        metrics.counter("memberlist.tcp.sent", request.length);
        transport.openStream(to, deadline, new DialerSession(streamId, request, expectReply));
    }

    @Override
    public void event(MemberEvent e) {
        events.execute(() -> deliver(e));
    }

    private void deliver(MemberEvent e) {
        if (e instanceof MemberEvent.Joined j) {
            if (config.events() != null) {
                config.events().notifyJoin(j.member());
            }
        } else if (e instanceof MemberEvent.Left l) {
            if (config.events() != null) {
                config.events().notifyLeave(l.member());
            }
        } else if (e instanceof MemberEvent.Updated u) {
            if (config.events() != null) {
                config.events().notifyUpdate(u.member());
            }
        } else if (e instanceof MemberEvent.UserMessageReceived m) {
            if (config.delegate() != null) {
                config.delegate().notifyMessage(m.payload());
            }
        } else if (e instanceof MemberEvent.PingCompleted p) {
            if (config.ping() != null) {
                config.ping().notifyPingComplete(p.member(), Duration.ofNanos(p.rttNanos()), p.payload());
            }
        }
    }

    private void streamFailed(long streamId, String reason) {
        if (!stopped) {
            engine.onStreamFailed(loop.now(), streamId, reason);
            reschedule();
        }
    }

    // ---- TransportReceiver (loop thread) ----

    @Override
    public void onPacket(long now, Endpoint from, byte[] datagram) {
        if (stopped) {
            return;
        }
        metrics.counter("memberlist.udp.received", datagram.length);
        PacketCodec.Decoded d;
        try {
            d = packets.decode(datagram, datagram.length);
        } catch (CodecException e) {
            malformedPackets.incrementAndGet();
            metrics.counter(MALFORMED_PACKETS, 1);
            LOG.debug("dropped packet from {}: {}", from, e.toString());
            return;
        }
        if (d.dropped() > 0) {
            malformedPackets.incrementAndGet();
            metrics.counter(MALFORMED_PACKETS, 1);
            LOG.debug("dropped {} message(s) in a packet from {}: {}", d.dropped(), from, d.problems());
        }
        for (byte[] leaf : d.messages()) {
            if (leaf.length == 0) {
                continue;
            }
            if (HandoffQueues.queued(leaf[0] & 0xff)) {
                if (!handoff.offer(from, leaf)) {
                    metrics.counter(HANDOFF_DROPPED, 1);
                    LOG.debug("handoff queue full, dropped {} from {}", MessageType.name(leaf[0] & 0xff), from);
                }
            } else {
                deliverLeaf(now, from, leaf);
            }
        }
    }

    @Override
    public void onPacketBatchEnd(long now) {
        HandoffQueues.Leaf l;
        while (!stopped && (l = handoff.poll()) != null) {
            deliverLeaf(now, l.from(), l.message());
        }
        reschedule();
    }

    private void deliverLeaf(long now, Endpoint from, byte[] leaf) {
        try {
            engine.onPacket(now, from, leaf);
        } catch (RuntimeException e) {
            LOG.debug("engine refused {} from {}", MessageType.name(leaf[0] & 0xff), from, e);
        }
    }

    /** Go samples the declared length of every encrypted stream message it reads. */
    private void remoteSize(StreamCodec.Message m) {
        if (m.encrypted()) {
            metrics.sample("memberlist.size.remote", m.envelopeLength());
        }
    }

    /** Leaves dropped because a handoff queue was full. */
    public long handoffDrops() {
        return handoff.dropped();
    }

    @Override
    public StreamSession onAccept(long now, Endpoint from) {
        if (stopped || inboundStreams >= MAX_INBOUND_STREAMS) {
            LOG.debug("refusing stream from {}: {} open", from, inboundStreams);
            return null;
        }
        metrics.counter("memberlist.tcp.accept", 1);
        inboundStreams++;
        return new ListenerSession(from);
    }

    @Override
    public long inboundStreamTimeoutNanos() {
        return config.tcpTimeout().toNanos();
    }

    /** The most a stream may carry: the 20 MiB encrypted-message cap plus headers and label. */
    static final int MAX_STREAM_INPUT = io.memberlist.codec.Limits.MAX_ENCRYPTED_STREAM_BYTES + 1024;

    /** Dialer: write the request, read one reply if one is expected, report to the engine. */
    private final class DialerSession implements StreamSession {
        private final long streamId;
        private final byte[] request;
        private final boolean expectReply;

        DialerSession(long streamId, byte[] request, boolean expectReply) {
            this.streamId = streamId;
            this.request = request;
            this.expectReply = expectReply;
        }

        @Override
        public Step start(long now) {
            return new Step.Write(request, expectReply);
        }

        @Override
        public Step onInput(long now, byte[] buf, int len, boolean eof) {
            Message reply;
            try {
                StreamCodec.Read r = streams.tryDecode(buf, 0, len, false);
                if (r instanceof StreamCodec.NeedMore) {
                    return Step.NEED_MORE;
                }
                StreamCodec.Message m = (StreamCodec.Message) r;
                remoteSize(m);
                try {
                    reply = Messages.decodeStream(m.message(), 0, m.message().length).message();
                } catch (CodecException e) {
                    if (e.isTruncated() && !m.bounded()) {
                        return Step.NEED_MORE;
                    }
                    throw e;
                }
            } catch (CodecException e) {
                failed(now, "reply: " + e.getMessage());
                return Step.CLOSE;
            }
            if (!stopped) {
                engine.onStreamReply(now, streamId, reply);
                reschedule();
            }
            return Step.CLOSE;
        }

        @Override
        public void onWritten(long now) {
            if (!stopped) {
                engine.onStreamReply(now, streamId, null);
                reschedule();
            }
        }

        @Override
        public void onFailure(long now, String reason) {
            failed(now, reason);
        }

        private void failed(long now, String reason) {
            if (!stopped) {
                engine.onStreamFailed(now, streamId, reason);
                reschedule();
            }
        }

        @Override
        public int maxInputBytes() {
            return MAX_STREAM_INPUT;
        }
    }

    /** Listener: read one request (label checked), hand it to the engine, write its reply. */
    private final class ListenerSession implements StreamSession {
        private final Endpoint from;
        private boolean ended;

        ListenerSession(Endpoint from) {
            this.from = from;
        }

        @Override
        public Step start(long now) {
            return Step.NEED_MORE;
        }

        @Override
        public Step onInput(long now, byte[] buf, int len, boolean eof) {
            if (len == 0) {
                return close(); // EOF before any byte: silent close (§5.1)
            }
            int label = labelCheck(buf, len);
            if (label == LABEL_NEED_MORE) {
                return eof ? bad("truncated label header") : Step.NEED_MORE;
            }
            if (label == LABEL_REJECT) {
                return bad("label refused"); // closed without answer (§5.1)
            }
            StreamCodec.Message m;
            try {
                StreamCodec.Read r = streams.tryDecode(buf, 0, len, true);
                if (r instanceof StreamCodec.NeedMore) {
                    return Step.NEED_MORE;
                }
                m = (StreamCodec.Message) r;
                remoteSize(m);
            } catch (CodecException e) {
                // Framing errors (decryption, length, decompression) are answered (§5.2).
                malformedStreams.incrementAndGet();
                metrics.counter(MALFORMED_STREAMS, 1);
                LOG.debug("stream from {}: {}", from, e.toString());
                return reply(new ErrResp(e.getMessage()));
            }
            Message msg;
            try {
                msg = Messages.decodeStream(m.message(), 0, m.message().length).message();
            } catch (CodecException e) {
                if (e.isTruncated() && !m.bounded()) {
                    return Step.NEED_MORE;
                }
                return bad(e.toString()); // body errors close without reply
            }
            if (stopped) {
                return close();
            }
            Message answer;
            try {
                answer = engine.onStreamMessage(now, from, msg);
            } finally {
                reschedule();
            }
            return answer == null ? close() : reply(answer);
        }

        private static final int LABEL_ACCEPT = 0;
        private static final int LABEL_REJECT = 1;
        private static final int LABEL_NEED_MORE = 2;

        /** The label rules of §5.1 on the first bytes of the stream. */
        private int labelCheck(byte[] buf, int len) {
            byte[] mine = codecOptions.labelBytes();
            boolean skip = codecOptions.skipInboundLabelCheck();
            if ((buf[0] & 0xff) != MessageType.HAS_LABEL) {
                return skip || mine.length == 0 ? LABEL_ACCEPT : LABEL_REJECT;
            }
            if (len < 2) {
                return LABEL_NEED_MORE;
            }
            int size = buf[1] & 0xff;
            if (size == 0 || skip) {
                return LABEL_REJECT;
            }
            if (len < 2 + size) {
                return LABEL_NEED_MORE;
            }
            return java.util.Arrays.equals(buf, 2, 2 + size, mine, 0, mine.length)
                    ? LABEL_ACCEPT : LABEL_REJECT;
        }

        private Step reply(Message answer) {
            byte[] bytes;
            try {
                bytes = streams.encodeMessage(Messages.encodeStream(answer), nonces);
            } catch (RuntimeException e) {
                LOG.debug("encoding reply to {} failed", from, e);
                return close();
            }
            metrics.counter("memberlist.tcp.sent", bytes.length);
            return new Step.Write(bytes, false);
        }

        private Step bad(String why) {
            malformedStreams.incrementAndGet();
            metrics.counter(MALFORMED_STREAMS, 1);
            LOG.debug("stream from {} closed: {}", from, why);
            return close();
        }

        private Step close() {
            end();
            return Step.CLOSE;
        }

        private void end() {
            if (!ended) {
                ended = true;
                inboundStreams--;
            }
        }

        @Override
        public void onWritten(long now) {
            end();
        }

        @Override
        public void onFailure(long now, String reason) {
            end();
            LOG.debug("inbound stream from {} failed: {}", from, reason);
        }

        @Override
        public int maxInputBytes() {
            return MAX_STREAM_INPUT;
        }
    }
}
