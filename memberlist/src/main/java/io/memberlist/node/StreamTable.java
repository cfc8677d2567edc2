package io.memberlist.node;

import io.memberlist.codec.CodecException;
import io.memberlist.codec.ErrResp;
import io.memberlist.codec.Message;
import io.memberlist.codec.Messages;
import io.memberlist.codec.StreamCodec;
import io.memberlist.Endpoint;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

/**
 * Every stream of one node, inbound and outbound, as small state machines (PROTOCOL.md §5: one
 * message each way per connection), with the limits of {@link NodeLimits}.
 *
 * <p>Inbound: an accepted connection is <em>pending</em> until the first byte of its message
 * frame arrives (at most {@code maxPendingStreams}, {@code maxPendingPerSource} per source IP,
 * each for at most {@code headerTimeout}); then it takes one of {@code maxActiveStreams} slots,
 * or waits for one (deferred, not refused). Bytes are buffered within a global budget. The
 * complete request goes to the engine once; its answer is written and the stream closed. A
 * framing error gets an error reply (§5.2); a refused label or a broken body closes silently.
 *
 * <p>Outbound: the request is written at once (the driver sends it when connected); a reply is
 * read if one is expected; the engine hears exactly once, a reply or a failure, by the
 * engine's deadline at the latest.
 *
 * <p>All deadlines live in one heap; the node's next deadline includes the earliest.
 */
final class StreamTable {
    /** Why an inbound stream was refused or closed early (counted by {@link Node}). */
    enum Refusal { PER_SOURCE, EVICTED, HEADER_TIMEOUT, TIMEOUT, BUFFER_BUDGET, OVER_SIZE, LABEL, FRAMING, BODY, EOF }

    private abstract static class Stream {
        final long id;
        long deadline;
        /** Whether the one extension for a late timer was used ({@link #expire}). */
        boolean extended;

        Stream(long id, long deadline) {
            this.id = id;
            this.deadline = deadline;
        }
    }

    private static final int PENDING = 0;
    private static final int WAITING = 1;
    private static final int ACTIVE = 2;
    private static final int CLOSING = 3;

    private static final class Inbound extends Stream {
        final Endpoint from;
        final Source source;
        final long acceptedAt;
        final StreamReader reader;
        int state = PENDING;
        long buffered;
        /** The request, when it was complete before the stream got a slot. */
        Message ready;

        Inbound(long id, long deadline, Endpoint from, Source source, long acceptedAt, StreamReader reader) {
            super(id, deadline);
            this.from = from;
            this.source = source;
            this.acceptedAt = acceptedAt;
            this.reader = reader;
        }
    }

    private static final class Outbound extends Stream {
        final long engineId;
        final boolean expectReply;
        final StreamReader reader;
        String failure;

        Outbound(long id, long deadline, long engineId, boolean expectReply, StreamReader reader) {
            super(id, deadline);
            this.engineId = engineId;
            this.expectReply = expectReply;
            this.reader = reader;
        }
    }

