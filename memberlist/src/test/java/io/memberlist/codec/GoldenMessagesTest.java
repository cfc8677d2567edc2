package io.memberlist.codec;

import static io.memberlist.codec.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden vectors written by the Go reference peer, one set per release ({@link GoldenSet}:
 * memberlist 0.2.2 with go-msgpack v0.5, {@link IntStyle#V022_UNSIGNED}, under
 * {@code golden/}; memberlist v0.7.0 with go-msgpack/v2, {@link IntStyle#HEAD_SIGNED}, under
 * {@code golden-v070/}): every entry decodes to its recorded fields and re-encodes, in its set's
 * integer style, to the same bytes.
 *
 * <ul>
 *   <li>{@code messages.json}: hand-picked values, including boundary cases and the
 *       {@code pushPullHeader}/{@code userMsgHeader}/{@code pushNodeState}/{@code compress}
 *       structs on their own (checked through the package's msgpack layer directly);
 *   <li>{@code index.json}: every leaf message captured from real Go traffic, plus the captured
 *       files that carry no framing layer at all.
 * </ul>
 */
class GoldenMessagesTest {

    // ---- messages.json ------------------------------------------------------------------------

    static Stream<Arguments> messageVectors() {
        return Stream.of(GoldenSet.values()).flatMap(set -> {
            List<Object> all = asList(GoldenJson.resource(set, "messages.json"));
            assertThat(all).hasSizeGreaterThan(100);
            return all.stream().map(o -> {
                Map<String, Object> e = asMap(o);
                return Arguments.of(set + " " + e.get("name") + ": " + e.get("case"), set.style, e);
            });
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messageVectors")
    void messageVector(String label, IntStyle style, Map<String, Object> e) throws CodecException {
        byte[] bytes = hex((String) e.get("hex"));
        Map<String, Object> fields = asMap(e.get("fields"));
        switch ((String) e.get("name")) {
            case "pushNodeState" -> {
                MsgpackReader r = new MsgpackReader(bytes, 0, bytes.length);
                PushNodeState s = StreamBodies.readPushNodeState(r);
                assertThat(r.remaining()).isZero();
                assertFields(goFields(s), fields);
                byte[] out = new byte[MsgpackWriter.sizeOf(
                        c -> StreamBodies.writePushNodeState(c, s, style))];
                StreamBodies.writePushNodeState(new MsgpackWriter(out, 0), s, style);
                assertThat(hex(out)).isEqualTo(hex(bytes));
            }
            case "pushPullHeader" -> {
                assertThat(bytes[0]).isEqualTo((byte) MessageType.PUSH_PULL);
                MsgpackReader r = new MsgpackReader(bytes, 1, bytes.length - 1);
                StreamBodies.PushPullHeader h = StreamBodies.readPushPullHeader(r);
                assertThat(r.remaining()).isZero();
                Map<String, Object> actual = new LinkedHashMap<>();
                actual.put("Join", h.join());
                actual.put("Nodes", h.nodes());
                actual.put("UserStateLen", h.userStateLen());
                assertFields(actual, fields);
                byte[] out = new byte[1 + MsgpackWriter.sizeOf(c -> StreamBodies.writePushPullHeader(
                        c, h.join(), h.nodes(), h.userStateLen(), style))];
                out[0] = (byte) MessageType.PUSH_PULL;
                StreamBodies.writePushPullHeader(new MsgpackWriter(out, 1), h.join(), h.nodes(),
                        h.userStateLen(), style);
                assertThat(hex(out)).isEqualTo(hex(bytes));
            }
            case "userMsgHeader" -> {
                assertThat(bytes[0]).isEqualTo((byte) MessageType.USER);
                MsgpackReader r = new MsgpackReader(bytes, 1, bytes.length - 1);
                long len = StreamBodies.readUserMsgHeader(r);
                assertThat(r.remaining()).isZero();
                assertFields(Map.of("UserMsgLen", len), fields);
                byte[] out = new byte[1 + MsgpackWriter.sizeOf(
                        c -> StreamBodies.writeUserMsgHeader(c, len, style))];
                out[0] = (byte) MessageType.USER;
                StreamBodies.writeUserMsgHeader(new MsgpackWriter(out, 1), len, style);
                assertThat(hex(out)).isEqualTo(hex(bytes));
            }
            case "compress" -> checkCompress(bytes, fields);
            case "errResp" -> {
                Messages.Decoded d = Messages.decodeStream(bytes, 0, bytes.length);
                assertThat(d.consumed()).isEqualTo(bytes.length);
                assertFields(goFields(d.message()), fields);
                assertThat(hex(Messages.encodeStream(d.message(), style))).isEqualTo(hex(bytes));
            }
            default -> {
                Message m = Messages.decodePacket(bytes, 0, bytes.length);
                assertThat(m.type()).isEqualTo(((Long) e.get("type")).intValue());
                assertFields(goFields(m), fields);
                assertThat(hex(Messages.encode(m, style))).isEqualTo(hex(bytes));
                assertThat(Messages.encodedSize(m, style)).isEqualTo(bytes.length);
            }
        }
    }

    /** {@code compress{Algo uint8, Buf []byte}}: read and written with the msgpack layer itself. */
    private static void checkCompress(byte[] bytes, Map<String, Object> fields) throws CodecException {
        assertThat(bytes[0]).isEqualTo((byte) MessageType.COMPRESS);
        byte[][] names = {TestBytes.ascii("Algo"), TestBytes.ascii("Buf")};
        MsgpackReader r = new MsgpackReader(bytes, 1, bytes.length - 1);
        long algo = 0;
        byte[] buf = null;
        for (int i = 0, n = r.readMapHeader("compress"); i < n; i++) {
            switch (r.readKey(names)) {
                case 0 -> algo = r.readUint(0xFF, "compress.Algo");
                case 1 -> buf = r.readBytes("compress.Buf");
                default -> r.skipValue();
            }
        }
        assertThat(r.remaining()).isZero();
        Map<String, Object> actual = new LinkedHashMap<>();
        actual.put("Algo", algo);
        actual.put("Buf", buf == null ? null : hex(buf));
        assertFields(actual, fields);
        byte[] out = new byte[1 + 1 + 5 + MsgpackWriter.uintSize(algo) + 4 + MsgpackWriter.bytesSize(buf)];
        out[0] = (byte) MessageType.COMPRESS;
        MsgpackWriter w = new MsgpackWriter(out, 1);
        w.mapHeader(2);
        w.raw(TestBytes.key("Algo"));
        w.uint(algo);
        w.raw(TestBytes.key("Buf"));
        w.bytes(buf);
        assertThat(w.position()).isEqualTo(out.length);
        assertThat(hex(out)).isEqualTo(hex(bytes));
    }

    // ---- index.json ---------------------------------------------------------------------------

    static Stream<Arguments> capturedLeaves() {
        List<Arguments> out = new ArrayList<>();
        for (GoldenSet set : GoldenSet.values()) {
            Set<String> seen = new LinkedHashSet<>();
            int before = out.size();
            for (Object o : asList(GoldenJson.resource(set, "index.json"))) {
                Map<String, Object> e = asMap(o);
                String kind = (String) e.get("kind");
                for (Object mo : asList(e.get("messages"))) {
                    Map<String, Object> m = asMap(mo);
                    String h = (String) m.get("hex");
                    if (seen.add(kind + h)) { // the same leaf captured in several configurations
                        out.add(Arguments.of(set + " " + kind + " " + m.get("name") + " (" + e.get("file") + ")",
                                set.style, kind, m));
                    }
                }
            }
            assertThat(out.size() - before).as("distinct leaves in %s", set).isGreaterThan(100);
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capturedLeaves")
    void capturedLeaf(String label, IntStyle style, String kind, Map<String, Object> m) throws CodecException {
        byte[] bytes = hex((String) m.get("hex"));
        Message decoded;
        if (kind.equals("stream")) {
            Messages.Decoded d = Messages.decodeStream(bytes, 0, bytes.length);
            assertThat(d.consumed()).isEqualTo(bytes.length);
            decoded = d.message();
            assertThat(hex(Messages.encodeStream(decoded, style))).isEqualTo(hex(bytes));
        } else {
            decoded = Messages.decodePacket(bytes, 0, bytes.length);
            assertThat(hex(Messages.encode(decoded, style))).isEqualTo(hex(bytes));
        }
        assertThat(decoded.type()).isEqualTo(((Long) m.get("type")).intValue());
        assertFields(goFields(decoded), asMap(m.get("fields")));
    }

    /** Captured files without any framing layer or label are one leaf message each. */
    @ParameterizedTest
    @EnumSource(GoldenSet.class)
    void unframedCapturedFiles(GoldenSet set) throws CodecException {
        int checked = 0;
        for (Object o : asList(GoldenJson.resource(set, "index.json"))) {
            Map<String, Object> e = asMap(o);
            if (!asList(e.get("layers")).isEmpty() || !"".equals(e.get("label"))) {
                continue;
            }
            byte[] file = GoldenJson.bytes(set, (String) e.get("file"));
            List<Object> msgs = asList(e.get("messages"));
            assertThat(msgs).hasSize(1);
            byte[] leaf = hex((String) asMap(msgs.get(0)).get("hex"));
            assertThat(hex(file)).as((String) e.get("file")).isEqualTo(hex(leaf));
            if (e.get("kind").equals("stream")) {
                Messages.Decoded d = Messages.decodeStream(file, 0, file.length);
                assertThat(d.consumed()).isEqualTo(file.length);
            } else {
                Messages.decodePacket(file, 0, file.length);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(50);
    }

    // ---- Go field views -----------------------------------------------------------------------

    /** The message as Go field names to JSON-like values (byte strings as hex or null). */
    static Map<String, Object> goFields(Object o) {
        Map<String, Object> f = new LinkedHashMap<>();
        if (o instanceof Ping p) {
            f.put("Node", p.node());
            f.put("SeqNo", p.seqNo());
            f.put("SourceAddr", hexOrNull(p.sourceAddr()));
            f.put("SourceNode", p.sourceNode());
            f.put("SourcePort", (long) p.sourcePort());
        } else if (o instanceof IndirectPingReq p) {
            f.put("Nack", p.nack());
            f.put("Node", p.node());
            f.put("Port", (long) p.port());
            f.put("SeqNo", p.seqNo());
            f.put("SourceAddr", hexOrNull(p.sourceAddr()));
            f.put("SourceNode", p.sourceNode());
            f.put("SourcePort", (long) p.sourcePort());
            f.put("Target", hexOrNull(p.target()));
        } else if (o instanceof AckResp a) {
            f.put("Payload", hexOrNull(a.payload()));
            f.put("SeqNo", a.seqNo());
        } else if (o instanceof NackResp n) {
            f.put("SeqNo", n.seqNo());
        } else if (o instanceof Suspect s) {
            f.put("From", s.from());
            f.put("Incarnation", s.incarnation());
            f.put("Node", s.node());
        } else if (o instanceof Dead d) {
            f.put("From", d.from());
            f.put("Incarnation", d.incarnation());
            f.put("Node", d.node());
        } else if (o instanceof Alive a) {
            f.put("Addr", hexOrNull(a.addr()));
            f.put("Incarnation", a.incarnation());
            f.put("Meta", hexOrNull(a.meta()));
            f.put("Node", a.node());
            f.put("Port", (long) a.port());
            f.put("Vsn", hexOrNull(a.vsn()));
        } else if (o instanceof ErrResp e) {
            f.put("Error", e.error());
        } else if (o instanceof UserMessage u) {
            f.put("Payload", hexOrNull(u.payload()));
            f.put("UserMsgLen", (long) u.payload().length);
        } else if (o instanceof PushPull p) {
            f.put("Join", p.join());
            f.put("Nodes", (long) p.states().size());
            List<Object> states = new ArrayList<>();
            p.states().forEach(s -> states.add(goFields(s)));
            f.put("States", states);
            f.put("UserState", hexOrNull(p.userState()));
            f.put("UserStateLen", p.userState() == null ? 0L : (long) p.userState().length);
        } else if (o instanceof PushNodeState s) {
            f.put("Addr", hexOrNull(s.addr()));
            f.put("Incarnation", s.incarnation());
            f.put("Meta", hexOrNull(s.meta()));
            f.put("Name", s.name());
            f.put("Port", (long) s.port());
            f.put("State", (long) s.state());
            f.put("Vsn", hexOrNull(s.vsn()));
        } else {
            throw new IllegalArgumentException(String.valueOf(o));
        }
        return f;
    }

    /** Fields Go leaves out when empty, so nil and empty are the same value after a round trip. */
    private static final Set<String> OMIT_EMPTY = Set.of("SourceAddr", "UserState");

    private static void assertFields(Map<String, Object> actual, Map<String, Object> expected) {
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            String k = e.getKey();
            assertThat(actual).as("field %s", k).containsKey(k);
            Object want = e.getValue();
            Object got = actual.get(k);
            if (want instanceof List<?> wl) {
                List<?> gl = (List<?>) got;
                assertThat(gl).as(k).hasSameSizeAs(wl);
                for (int i = 0; i < wl.size(); i++) {
                    assertFields(asMap(gl.get(i)), asMap(wl.get(i)));
                }
            } else if (OMIT_EMPTY.contains(k) && (want == null || "".equals(want))) {
                assertThat(got).as(k).isIn(null, "");
            } else {
                assertThat(got).as(k).isEqualTo(want);
            }
        }
    }

    private static String hexOrNull(byte[] b) {
        return b == null ? null : hex(b);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) {
        return (List<Object>) o;
    }

}
