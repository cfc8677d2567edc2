package io.memberlist.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Encodes and decodes single protocol messages: a type byte followed by the body
 * (PROTOCOL.md §2, §3, §5.3). Framing (compound, CRC, compression, encryption, label) is
 * the business of the packet and stream codecs, which hand this class one leaf message at a time.
 *
 * <h2>Packet form ({@link #encode}, {@link #decodePacket})</h2>
 * <pre>
 *   [type:1][msgpack body]          types 0 ping, 1 indirectPing, 2 ack, 3 suspect, 4 alive,
 *                                   5 dead, 11 nack
 *   [8][payload...]                 user message: the rest of the packet, raw
 * </pre>
 *
 * <h2>Stream form ({@link #encodeStream}, {@link #decodeStream})</h2>
 * <pre>
 *   [6][pushPullHeader {Join, Nodes, UserStateLen}][pushNodeState] x Nodes [UserStateLen raw bytes]
 *   [8][userMsgHeader {UserMsgLen}][UserMsgLen raw bytes]
 *   [0][ping]   [2][ackResp]   [13][errResp]
 * </pre>
 * Stream messages carry no length prefix: msgpack values delimit themselves and the raw
 * trailers are sized by their headers. {@link #decodeStream} therefore reports how many bytes
 * the message took, and throws {@link CodecException.Kind#TRUNCATED} while the input is a valid
 * prefix of a message (the caller reads more and retries). Each call parses from the start of
 * the window, so a reader of a large plaintext push/pull should retry when its buffer has grown
 * substantially (say, doubled) rather than after every read, or the work becomes quadratic.
 *
 * <h2>Failures</h2>
 * Decoders throw only {@link CodecException} for bad input: TRUNCATED (input ended), MALFORMED
 * (wrong types, out-of-range numbers, invalid UTF-8, negative lengths), OVER_LIMIT (push/pull
 * {@code Nodes} above {@link Limits#MAX_PUSH_STATE_NODES}, user state or user message above
 * 20 MiB: checked before allocating or looping), UNSUPPORTED (a type not valid in that
 * position). Encoders throw {@link IllegalArgumentException} for a message that cannot be sent
 * in the requested form.
 *
 * <p>Decoded byte strings are copies: the input buffer may be reused at once.
 */
public final class Messages {
    private Messages() {}

    /** Initial capacity of the decoded push/pull list, whatever {@code Nodes} declares. */
    private static final int STATES_PREALLOC_CAP = 64;
    /**
     * First output capacity of an encoder, which writes a message in one pass into a buffer that
     * grows as needed and copies it out exactly (see {@link MsgpackWriter}). 128 bytes hold a
     * ping or alive with names and metadata of usual size (about 100 bytes); a larger message
     * costs one more copy, not a wrong result.
     */
    private static final int PACKET_CAPACITY = 128;
    /** First capacity per push/pull state: one state with a 20-byte name and 15-byte meta is 99. */
    private static final int STATE_CAPACITY = 112;

    /** A decoded stream message and the number of input bytes it took. */
    public record Decoded(Message message, int consumed) {}

    // ---- encoding ----------------------------------------------------------------------------

    /** {@link #encode(Message, IntStyle)} with {@link IntStyle#V022_UNSIGNED}. */
    public static byte[] encode(Message m) {
        return encode(m, IntStyle.V022_UNSIGNED);
    }

    /**
     * Encodes {@code m} in its packet form: type byte plus msgpack body; a {@link UserMessage} is
     * {@code [8]} plus the raw payload. A {@link PushPull} (which exists only on streams) gets its
     * stream form, as from {@link #encodeStream}.
     */
    public static byte[] encode(Message m, IntStyle style) {
        Objects.requireNonNull(style, "style");
        if (m instanceof UserMessage u) {
            byte[] out = new byte[1 + u.payload().length];
            out[0] = (byte) MessageType.USER;
            System.arraycopy(u.payload(), 0, out, 1, u.payload().length);
            return out;
        }
        if (m instanceof PushPull p) {
            return encodePushPull(p, style);
        }
        MsgpackWriter w = MsgpackWriter.growable(PACKET_CAPACITY);
        w.rawByte(m.type());
        writeBody(w, m);
        return w.toByteArray();
    }

    /** Exact length of {@link #encode(Message, IntStyle)}'s result, without encoding. */
    public static int encodedSize(Message m, IntStyle style) {
        if (m instanceof UserMessage u) {
            return 1 + u.payload().length;
        }
        if (m instanceof PushPull p) {
            return 1 + MsgpackWriter.sizeOf(c -> StreamBodies.writePushPull(c, p, style));
        }
        return 1 + MsgpackWriter.sizeOf(c -> writeBody(c, m));
    }

    /** {@link #encodedSize(Message, IntStyle)} with {@link IntStyle#V022_UNSIGNED}. */
    public static int encodedSize(Message m) {
        return encodedSize(m, IntStyle.V022_UNSIGNED);
    }

    /** {@link #encodeStream(Message, IntStyle)} with {@link IntStyle#V022_UNSIGNED}. */
    public static byte[] encodeStream(Message m) {
        return encodeStream(m, IntStyle.V022_UNSIGNED);
    }

    /**
     * Encodes a stream message: {@link PushPull}, {@link UserMessage} (with its length header),
     * {@link Ping}, {@link AckResp} or {@link ErrResp}.
     *
     * @throws IllegalArgumentException for another message type, or a push/pull or user message
     *     above the limits a HEAD peer accepts (more than {@link Limits#MAX_PUSH_STATE_NODES}
     *     states, user state or payload above 20 MiB)
     */
    public static byte[] encodeStream(Message m, IntStyle style) {
        Objects.requireNonNull(style, "style");
        switch (m.type()) {
            case MessageType.PUSH_PULL:
                return encodePushPull((PushPull) m, style);
            case MessageType.USER: {
                byte[] payload = ((UserMessage) m).payload();
                if (payload.length > Limits.MAX_USER_MSG_BYTES) {
                    throw new IllegalArgumentException("user message of " + payload.length
                            + " bytes is above the " + Limits.MAX_USER_MSG_BYTES + " byte limit");
                }
                MsgpackWriter w = MsgpackWriter.growable(PACKET_CAPACITY + payload.length);
                w.rawByte(MessageType.USER);
                StreamBodies.writeUserMsg(w, payload, style);
                return w.toByteArray();
            }
            case MessageType.PING:
            case MessageType.ACK_RESP:
            case MessageType.ERR:
                return encode(m, style);
            default:
                throw new IllegalArgumentException(
                        MessageType.name(m.type()) + " is not sent on streams");
        }
    }

    private static byte[] encodePushPull(PushPull p, IntStyle style) {
        if (p.states().size() > Limits.MAX_PUSH_STATE_NODES) {
            throw new IllegalArgumentException("push/pull with " + p.states().size()
                    + " states is above the limit " + Limits.MAX_PUSH_STATE_NODES);
        }
        int userLen = p.userState() == null ? 0 : p.userState().length;
        if (userLen > Limits.MAX_USER_STATE_BYTES) {
            throw new IllegalArgumentException("push/pull user state of " + userLen
                    + " bytes is above the " + Limits.MAX_USER_STATE_BYTES + " byte limit");
        }
        MsgpackWriter w = MsgpackWriter.growable(
                PACKET_CAPACITY + STATE_CAPACITY * p.states().size() + userLen);
        w.rawByte(MessageType.PUSH_PULL);
        StreamBodies.writePushPull(w, p, style);
        return w.toByteArray();
    }

    /** The msgpack body of a packet message (or of ping, ack and err on a stream). */
    private static void writeBody(MsgpackWriter w, Message m) {
        switch (m.type()) {
            case MessageType.PING -> ProbeBodies.writePing(w, (Ping) m);
            case MessageType.INDIRECT_PING -> ProbeBodies.writeIndirect(w, (IndirectPingReq) m);
            case MessageType.ACK_RESP -> ProbeBodies.writeAck(w, (AckResp) m);
            case MessageType.NACK_RESP -> ProbeBodies.writeNack(w, (NackResp) m);
            case MessageType.SUSPECT -> {
                Suspect s = (Suspect) m;
                GossipBodies.writeSuspectDead(w, s.incarnation(), s.node(), s.from());
            }
            case MessageType.DEAD -> {
                Dead d = (Dead) m;
                GossipBodies.writeSuspectDead(w, d.incarnation(), d.node(), d.from());
            }
            case MessageType.ALIVE -> GossipBodies.writeAlive(w, (Alive) m);
            case MessageType.ERR -> StreamBodies.writeErr(w, (ErrResp) m);
            default -> throw new AssertionError("no msgpack body for " + m.getClass());
        }
    }

    // ---- decoding ----------------------------------------------------------------------------

    /** {@link #decodePacket(byte[], int, int)} over the whole array. */
    public static Message decodePacket(byte[] leaf) throws CodecException {
        return decodePacket(leaf, 0, leaf.length);
    }

    /**
     * Decodes one leaf message of a packet (types 0, 1, 2, 3, 4, 5, 8, 11). Bytes after the body
     * are ignored, as Go does. A user message takes the rest of the window as its payload.
     *
     * @throws CodecException MALFORMED for an empty window, UNSUPPORTED for any other type,
     *     TRUNCATED/MALFORMED for a bad body
     * @throws IndexOutOfBoundsException if {@code off}/{@code len} do not fit {@code buf}
     */
    public static Message decodePacket(byte[] buf, int off, int len) throws CodecException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) {
            throw CodecException.malformed("empty message");
        }
        int type = buf[off] & 0xFF;
        MsgpackReader r = new MsgpackReader(buf, off + 1, len - 1);
        switch (type) {
            case MessageType.PING:
                return ProbeBodies.readPing(r);
            case MessageType.INDIRECT_PING:
                return ProbeBodies.readIndirect(r);
            case MessageType.ACK_RESP:
                return ProbeBodies.readAck(r);
            case MessageType.SUSPECT:
                return GossipBodies.readSuspectDead(r, false);
            case MessageType.ALIVE:
                return GossipBodies.readAlive(r);
            case MessageType.DEAD:
                return GossipBodies.readSuspectDead(r, true);
            case MessageType.USER:
                return new UserMessage(r.readRaw(len - 1));
            case MessageType.NACK_RESP:
                return ProbeBodies.readNack(r);
            default:
                throw CodecException.unsupported(
                        "message type " + MessageType.name(type) + " is not valid in a packet");
        }
    }

    /**
     * Decodes one stream message (types 0, 2, 6, 8, 13) from the start of the window.
     *
     * @return the message and the number of bytes it took; bytes after it are not looked at
     * @throws CodecException TRUNCATED while the window is a valid prefix (including empty),
     *     OVER_LIMIT/MALFORMED for push/pull and user-message lengths outside the limits,
     *     UNSUPPORTED for any other type
     * @throws IndexOutOfBoundsException if {@code off}/{@code len} do not fit {@code buf}
     */
    public static Decoded decodeStream(byte[] buf, int off, int len) throws CodecException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) {
            throw CodecException.truncated("no message type byte yet");
        }
        int type = buf[off] & 0xFF;
        MsgpackReader r = new MsgpackReader(buf, off + 1, len - 1);
        Message m;
        switch (type) {
            case MessageType.PING:
                m = ProbeBodies.readPing(r);
                break;
            case MessageType.ACK_RESP:
                m = ProbeBodies.readAck(r);
                break;
            case MessageType.ERR:
                m = StreamBodies.readErr(r);
                break;
            case MessageType.PUSH_PULL:
                m = readPushPull(r);
                break;
            case MessageType.USER: {
                long n = StreamBodies.readUserMsgHeader(r);
                checkLength(n, Limits.MAX_USER_MSG_BYTES, "userMsgHeader.UserMsgLen");
                m = new UserMessage(r.readRaw((int) n));
                break;
            }
            default:
                throw CodecException.unsupported(
                        "message type " + MessageType.name(type) + " is not valid on a stream");
        }
        return new Decoded(m, r.position() - off);
    }

    private static PushPull readPushPull(MsgpackReader r) throws CodecException {
        StreamBodies.PushPullHeader h = StreamBodies.readPushPullHeader(r);
        checkLength(h.nodes(), Limits.MAX_PUSH_STATE_NODES, "pushPullHeader.Nodes");
        checkLength(h.userStateLen(), Limits.MAX_USER_STATE_BYTES, "pushPullHeader.UserStateLen");
        int nodes = (int) h.nodes();
        List<PushNodeState> states = new ArrayList<>(Math.min(nodes, STATES_PREALLOC_CAP));
        for (int i = 0; i < nodes; i++) {
            states.add(StreamBodies.readPushNodeState(r));
        }
        byte[] user = h.userStateLen() == 0 ? null : r.readRaw((int) h.userStateLen());
        return new PushPull(h.join(), states, user);
    }

    private static void checkLength(long n, int limit, String field) throws CodecException {
        if (n < 0) {
            throw CodecException.malformed(field + " is negative: " + n);
        }
        if (n > limit) {
            throw CodecException.overLimit(field + " = " + n + " is above the limit " + limit);
        }
    }
}