    /** A source IP address, as the key of the per-source count. */
    private record Source(byte[] ip) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Source s && Arrays.equals(ip, s.ip);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ip);
        }
    }

    private record Due(long deadline, long id) {}

    private final Node node;
    private final NodeLimits limits;
    private final StreamCodec codec;
    private final RandomGenerator nonces;
    private final Map<Long, Stream> streams = new HashMap<>();
    private final LinkedHashMap<Long, Inbound> pending = new LinkedHashMap<>();
    private final Map<Source, Integer> pendingBySource = new HashMap<>();
    private final ArrayDeque<Inbound> waiting = new ArrayDeque<>();
    private final PriorityQueue<Due> deadlines =
            new PriorityQueue<>((a, b) -> Long.compare(a.deadline(), b.deadline()));
    private int active;
    private long buffered;
    private long nextId = 1;
    private long parseWork;

    StreamTable(Node node, NodeLimits limits, StreamCodec codec, RandomGenerator nonces) {
        this.node = node;
        this.limits = limits;
        this.codec = codec;
        this.nonces = nonces;
    }

    // ---------------------------------------------------------------- deadlines

    private void arm(Stream s, long deadline) {
        s.deadline = deadline;
        deadlines.add(new Due(deadline, s.id));
    }

    /** The earliest stream deadline, or {@code Long.MAX_VALUE}. */
    long nextDeadline() {
        Due d;
        while ((d = deadlines.peek()) != null) {
            Stream s = streams.get(d.id());
            if (s != null && s.deadline == d.deadline()) {
                return d.deadline();
            }
            deadlines.poll(); // stale: the stream ended or moved to a later deadline
        }
        return Long.MAX_VALUE;
    }

    /**
     * How late a deadline may be found before the node counts the lateness as its own. A deadline
     * found later than this was not checked in time because this node did not run (its loop was
     * busy with other nodes, a GC pause, a starved CPU): the peer's bytes may have been waiting
     * unread all along. Such a stream gets its lateness again (at most one stream timeout, once),
     * which covers the reads of the same loop turn (timers run before reads): a join stampede on
     * a starved host otherwise lost complete push/pulls to the node's own delay, and retries
     * lost them again. A timer that fires on time (a peer that is slow, or silent on purpose)
     * closes the stream exactly as before.
     */
    static final long LATE_NANOS = 50_000_000L;

    /** Ends every stream whose deadline is at or before {@code now}. */
    void expire(long now) {
        Due d;
        while ((d = deadlines.peek()) != null && d.deadline() <= now) {
            deadlines.poll();
            Stream s = streams.get(d.id());
            if (s == null || s.deadline != d.deadline()) {
                continue;
            }
            long late = now - d.deadline();
            boolean encodeFailure = s instanceof Outbound o && o.failure != null;
            if (late > LATE_NANOS && !s.extended && !encodeFailure) {
                s.extended = true;
                arm(s, now + Math.min(late, limits.streamTimeoutNanos()));
                continue;
            }
            if (s instanceof Inbound in) {
                refuse(in, in.state == PENDING ? Refusal.HEADER_TIMEOUT : Refusal.TIMEOUT, "deadline passed");
            } else {
                Outbound out = (Outbound) s;
                abortOutbound(now, out, out.failure != null ? out.failure : "i/o timeout");
            }
        }
    }

    // ---------------------------------------------------------------- inbound

    long accept(long now, Endpoint from) {
        Source src = new Source(from.ip());
        int fromSource = pendingBySource.getOrDefault(src, 0);
        if (fromSource >= limits.maxPendingPerSource()) {
            node.countRefusal(Refusal.PER_SOURCE, from);
            return -1;
        }
        if (pending.size() >= limits.maxPendingStreams()) {
            Inbound oldest = pending.values().iterator().next();
            refuse(oldest, Refusal.EVICTED, "pending connections full");
        }
        long id = nextId++;
        Inbound in = new Inbound(id, 0, from, src, now,
                new StreamReader(codec, true, limits.maxStreamBytes()));
        streams.put(id, in);
        pending.put(id, in);
        pendingBySource.merge(src, 1, Integer::sum);
        arm(in, now + limits.headerTimeoutNanos());
        return id;
    }

    private void leavePending(Inbound in) {
        if (in.state == PENDING) {
            pending.remove(in.id);
            pendingBySource.computeIfPresent(in.source, (k, v) -> v == 1 ? null : v - 1);
        }
    }

    private void onInboundBytes(long now, Inbound in, byte[] b, int off, int n) {
        if (in.state == CLOSING) {
            return;
        }
        if (buffered + n > limits.maxBufferedBytes()) {
            refuse(in, Refusal.BUFFER_BUDGET, "buffered stream bytes over " + limits.maxBufferedBytes());
            return;
        }
        try {
            in.reader.append(b, off, n);
        } catch (CodecException e) {
            refuse(in, Refusal.OVER_SIZE, e.getMessage());
            return;
        }
        in.buffered += n;
        buffered += n;
        if (in.state == PENDING) {
            try {
                in.ready = in.reader.poll(); // label check and framing, as soon as possible
            } catch (CodecException e) {
                failInbound(now, in, e);
                return;
            }
            if (!in.reader.frameStarted()) {
                return;
            }
            leavePending(in);
            arm(in, in.acceptedAt + limits.streamTimeoutNanos());
            if (active < limits.maxActiveStreams()) {
                in.state = ACTIVE;
                active++;
            } else {
                in.state = WAITING;
                waiting.addLast(in);
                return;
            }
        }
        if (in.state == ACTIVE) {
            readInbound(now, in);
        }
    }

    private void readInbound(long now, Inbound in) {
        Message request = in.ready;
        try {
            if (request == null) {
                request = in.reader.poll();
            }
        } catch (CodecException e) {
            failInbound(now, in, e);
            return;
        }
        if (request == null) {
            return;
        }
        parseWork += in.reader.work();
        node.countRemoteSize(in.reader.envelopeLength());
        release(in);
        in.state = CLOSING;
        Message answer = node.handleStreamRequest(now, in.from, request);
        if (answer != null) {
            write(in.id, answer);
        }
        node.io().closeStream(in.id, false);
    }

    private void write(long id, Message m) {
        byte[] bytes;
        try {
            bytes = codec.encodeMessage(Messages.encodeStream(m), nonces);
        } catch (RuntimeException e) {
            node.log("encoding a stream reply failed: " + e);
            return;
        }
        node.countTcpSent(bytes.length);
        node.io().writeStream(id, bytes);
    }

    private void failInbound(long now, Inbound in, CodecException e) {
        StreamReader.Stage stage = in.reader.stage();
        if (stage == StreamReader.Stage.FRAMING) {
            // Framing errors (decryption, lengths, decompression) are answered (§5.2).
            release(in);
            in.state = CLOSING;
            node.countRefusal(Refusal.FRAMING, in.from);
            write(in.id, new ErrResp(e.getMessage()));
            node.io().closeStream(in.id, false);
            return;
        }
        refuse(in, stage == StreamReader.Stage.LABEL ? Refusal.LABEL : Refusal.BODY, e.toString());
    }

    /** Closes an inbound stream at once, without an answer, and counts why. */
    private void refuse(Inbound in, Refusal why, String detail) {
        node.countRefusal(why, in.from);
        node.log("inbound stream from " + in.from + " closed (" + why + "): " + detail);
        drop(in);
        node.io().closeStream(in.id, true);
    }

    /** Gives back the slot, the pending place and the buffered bytes of {@code in}. */
    private void release(Inbound in) {
        leavePending(in);
        if (in.state == ACTIVE) {
            active--;
        } else if (in.state == WAITING) {
            waiting.remove(in);
        }
        buffered -= in.buffered;
        in.buffered = 0;
        in.state = CLOSING;
    }

    private void drop(Inbound in) {
        release(in);
        streams.remove(in.id);
    }

    /** Hands freed slots to the streams waiting for one, oldest first. */
    void promote(long now) {
        while (active < limits.maxActiveStreams() && !waiting.isEmpty()) {
            Inbound next = waiting.pollFirst();
            next.state = ACTIVE;
            active++;
            readInbound(now, next);
        }
    }

    // ---------------------------------------------------------------- outbound

    /** Starts an outbound exchange for the engine's stream {@code engineId}. */
    void open(long now, long engineId, Endpoint to, String toNode, Message message, long deadline,
            boolean expectReply) {
        long id = nextId++;
        Outbound out = new Outbound(id, 0, engineId, expectReply,
                expectReply ? new StreamReader(codec, false, limits.maxStreamBytes()) : null);
        streams.put(id, out);
        byte[] request;
        try {
            byte[] label = codec.labelHeader();
            byte[] body = codec.encodeMessage(Messages.encodeStream(message), nonces);
            request = Arrays.copyOf(label, label.length + body.length);
            System.arraycopy(body, 0, request, label.length, body.length);
        } catch (RuntimeException e) {
            // Reported at once through the deadline heap: never re-entrantly into the engine.
            out.failure = "encode: " + e;
            arm(out, now);
            return;
        }
        arm(out, Math.max(now, deadline));
        node.countTcpSent(request.length);
        node.io().openStream(id, to, toNode);
        node.io().writeStream(id, request);
        if (!expectReply) {
            node.io().closeStream(id, false); // done when the driver reports it flushed
        }
    }

    private void abortOutbound(long now, Outbound out, String reason) {
        streams.remove(out.id);
        node.io().closeStream(out.id, true);
        node.streamFailed(now, out.engineId, reason);
    }

    private void onOutboundBytes(long now, Outbound out, byte[] b, int off, int n) {
        if (!out.expectReply) {
            return;
        }
        Message reply;
        try {
            out.reader.append(b, off, n);
            reply = out.reader.poll();
        } catch (CodecException e) {
            abortOutbound(now, out, "reply: " + e.getMessage());
            return;
        }
        if (reply != null) {
            parseWork += out.reader.work();
            node.countRemoteSize(out.reader.envelopeLength());
            streams.remove(out.id);
            node.io().closeStream(out.id, true);
            node.streamReply(now, out.engineId, reply);
        }
    }

    // ---------------------------------------------------------------- driver inputs

    void connected(long now, long id) {
        // memberlist.tcp.connect is the engine's (counted once per push/pull that got its reply)
    }

    void bytes(long now, long id, byte[] b, int off, int n) {
        Stream s = streams.get(id);
        if (s == null) {
            return;
        }
        if (now > s.deadline) {
            // Read after the deadline: a timeout, as Go reports, unless the node itself ran late
            // and the stream gets its one extension (expire).
            expire(now);
            s = streams.get(id);
            if (s == null || now > s.deadline) {
                return;
            }
        }
        if (s instanceof Inbound in) {
            onInboundBytes(now, in, b, off, n);
        } else {
            onOutboundBytes(now, (Outbound) s, b, off, n);
        }
    }

    void eof(long now, long id) {
        Stream s = streams.get(id);
        if (s instanceof Inbound in) {
            if (in.state == CLOSING) {
                return;
            }
            if (in.reader.buffered() == 0) {
                drop(in); // EOF before any byte: a silent close (§5.1)
                node.io().closeStream(in.id, true);
            } else {
                refuse(in, Refusal.EOF, "unexpected EOF after " + in.reader.buffered() + " bytes");
            }
        } else if (s instanceof Outbound out && out.expectReply) {
            abortOutbound(now, out, "EOF");
        }
    }

    void closed(long now, long id, String error) {
        Stream s = streams.remove(id);
        if (s instanceof Inbound in) {
            release(in);
        } else if (s instanceof Outbound out) {
            if (error == null && !out.expectReply) {
                node.streamReply(now, out.engineId, null);
            } else {
                node.streamFailed(now, out.engineId, error != null ? error : "closed before the reply");
            }
        }
    }

    /** Forgets every stream (shutdown); the driver closes the connections. */
    void clear() {
        for (Stream s : streams.values()) {
            node.io().closeStream(s.id, true);
        }
        streams.clear();
        pending.clear();
        pendingBySource.clear();
        waiting.clear();
        deadlines.clear();
        active = 0;
        buffered = 0;
    }

    // ---------------------------------------------------------------- figures

    int inboundPending() {
        return pending.size();
    }

    int inboundActive() {
        return active;
    }

    int inboundWaiting() {
        return waiting.size();
    }

    long bufferedBytes() {
        return buffered;
    }

    int open() {
        return streams.size();
    }

    /** Parse work of every stream message read so far (bytes examined). */
    long parseWork() {
        return parseWork;
    }
}
