package io.memberlist.node;

import io.memberlist.Config;
import io.memberlist.Endpoint;
import io.memberlist.Member;
import io.memberlist.core.MemberEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Drives one production {@link Node} from a byte script, as a driver would, and checks after
 * every input the invariants the node promises whatever the network sends (SECURITY.md):
 *
 * <ul>
 *   <li>no input throws;
 *   <li>stream figures stay within {@link NodeLimits}: pending, active, buffered bytes, and the
 *       connections of one source that have sent nothing (all pending) within the per-source cap;
 *   <li>the node writes only to streams it opened or accepted and has not closed, and answers an
 *       inbound stream at most once;
 *   <li>parse work stays linear in the stream bytes received;
 *   <li>bytes out per byte in: what one datagram makes the node send to addresses that are not
 *       members is at most 2× its size on the wire (28 bytes of IPv4 and UDP headers counted on
 *       both sides), plus the encryption overhead per reply when plain input is accepted
 *       under a keyring ({@link #plainInSealedOut}); to members it is at most one reply's worth
 *       of owed gossip plus the bounded refutation fan-out ({@link #MEMBER_BYTES_PER_DATAGRAM});
 *   <li>timers make progress: reaching a point in time takes at most 100,000 timer inputs (a
 *       deadline that stays in the past would be a busy loop).
 * </ul>
 *
 * <p>The limits are small ({@link #LIMITS}) so that inputs of a few KB reach every one.
 * Unchecked here: per-source pending counts of connections that sent a partial label (only
 * silent ones are counted), and traffic the node starts on its own timers (probes, gossip,
 * push/pulls), which is the protocol's and not bought by input bytes.
 *
 * <p>Script: byte 0 selects the configuration ({@link #config}); then operations, each an op
 * byte and its operands (u16 lengths big-endian, cut to what is left). The op set is the
 * target's ({@link Ops}). Everything is deterministic: a seeded engine, seeded nonces, a
 * virtual clock.
 */
final class NodeHarness {
    /** Which operations a fuzz target's script may contain (op byte modulo the list's size). */
    enum Ops {
        DATAGRAMS(Op.DATAGRAM, Op.DATAGRAM, Op.BATCH_END, Op.ADVANCE),
        STREAMS(Op.ACCEPT, Op.BYTES, Op.BYTES, Op.EOF, Op.RESET, Op.ADVANCE, Op.JOIN, Op.DATAGRAM);

        final Op[] ops;

        Ops(Op... ops) {
            this.ops = ops;
        }
    }

    enum Op { DATAGRAM, BATCH_END, ADVANCE, ACCEPT, BYTES, EOF, RESET, JOIN }

    static final int IP_UDP_HEADERS = 28;
    static final int UDP_BUFFER = 1400;
    static final int FANOUT = 8;
    /**
     * What one datagram may make the node send to members: a reply carrying owed gossip (one
     * UDP buffer plus framing) and, for a forged suspicion of this node, one direct alive per
     * fan-out member. Both are traffic the cluster is owed, not amplification towards strangers.
     */
    static final int MEMBER_BYTES_PER_DATAGRAM = (1 + FANOUT) * (UDP_BUFFER + 128);
    /** Limits small enough for fuzz inputs (a few KB) to reach every one. */
    static final NodeLimits LIMITS = new NodeLimits(3, 6, 3, Duration.ofSeconds(2).toNanos(),
            Duration.ofSeconds(10).toNanos(), 2048, 4096);
    static final Endpoint SELF = ep(1);
    /** Time moves in steps of 50 ms, at most 12.75 s per operation and {@link #MAX_ELAPSED} in all. */
    static final long ADVANCE_STEP_NANOS = 50_000_000L;
    /** Simulated time one script may cover (reaches every deadline: header, stream, suspicion, push/pull). */
    static final long MAX_ELAPSED = Duration.ofMinutes(3).toNanos();
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Config[] CONFIGS = new Config[16];

    static {
        for (int i = 0; i < CONFIGS.length; i++) {
            CONFIGS[i] = config(i);
        }
    }

    /** The source address with index {@code i}: 10.0.0.i:7946 (index 1 is the node itself). */
    static Endpoint ep(int i) {
        return new Endpoint(new byte[] {10, 0, 0, (byte) i}, 7946);
    }

    /**
     * bit 0 label "lbl"; bit 1 keyring (key {@link #KEY}); bit 2 verifyIncoming off;
     * bit 3 compression off.
     */
    static Config config(int bits) {
        Config.Builder b = Config.lan().name("fuzz").bindAddr("10.0.0.1").bindPort(7946)
                .udpBufferSize(UDP_BUFFER).selfAnnounceFanout(FANOUT)
                .label((bits & 1) != 0 ? "lbl" : "")
                .gossipVerifyIncoming((bits & 4) == 0)
                .enableCompression((bits & 8) == 0);
        if ((bits & 2) != 0) {
            b.secretKey(KEY);
        }
        return b.build();
    }

    private final class Io implements NodeIo {
        @Override
        public void sendDatagram(Endpoint to, String toNode, byte[] datagram) {
            if (datagram.length > 65_507) {
                throw new AssertionError("datagram of " + datagram.length + " bytes");
            }
            sent.add(new Sent(to, datagram.length));
        }

        @Override
        public void openStream(long streamId, Endpoint to, String toNode) {
            if (!known.add(streamId)) {
                throw new AssertionError("stream id " + streamId + " opened twice");
            }
            open.add(streamId);
            toConnect.add(streamId);
            slots.add(streamId);
        }

        @Override
        public void writeStream(long streamId, byte[] bytes) {
            if (!open.contains(streamId)) {
                throw new AssertionError("write to stream " + streamId + " that is not open");
            }
            if (inbound.containsKey(streamId) && replies.merge(streamId, 1, Integer::sum) > 1) {
                throw new AssertionError("inbound stream " + streamId + " answered twice");
            }
            streamBytesOut += bytes.length;
            written.writeBytes(bytes);
        }

        @Override
        public void closeStream(long streamId, boolean abort) {
            if (abort) {
                aborts++;
            }
            if (!abort && open.contains(streamId)) {
                toClose.add(streamId); // a real driver reports the close once flushed
            } else {
                open.remove(streamId);
            }
        }

        @Override
        public void event(MemberEvent event) {
            events++;
        }
    }

    private record Sent(Endpoint to, int bytes) {}

    private final Node node;
    /**
     * With a keyring and {@code gossipVerifyIncoming} off (a key rollout), a plain datagram is
     * accepted and answered encrypted: each reply carries the encryption overhead the request
     * did not (found by this fuzzer; SECURITY.md gives the resulting worst case, 2.5×).
     */
    private final int plainInSealedOut;
    private final List<Sent> sent = new ArrayList<>();
    private final Set<Long> known = new HashSet<>();
    private final Set<Long> open = new HashSet<>();
    private final Map<Long, Integer> inbound = new HashMap<>(); // id -> source index
    private final Map<Long, Integer> replies = new HashMap<>();
    private final Map<Long, Integer> fed = new HashMap<>();
    private final List<Long> slots = new ArrayList<>();
    private final ArrayDeque<Long> toConnect = new ArrayDeque<>();
    private final ArrayDeque<Long> toClose = new ArrayDeque<>();
    private static final long START = 1_000_000_000L;
    /** The wall clock the node starts with (seconds since 1970): its first incarnation. */
    private static final long WALL_CLOCK = 1_700_000_000L;
    private long now = START;
    private long streamBytesIn;
    private long streamBytesOut;
    private final java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
    private int aborts;
    private int events;

    NodeHarness(int configBits) {
        Config config = CONFIGS[configBits & 15];
        plainInSealedOut = (configBits & 6) == 6 ? io.memberlist.codec.PacketCodec.encryptionOverhead(1) : 0;
        node = new Node(config, SELF, new SplittableRandom(7), new SplittableRandom(11), new Io(), now, false, LIMITS);
        node.start(now, WALL_CLOCK);
    }

    Node node() {
        return node;
    }

    /** Bytes the node wrote to streams so far. */
    long streamBytesOut() {
        return streamBytesOut;
    }

    /** Observing events the node emitted so far. */
    int events() {
        return events;
    }

    /**
     * What one inbound stream led to: the bytes written back, closes, refusals, the member table
     * and the events. Equal outcomes for equal bytes is what "parsed incrementally, whatever the
     * chunking" must mean.
     */
    record Outcome(String written, int aborts, long refused, List<String> members, int events) {}

    /**
     * The differential target: the same stream bytes (at most the stream cap) delivered whole
     * and in the pieces of a fuzzed plan, then EOF, each to a fresh identical node, must have
     * the same {@link Outcome}.
     *
     * <p>Input: byte 0 configuration, byte 1 source, byte 2 plan length (1-16, low 4 bits + 1),
     * then the plan (each byte a piece of 1-256 bytes, used in a cycle), then the stream bytes.
     */
    static void chunking(byte[] input) {
        if (input.length < 3) {
            return;
        }
        int k = 1 + (input[2] & 0x0f);
        if (input.length < 3 + k) {
            return;
        }
        int[] plan = new int[k];
        for (int i = 0; i < k; i++) {
            plan[i] = (input[3 + i] & 0xff) + 1;
        }
        int from = 3 + k;
        byte[] stream = java.util.Arrays.copyOfRange(input, from,
                Math.min(input.length, from + LIMITS.maxStreamBytes()));
        int src = 2 + (input[1] & 0xff) % 3;
        Outcome whole = outcome(input[0], src, stream, new int[] {Integer.MAX_VALUE});
        Outcome pieces = outcome(input[0], src, stream, plan);
        if (!whole.equals(pieces)) {
            throw new AssertionError("chunking changed the outcome:\n whole  " + whole + "\n pieces " + pieces);
        }
    }

    static Outcome outcome(int bits, int src, byte[] stream, int[] plan) {
        NodeHarness h = new NodeHarness(bits);
        long id = h.node.onStreamAccepted(h.now, ep(src));
        h.known.add(id);
        h.open.add(id);
        h.inbound.put(id, src);
        for (int off = 0, p = 0; off < stream.length; p++) {
            int n = Math.min(plan[p % plan.length], stream.length - off);
            if (h.open.contains(id)) {
                h.node.onStreamBytes(h.now, id, stream, off, n);
                h.streamBytesIn += n;
                h.fed.merge(id, n, Integer::sum);
            }
            off += n;
            h.check();
        }
        if (h.open.contains(id)) {
            h.node.onStreamEof(h.now, id);
        }
        h.completeDriverWork();
        h.check();
        List<String> members = new ArrayList<>();
        for (Member m : h.node.members()) {
            members.add(m.name() + "/" + m.state() + "/" + m.incarnation() + "/" + m.endpoint());
        }
        java.util.Collections.sort(members);
        return new Outcome(java.util.HexFormat.of().formatHex(h.written.toByteArray()), h.aborts,
                h.node.refusedStreams(), members, h.events);
    }

    /** Runs a whole script. */
    static NodeHarness run(byte[] script, Ops ops) {
        if (script.length == 0) {
            return null;
        }
        NodeHarness h = new NodeHarness(script[0]);
        Cursor c = new Cursor(script, 1);
        while (c.left() > 0) {
            h.step(ops.ops[c.u8() % ops.ops.length], c);
        }
        h.step(Op.BATCH_END, c);
        return h;
    }

    private static final class Cursor {
        final byte[] b;
        int pos;

        Cursor(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        int left() {
            return b.length - pos;
        }

        int u8() {
            return pos < b.length ? b[pos++] & 0xff : 0;
        }

        int u16() {
            return (u8() << 8) | u8();
        }

        byte[] bytes(int n) {
            int k = Math.min(n, left());
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + k);
            pos += k;
            return out;
        }
    }

    void step(Op op, Cursor c) {
        completeDriverWork();
        sent.clear();
        switch (op) {
            case DATAGRAM -> datagram(ep(2 + c.u8() % 6), c.bytes(c.u16()));
            case BATCH_END -> node.onDatagramBatchEnd(now);
            case ADVANCE -> advance(c.u8() * ADVANCE_STEP_NANOS);
            case ACCEPT -> {
                int src = 2 + c.u8() % 3;
                long id = node.onStreamAccepted(now, ep(src));
                if (id >= 0) {
                    if (!known.add(id)) {
                        throw new AssertionError("stream id " + id + " reused");
                    }
                    open.add(id);
                    inbound.put(id, src);
                    slots.add(id);
                }
            }
            case BYTES -> {
                Long id = slot(c.u8());
                byte[] b = c.bytes(c.u16());
                if (id != null && b.length > 0) {
                    int off = b.length > 1 ? 1 : 0; // a piece inside a larger buffer, as a driver reads
                    node.onStreamBytes(now, id, b, off, b.length - off);
                    streamBytesIn += b.length - off;
                    fed.merge(id, b.length - off, Integer::sum);
                }
            }
            case EOF -> {
                Long id = slot(c.u8());
                if (id != null) {
                    node.onStreamEof(now, id);
                }
            }
            case RESET -> {
                Long id = slot(c.u8());
                if (id != null) {
                    open.remove(id);
                    toClose.remove(id);
                    node.onStreamClosed(now, id, "connection reset by peer");
                }
            }
            case JOIN -> node.join(now, List.of(ep(2 + c.u8() % 6)), (n, errors) -> { });
        }
        check();
    }

    /** The open stream in slot {@code i} (slots are streams in the order they appeared), or null. */
    private Long slot(int i) {
        if (slots.isEmpty()) {
            return null;
        }
        Long id = slots.get(i % slots.size());
        return open.contains(id) ? id : null;
    }

    /** What a driver does between inputs: report connections up and graceful closes done. */
    private void completeDriverWork() {
        Long id;
        while ((id = toConnect.poll()) != null) {
            if (open.contains(id)) {
                node.onStreamConnected(now, id);
            }
        }
        while ((id = toClose.poll()) != null) {
            if (open.remove(id)) {
                node.onStreamClosed(now, id, null);
            }
        }
    }

    private void datagram(Endpoint from, byte[] bytes) {
        sent.clear();
        node.onDatagram(now, from, bytes);
        node.onDatagramBatchEnd(now);
        long toStrangers = 0;
        long toMembers = 0;
        Set<Endpoint> members = new HashSet<>();
        for (Member m : node.members()) {
            members.add(m.endpoint());
        }
        int strangerPackets = 0;
        for (Sent s : sent) {
            if (members.contains(s.to())) {
                toMembers += s.bytes() + IP_UDP_HEADERS;
            } else {
                toStrangers += s.bytes() + IP_UDP_HEADERS;
                strangerPackets++;
            }
        }
        long in = bytes.length + IP_UDP_HEADERS;
        if (toStrangers > 2 * in + strangerPackets * plainInSealedOut) {
            throw new AssertionError(toStrangers + " bytes to non-members for one datagram of " + bytes.length);
        }
        if (toMembers > MEMBER_BYTES_PER_DATAGRAM) {
            throw new AssertionError(toMembers + " bytes to members for one datagram of " + bytes.length);
        }
        sent.clear();
    }

    private void advance(long nanos) {
        long target = Math.min(now + nanos, START + MAX_ELAPSED);
        int timers = 0;
        long due;
        while ((due = node.nextDeadline()) <= target) {
            now = Math.max(now, due);
            node.onTimer(now);
            if (++timers > 100_000) {
                throw new AssertionError("timer storm: deadline stays at " + node.nextDeadline() + " <= " + now);
            }
            completeDriverWork();
        }
        now = target;
        sent.clear();
    }

    private void check() {
        Node.StreamStats s = node.streamStats();
        if (s.pending() < 0 || s.pending() > LIMITS.maxPendingStreams()
                || s.active() < 0 || s.active() > LIMITS.maxActiveStreams()
                || s.waiting() < 0 || s.bufferedBytes() < 0 || s.bufferedBytes() > LIMITS.maxBufferedBytes()
                || s.open() < 0) {
            throw new AssertionError("stream figures outside the limits: " + s);
        }
        // A connection that has sent nothing is pending: per source, within the cap.
        Map<Integer, Integer> silent = new HashMap<>();
        for (Map.Entry<Long, Integer> e : inbound.entrySet()) {
            if (open.contains(e.getKey()) && !toClose.contains(e.getKey()) && !fed.containsKey(e.getKey())) {
                silent.merge(e.getValue(), 1, Integer::sum);
            }
        }
        for (int n : silent.values()) {
            if (n > LIMITS.maxPendingPerSource()) {
                throw new AssertionError(n + " silent connections from one source held open");
            }
        }
        // Linear parsing: a bounded number of examinations per byte, however the bytes came.
        if (s.parseWork() > 16 * streamBytesIn + 64L * known.size()) {
            throw new AssertionError("parse work " + s.parseWork() + " for " + streamBytesIn + " stream bytes");
        }
    }
}
