package io.memberlist.core;

import io.memberlist.codec.AckResp;
import io.memberlist.codec.Alive;
import io.memberlist.codec.CodecException;
import io.memberlist.codec.Dead;
import io.memberlist.codec.IndirectPingReq;
import io.memberlist.codec.Message;
import io.memberlist.codec.MessageType;
import io.memberlist.codec.NackResp;
import io.memberlist.codec.Ping;
import io.memberlist.codec.Suspect;
import io.memberlist.codec.UserMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/**
 * The engine's only door to the message codec: encode one packet message, decode one leaf, build a
 * compound. TEMPORARY body: a minimal msgpack encoder/decoder so the engine can be built and tested
 * before the codec branches land; it is replaced by calls to {@code Messages} and {@code Compound}
 * when they are merged. Keep every codec call of the engine behind this class.
 */
final class Wire {
    private Wire() {}

    private static final MessagePack.PackerConfig PACKER =
            new MessagePack.PackerConfig().withStr8FormatSupport(false);

    /** Type byte + body of a packet message. {@link UserMessage} becomes [8] + raw payload. */
    static byte[] encode(Message m) {
        if (m instanceof UserMessage u) {
            byte[] out = new byte[u.payload().length + 1];
            out[0] = (byte) MessageType.USER;
            System.arraycopy(u.payload(), 0, out, 1, u.payload().length);
            return out;
        }
        try (MessageBufferPacker p = PACKER.newBufferPacker()) {
            p.writePayload(new byte[] {(byte) m.type()});
            if (m instanceof Ping x) {
                    int n = 2 + (x.sourceAddr() != null && x.sourceAddr().length > 0 ? 1 : 0)
                            + (!x.sourceNode().isEmpty() ? 1 : 0) + (x.sourcePort() != 0 ? 1 : 0);
                    p.packMapHeader(n);
                    str(p, "Node"); str(p, x.node());
                    str(p, "SeqNo"); p.packLong(x.seqNo());
                    if (x.sourceAddr() != null && x.sourceAddr().length > 0) {
                        str(p, "SourceAddr"); raw(p, x.sourceAddr());
                    }
                    if (!x.sourceNode().isEmpty()) {
                        str(p, "SourceNode"); str(p, x.sourceNode());
                    }
                    if (x.sourcePort() != 0) {
                        str(p, "SourcePort"); p.packInt(x.sourcePort());
                    }
            } else if (m instanceof IndirectPingReq x) {
                    p.packMapHeader(8);
                    str(p, "Nack"); p.packBoolean(x.nack());
                    str(p, "Node"); str(p, x.node());
                    str(p, "Port"); p.packInt(x.port());
                    str(p, "SeqNo"); p.packLong(x.seqNo());
                    str(p, "SourceAddr"); raw(p, x.sourceAddr());
                    str(p, "SourceNode"); str(p, x.sourceNode());
                    str(p, "SourcePort"); p.packInt(x.sourcePort());
                    str(p, "Target"); raw(p, x.target());
            } else if (m instanceof AckResp x) {
                    p.packMapHeader(2);
                    str(p, "Payload"); raw(p, x.payload());
                    str(p, "SeqNo"); p.packLong(x.seqNo());
            } else if (m instanceof NackResp x) {
                    p.packMapHeader(1);
                    str(p, "SeqNo"); p.packLong(x.seqNo());
            } else if (m instanceof Suspect x) {
                accusation(p, x.from(), x.incarnation(), x.node());
            } else if (m instanceof Dead x) {
                accusation(p, x.from(), x.incarnation(), x.node());
            } else if (m instanceof Alive x) {
                    p.packMapHeader(6);
                    str(p, "Addr"); raw(p, x.addr());
                    str(p, "Incarnation"); p.packLong(x.incarnation());
                    str(p, "Meta"); raw(p, x.meta());
                    str(p, "Node"); str(p, x.node());
                    str(p, "Port"); p.packInt(x.port());
                    str(p, "Vsn"); raw(p, x.vsn());
            } else {
                throw new IllegalArgumentException("not a packet message: " + m);
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes one leaf (type byte + body) received in a packet. */
    static Message decodePacket(byte[] buf, int off, int len) throws CodecException {
        if (len < 1) {
            throw CodecException.malformed("missing message type byte");
        }
        int type = buf[off] & 0xFF;
        if (type == MessageType.USER) {
            return new UserMessage(Arrays.copyOfRange(buf, off + 1, off + len));
        }
        Map<String, Value> f = new HashMap<>();
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(buf, off + 1, len - 1)) {
            int n = u.unpackMapHeader();
            for (int i = 0; i < n; i++) {
                Value k = u.unpackValue();
                f.put(k.isRawValue() ? k.asRawValue().asString() : k.toString(), u.unpackValue());
            }
        } catch (IOException | RuntimeException e) {
            throw CodecException.malformed("bad msgpack: " + e.getMessage());
        }
        try {
            return switch (type) {
                case MessageType.PING -> new Ping(num(f, "SeqNo"), string(f, "Node"),
                        bytes(f, "SourceAddr"), (int) num(f, "SourcePort"), string(f, "SourceNode"));
                case MessageType.INDIRECT_PING -> new IndirectPingReq(num(f, "SeqNo"),
                        bytes(f, "Target"), (int) num(f, "Port"), string(f, "Node"),
                        f.containsKey("Nack") && f.get("Nack").asBooleanValue().getBoolean(),
                        bytes(f, "SourceAddr"), (int) num(f, "SourcePort"), string(f, "SourceNode"));
                case MessageType.ACK_RESP -> new AckResp(num(f, "SeqNo"), bytes(f, "Payload"));
                case MessageType.NACK_RESP -> new NackResp(num(f, "SeqNo"));
                case MessageType.SUSPECT -> new Suspect(num(f, "Incarnation"), string(f, "Node"),
                        string(f, "From"));
                case MessageType.DEAD -> new Dead(num(f, "Incarnation"), string(f, "Node"),
                        string(f, "From"));
                case MessageType.ALIVE -> new Alive(num(f, "Incarnation"), string(f, "Node"),
                        bytes(f, "Addr"), (int) num(f, "Port"), bytes(f, "Meta"), bytes(f, "Vsn"));
                default -> throw CodecException.unsupported("type " + MessageType.name(type));
            };
        } catch (RuntimeException e) {
            throw CodecException.malformed("bad field: " + e.getMessage());
        }
    }

    /**
     * A compound message: {@code [7][count] [len u16]... parts...} (PROTOCOL.md §4.5). At most
     * 255 parts; the engine never passes more than 127.
     */
    static byte[] compound(List<byte[]> parts) {
        if (parts.isEmpty() || parts.size() > 255) {
            throw new IllegalArgumentException("compound needs 1..255 parts, got " + parts.size());
        }
        int size = 2 + 2 * parts.size();
        for (byte[] part : parts) {
            size += part.length;
        }
        byte[] out = new byte[size];
        out[0] = (byte) MessageType.COMPOUND;
        out[1] = (byte) parts.size();
        int pos = 2;
        for (byte[] part : parts) {
            out[pos++] = (byte) (part.length >>> 8);
            out[pos++] = (byte) part.length;
        }
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, pos, part.length);
            pos += part.length;
        }
        return out;
    }

    private static void accusation(MessageBufferPacker p, String from, long inc, String node)
            throws IOException {
        p.packMapHeader(3);
        str(p, "From"); str(p, from);
        str(p, "Incarnation"); p.packLong(inc);
        str(p, "Node"); str(p, node);
    }

    private static void str(MessageBufferPacker p, String s) throws IOException {
        raw(p, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void raw(MessageBufferPacker p, byte[] b) throws IOException {
        if (b == null) {
            p.packNil();
            return;
        }
        p.packRawStringHeader(b.length);
        p.writePayload(b);
    }

    private static long num(Map<String, Value> f, String k) {
        Value v = f.get(k);
        return v == null || v.isNilValue() ? 0 : v.asIntegerValue().toLong();
    }

    private static String string(Map<String, Value> f, String k) {
        Value v = f.get(k);
        return v == null || v.isNilValue() ? "" : v.asRawValue().asString();
    }

    private static byte[] bytes(Map<String, Value> f, String k) {
        Value v = f.get(k);
        return v == null || v.isNilValue() ? null : v.asRawValue().asByteArray();
    }
}
