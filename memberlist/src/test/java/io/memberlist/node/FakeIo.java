package io.memberlist.node;

import io.memberlist.Config;
import io.memberlist.Endpoint;
import io.memberlist.RecordingMetrics;
import io.memberlist.codec.CodecException;
import io.memberlist.codec.CodecOptions;
import io.memberlist.codec.Message;
import io.memberlist.codec.Messages;
import io.memberlist.codec.StreamCodec;
import io.memberlist.core.MemberEvent;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A {@link NodeIo} that only records what the node asks for, so a test can drive a
 * {@link Node} by hand: it plays the driver (and the peers) itself.
 */
final class FakeIo implements NodeIo {
    static final Endpoint SELF = new Endpoint(new byte[] {10, 0, 0, 1}, 7946);

    record Datagram(Endpoint to, String toNode, byte[] bytes) {}

    final List<Datagram> datagrams = new ArrayList<>();
    /** Outbound streams the node opened, by its id. */
    final Map<Long, Endpoint> opened = new LinkedHashMap<>();
    private final Map<Long, ByteArrayOutputStream> written = new HashMap<>();
    /** Streams the node closed, by id: true for an abort, false for a graceful close. */
    final Map<Long, Boolean> closed = new LinkedHashMap<>();
    final List<MemberEvent> events = new ArrayList<>();

    /** A started node "a" at {@link #SELF} with these settings and limits, at time 0. */
    static Node node(Config.Builder cfg, NodeLimits limits, FakeIo io) {
        Config c = cfg.name("a").bindAddr("10.0.0.1").bindPort(7946).advertiseAddr("10.0.0.1").advertisePort(7946)
                .build();
        Node n = new Node(c, SELF, new SplittableRandom(1), new SplittableRandom(2), io, 0, false, limits);
        n.start(0, 1_700_000_000L); // wall clock: the first incarnation
        return n;
    }

    @Override
    public void sendDatagram(Endpoint to, String toNode, byte[] datagram) {
        datagrams.add(new Datagram(to, toNode, datagram));
    }

    @Override
    public void openStream(long streamId, Endpoint to, String toNode) {
        opened.put(streamId, to);
    }

    @Override
    public void writeStream(long streamId, byte[] bytes) {
        written.computeIfAbsent(streamId, k -> new ByteArrayOutputStream()).writeBytes(bytes);
    }

    @Override
    public void closeStream(long streamId, boolean abort) {
        closed.put(streamId, abort);
    }

    @Override
    public void event(MemberEvent event) {
        events.add(event);
    }

    /** A labelled counter's totals by its {@code reason} label, e.g. {@code {label=2}}. */
    static Map<String, Long> byReason(RecordingMetrics m, String name) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (RecordingMetrics.Report r : m.of(name)) {
            String reason = r.labels().get("reason");
            if (reason != null) {
                out.merge(reason, (long) r.value(), Long::sum);
            }
        }
        return out;
    }

    /** Everything written to the stream so far. */
    byte[] written(long id) {
        ByteArrayOutputStream b = written.get(id);
        return b == null ? new byte[0] : b.toByteArray();
    }

    /** The one message written to stream {@code id}, its framing undone with {@code options}. */
    Message message(long id, CodecOptions options, boolean withLabel) throws CodecException {
        byte[] b = written(id);
        StreamCodec.Message framed = (StreamCodec.Message) new StreamCodec(options).tryDecode(b, 0, b.length, withLabel);
        byte[] plain = framed.message();
        return Messages.decodeStream(plain, 0, plain.length).message();
    }

    /** What a peer with {@code options} sends as its request (label header, framed message). */
    static byte[] request(CodecOptions options, Message m) {
        StreamCodec c = new StreamCodec(options);
        byte[] label = c.labelHeader();
        byte[] body = c.encodeMessage(Messages.encodeStream(m), new SplittableRandom(9));
        byte[] out = java.util.Arrays.copyOf(label, label.length + body.length);
        System.arraycopy(body, 0, out, label.length, body.length);
        return out;
    }
}
