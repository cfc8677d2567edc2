package io.memberlist.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The msgpack bodies of PROTOCOL.md §3: for each Go struct, its field names in emitted (sorted)
 * order, its exact encoded size, its writer and its reader. The type byte and the stream
 * layouts around these bodies are {@link Messages}' business.
 *
 * <p>Readers start every field at its Go zero value, so a missing key leaves 0, "", false or
 * {@code null}; a repeated key overwrites (last wins); unknown keys are skipped.
 */
final class MessageBodies {
    private MessageBodies() {}

    static final long U32 = 0xFFFF_FFFFL;
    static final long U16 = 0xFFFF;

    // Field names in the order Go emits them (ascending by byte value), and the same names
    // pre-encoded as fixstr keys for writing. Index constants below follow these arrays.
    static final byte[][] PING = names("Node", "SeqNo", "SourceAddr", "SourceNode", "SourcePort");
    static final byte[][] INDIRECT = names(
            "Nack", "Node", "Port", "SeqNo", "SourceAddr", "SourceNode", "SourcePort", "Target");
    static final byte[][] ACK = names("Payload", "SeqNo");
    static final byte[][] NACK = names("SeqNo");
    static final byte[][] SUSPECT_DEAD = names("From", "Incarnation", "Node");
    static final byte[][] ALIVE = names("Addr", "Incarnation", "Meta", "Node", "Port", "Vsn");
    static final byte[][] PUSH_PULL_HEADER = names("Join", "Nodes", "UserStateLen");
    static final byte[][] PUSH_NODE_STATE =
            names("Addr", "Incarnation", "Meta", "Name", "Port", "State", "Vsn");
    static final byte[][] USER_MSG_HEADER = names("UserMsgLen");
    static final byte[][] ERR = names("Error");

    private static final byte[][] PING_K = keys(PING);
    private static final byte[][] INDIRECT_K = keys(INDIRECT);
    private static final byte[][] ACK_K = keys(ACK);
    private static final byte[][] NACK_K = keys(NACK);
    private static final byte[][] SUSPECT_DEAD_K = keys(SUSPECT_DEAD);
    private static final byte[][] ALIVE_K = keys(ALIVE);
    private static final byte[][] PUSH_PULL_HEADER_K = keys(PUSH_PULL_HEADER);
    private static final byte[][] PUSH_NODE_STATE_K = keys(PUSH_NODE_STATE);
    private static final byte[][] USER_MSG_HEADER_K = keys(USER_MSG_HEADER);
    private static final byte[][] ERR_K = keys(ERR);

    private static byte[][] names(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.US_ASCII);
            if (i > 0 && Arrays.compare(out[i - 1], out[i]) >= 0) {
                throw new AssertionError("field names not sorted: " + names[i]);
            }
        }
        return out;
    }

    private static byte[][] keys(byte[][] names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = new byte[names[i].length + 1];
            out[i][0] = (byte) (0xa0 | names[i].length);
            System.arraycopy(names[i], 0, out[i], 1, names[i].length);
        }
        return out;
    }

    private static int k(byte[][] keys, int i) {
        return keys[i].length;
    }

    // ---- sizes (body only, no type byte) -----------------------------------------------------

    static int pingSize(Ping p) {
        int n = 2;
        int size = k(PING_K, 0) + MsgpackWriter.strSize(p.node())
                + k(PING_K, 1) + MsgpackWriter.uintSize(p.seqNo());
        if (p.sourceAddr() != null) {
            n++;
            size += k(PING_K, 2) + MsgpackWriter.bytesSize(p.sourceAddr());
        }
        if (!p.sourceNode().isEmpty()) {
            n++;
            size += k(PING_K, 3) + MsgpackWriter.strSize(p.sourceNode());
        }
        if (p.sourcePort() != 0) {
            n++;
            size += k(PING_K, 4) + MsgpackWriter.uintSize(p.sourcePort());
        }
        return MsgpackWriter.mapHeaderSize(n) + size;
    }

    static int indirectSize(IndirectPingReq p) {
        int n = 5;
        int size = k(INDIRECT_K, 0) + 1
                + k(INDIRECT_K, 1) + MsgpackWriter.strSize(p.node())
                + k(INDIRECT_K, 2) + MsgpackWriter.uintSize(p.port())
                + k(INDIRECT_K, 3) + MsgpackWriter.uintSize(p.seqNo())
                + k(INDIRECT_K, 7) + MsgpackWriter.bytesSize(p.target());
        if (p.sourceAddr() != null) {
            n++;
            size += k(INDIRECT_K, 4) + MsgpackWriter.bytesSize(p.sourceAddr());
        }
        if (!p.sourceNode().isEmpty()) {
            n++;
            size += k(INDIRECT_K, 5) + MsgpackWriter.strSize(p.sourceNode());
        }
        if (p.sourcePort() != 0) {
            n++;
            size += k(INDIRECT_K, 6) + MsgpackWriter.uintSize(p.sourcePort());
        }
        return MsgpackWriter.mapHeaderSize(n) + size;
    }

    static int ackSize(AckResp a) {
        return 1 + k(ACK_K, 0) + MsgpackWriter.bytesSize(a.payload())
                + k(ACK_K, 1) + MsgpackWriter.uintSize(a.seqNo());
    }

    static int nackSize(NackResp a) {
        return 1 + k(NACK_K, 0) + MsgpackWriter.uintSize(a.seqNo());
    }

    static int suspectDeadSize(long incarnation, String node, String from) {
        return 1 + k(SUSPECT_DEAD_K, 0) + MsgpackWriter.strSize(from)
                + k(SUSPECT_DEAD_K, 1) + MsgpackWriter.uintSize(incarnation)
                + k(SUSPECT_DEAD_K, 2) + MsgpackWriter.strSize(node);
    }

    static int aliveSize(Alive a) {
        return 1 + k(ALIVE_K, 0) + MsgpackWriter.bytesSize(a.addr())
                + k(ALIVE_K, 1) + MsgpackWriter.uintSize(a.incarnation())
                + k(ALIVE_K, 2) + MsgpackWriter.bytesSize(a.meta())
                + k(ALIVE_K, 3) + MsgpackWriter.strSize(a.node())
                + k(ALIVE_K, 4) + MsgpackWriter.uintSize(a.port())
                + k(ALIVE_K, 5) + MsgpackWriter.bytesSize(a.vsn());
    }

    static int pushPullHeaderSize(boolean join, long nodes, long userStateLen, IntStyle style) {
        return 1 + k(PUSH_PULL_HEADER_K, 0) + 1
                + k(PUSH_PULL_HEADER_K, 1) + MsgpackWriter.intSize(nodes, style)
                + k(PUSH_PULL_HEADER_K, 2) + MsgpackWriter.intSize(userStateLen, style);
    }

    static int pushNodeStateSize(PushNodeState s, IntStyle style) {
        return 1 + k(PUSH_NODE_STATE_K, 0) + MsgpackWriter.bytesSize(s.addr())
                + k(PUSH_NODE_STATE_K, 1) + MsgpackWriter.uintSize(s.incarnation())
                + k(PUSH_NODE_STATE_K, 2) + MsgpackWriter.bytesSize(s.meta())
                + k(PUSH_NODE_STATE_K, 3) + MsgpackWriter.strSize(s.name())
                + k(PUSH_NODE_STATE_K, 4) + MsgpackWriter.uintSize(s.port())
                + k(PUSH_NODE_STATE_K, 5) + MsgpackWriter.intSize(s.state(), style)
                + k(PUSH_NODE_STATE_K, 6) + MsgpackWriter.bytesSize(s.vsn());
    }

    static int userMsgHeaderSize(long len, IntStyle style) {
        return 1 + k(USER_MSG_HEADER_K, 0) + MsgpackWriter.intSize(len, style);
    }

    static int errSize(ErrResp e) {
        return 1 + k(ERR_K, 0) + MsgpackWriter.strSize(e.error());
    }

    // ---- writers -----------------------------------------------------------------------------

    static void writePing(MsgpackWriter w, Ping p) {
        boolean addr = p.sourceAddr() != null;
        boolean node = !p.sourceNode().isEmpty();
        boolean port = p.sourcePort() != 0;
        w.mapHeader(2 + (addr ? 1 : 0) + (node ? 1 : 0) + (port ? 1 : 0));
        w.raw(PING_K[0]);
        w.str(p.node());
        w.raw(PING_K[1]);
        w.uint(p.seqNo());
        if (addr) {
            w.raw(PING_K[2]);
            w.bytes(p.sourceAddr());
        }
        if (node) {
            w.raw(PING_K[3]);
            w.str(p.sourceNode());
        }
        if (port) {
            w.raw(PING_K[4]);
            w.uint(p.sourcePort());
        }
    }

    static void writeIndirect(MsgpackWriter w, IndirectPingReq p) {
        boolean addr = p.sourceAddr() != null;
        boolean node = !p.sourceNode().isEmpty();
        boolean port = p.sourcePort() != 0;
        w.mapHeader(5 + (addr ? 1 : 0) + (node ? 1 : 0) + (port ? 1 : 0));
        w.raw(INDIRECT_K[0]);
        w.bool(p.nack());
        w.raw(INDIRECT_K[1]);
        w.str(p.node());
        w.raw(INDIRECT_K[2]);
        w.uint(p.port());
        w.raw(INDIRECT_K[3]);
        w.uint(p.seqNo());
        if (addr) {
            w.raw(INDIRECT_K[4]);
            w.bytes(p.sourceAddr());
        }
        if (node) {
            w.raw(INDIRECT_K[5]);
            w.str(p.sourceNode());
        }
        if (port) {
            w.raw(INDIRECT_K[6]);
            w.uint(p.sourcePort());
        }
        w.raw(INDIRECT_K[7]);
        w.bytes(p.target());
    }

    static void writeAck(MsgpackWriter w, AckResp a) {
        w.mapHeader(2);
        w.raw(ACK_K[0]);
        w.bytes(a.payload());
        w.raw(ACK_K[1]);
        w.uint(a.seqNo());
    }

    static void writeNack(MsgpackWriter w, NackResp a) {
        w.mapHeader(1);
        w.raw(NACK_K[0]);
        w.uint(a.seqNo());
    }

    static void writeSuspectDead(MsgpackWriter w, long incarnation, String node, String from) {
        w.mapHeader(3);
        w.raw(SUSPECT_DEAD_K[0]);
        w.str(from);
        w.raw(SUSPECT_DEAD_K[1]);
        w.uint(incarnation);
        w.raw(SUSPECT_DEAD_K[2]);
        w.str(node);
    }

    static void writeAlive(MsgpackWriter w, Alive a) {
        w.mapHeader(6);
        w.raw(ALIVE_K[0]);
        w.bytes(a.addr());
        w.raw(ALIVE_K[1]);
        w.uint(a.incarnation());
        w.raw(ALIVE_K[2]);
        w.bytes(a.meta());
        w.raw(ALIVE_K[3]);
        w.str(a.node());
        w.raw(ALIVE_K[4]);
        w.uint(a.port());
        w.raw(ALIVE_K[5]);
        w.bytes(a.vsn());
    }

    static void writePushPullHeader(
            MsgpackWriter w, boolean join, long nodes, long userStateLen, IntStyle style) {
        w.mapHeader(3);
        w.raw(PUSH_PULL_HEADER_K[0]);
        w.bool(join);
        w.raw(PUSH_PULL_HEADER_K[1]);
        w.goInt(nodes, style);
        w.raw(PUSH_PULL_HEADER_K[2]);
        w.goInt(userStateLen, style);
    }

    static void writePushNodeState(MsgpackWriter w, PushNodeState s, IntStyle style) {
        w.mapHeader(7);
        w.raw(PUSH_NODE_STATE_K[0]);
        w.bytes(s.addr());
        w.raw(PUSH_NODE_STATE_K[1]);
        w.uint(s.incarnation());
        w.raw(PUSH_NODE_STATE_K[2]);
        w.bytes(s.meta());
        w.raw(PUSH_NODE_STATE_K[3]);
        w.str(s.name());
        w.raw(PUSH_NODE_STATE_K[4]);
        w.uint(s.port());
        w.raw(PUSH_NODE_STATE_K[5]);
        w.goInt(s.state(), style);
        w.raw(PUSH_NODE_STATE_K[6]);
        w.bytes(s.vsn());
    }

    static void writeUserMsgHeader(MsgpackWriter w, long len, IntStyle style) {
        w.mapHeader(1);
        w.raw(USER_MSG_HEADER_K[0]);
        w.goInt(len, style);
    }

    static void writeErr(MsgpackWriter w, ErrResp e) {
        w.mapHeader(1);
        w.raw(ERR_K[0]);
        w.str(e.error());
    }

    // ---- readers -----------------------------------------------------------------------------

    static Ping readPing(MsgpackReader r) throws CodecException {
        long seqNo = 0;
        String node = "";
        byte[] sourceAddr = null;
        int sourcePort = 0;
        String sourceNode = "";
        for (int i = 0, n = r.readMapHeader("ping"); i < n; i++) {
            switch (r.readKey(PING)) {
                case 0 -> node = r.readString("ping.Node");
                case 1 -> seqNo = r.readUint(U32, "ping.SeqNo");
                case 2 -> sourceAddr = r.readBytes("ping.SourceAddr");
                case 3 -> sourceNode = r.readString("ping.SourceNode");
                case 4 -> sourcePort = (int) r.readUint(U16, "ping.SourcePort");
                default -> r.skipValue();
            }
        }
        return new Ping(seqNo, node, sourceAddr, sourcePort, sourceNode);
    }

    static IndirectPingReq readIndirect(MsgpackReader r) throws CodecException {
        long seqNo = 0;
        byte[] target = null;
        int port = 0;
        String node = "";
        boolean nack = false;
        byte[] sourceAddr = null;
        int sourcePort = 0;
        String sourceNode = "";
        for (int i = 0, n = r.readMapHeader("indirectPingReq"); i < n; i++) {
            switch (r.readKey(INDIRECT)) {
                case 0 -> nack = r.readBool("indirectPingReq.Nack");
                case 1 -> node = r.readString("indirectPingReq.Node");
                case 2 -> port = (int) r.readUint(U16, "indirectPingReq.Port");
                case 3 -> seqNo = r.readUint(U32, "indirectPingReq.SeqNo");
                case 4 -> sourceAddr = r.readBytes("indirectPingReq.SourceAddr");
                case 5 -> sourceNode = r.readString("indirectPingReq.SourceNode");
                case 6 -> sourcePort = (int) r.readUint(U16, "indirectPingReq.SourcePort");
                case 7 -> target = r.readBytes("indirectPingReq.Target");
                default -> r.skipValue();
            }
        }
        return new IndirectPingReq(seqNo, target, port, node, nack, sourceAddr, sourcePort, sourceNode);
    }

    static AckResp readAck(MsgpackReader r) throws CodecException {
        long seqNo = 0;
        byte[] payload = null;
        for (int i = 0, n = r.readMapHeader("ackResp"); i < n; i++) {
            switch (r.readKey(ACK)) {
                case 0 -> payload = r.readBytes("ackResp.Payload");
                case 1 -> seqNo = r.readUint(U32, "ackResp.SeqNo");
                default -> r.skipValue();
            }
        }
        return new AckResp(seqNo, payload);
    }

    static NackResp readNack(MsgpackReader r) throws CodecException {
        long seqNo = 0;
        for (int i = 0, n = r.readMapHeader("nackResp"); i < n; i++) {
            if (r.readKey(NACK) == 0) {
                seqNo = r.readUint(U32, "nackResp.SeqNo");
            } else {
                r.skipValue();
            }
        }
        return new NackResp(seqNo);
    }

    /** Reads a {@code suspect} ({@code dead == false}) or {@code dead} body. */
    static Message readSuspectDead(MsgpackReader r, boolean dead) throws CodecException {
        String struct = dead ? "dead" : "suspect";
        long incarnation = 0;
        String node = "";
        String from = "";
        for (int i = 0, n = r.readMapHeader(struct); i < n; i++) {
            switch (r.readKey(SUSPECT_DEAD)) {
                case 0 -> from = r.readString(struct + ".From");
                case 1 -> incarnation = r.readUint(U32, struct + ".Incarnation");
                case 2 -> node = r.readString(struct + ".Node");
                default -> r.skipValue();
            }
        }
        return dead ? new Dead(incarnation, node, from) : new Suspect(incarnation, node, from);
    }

    static Alive readAlive(MsgpackReader r) throws CodecException {
        long incarnation = 0;
        String node = "";
        byte[] addr = null;
        int port = 0;
        byte[] meta = null;
        byte[] vsn = null;
        for (int i = 0, n = r.readMapHeader("alive"); i < n; i++) {
            switch (r.readKey(ALIVE)) {
                case 0 -> addr = r.readBytes("alive.Addr");
                case 1 -> incarnation = r.readUint(U32, "alive.Incarnation");
                case 2 -> meta = r.readBytes("alive.Meta");
                case 3 -> node = r.readString("alive.Node");
                case 4 -> port = (int) r.readUint(U16, "alive.Port");
                case 5 -> vsn = r.readBytes("alive.Vsn");
                default -> r.skipValue();
            }
        }
        return new Alive(incarnation, node, addr, port, meta, vsn);
    }

    /** The push/pull header as read, before the limits are applied. */
    record PushPullHeader(boolean join, long nodes, long userStateLen) {}

    static PushPullHeader readPushPullHeader(MsgpackReader r) throws CodecException {
        boolean join = false;
        long nodes = 0;
        long userStateLen = 0;
        for (int i = 0, n = r.readMapHeader("pushPullHeader"); i < n; i++) {
            switch (r.readKey(PUSH_PULL_HEADER)) {
                case 0 -> join = r.readBool("pushPullHeader.Join");
                case 1 -> nodes = r.readInt("pushPullHeader.Nodes");
                case 2 -> userStateLen = r.readInt("pushPullHeader.UserStateLen");
                default -> r.skipValue();
            }
        }
        return new PushPullHeader(join, nodes, userStateLen);
    }

    static PushNodeState readPushNodeState(MsgpackReader r) throws CodecException {
        String name = "";
        byte[] addr = null;
        int port = 0;
        byte[] meta = null;
        long incarnation = 0;
        long state = 0;
        byte[] vsn = null;
        for (int i = 0, n = r.readMapHeader("pushNodeState"); i < n; i++) {
            switch (r.readKey(PUSH_NODE_STATE)) {
                case 0 -> addr = r.readBytes("pushNodeState.Addr");
                case 1 -> incarnation = r.readUint(U32, "pushNodeState.Incarnation");
                case 2 -> meta = r.readBytes("pushNodeState.Meta");
                case 3 -> name = r.readString("pushNodeState.Name");
                case 4 -> port = (int) r.readUint(U16, "pushNodeState.Port");
                case 5 -> state = r.readInt("pushNodeState.State");
                case 6 -> vsn = r.readBytes("pushNodeState.Vsn");
                default -> r.skipValue();
            }
        }
        if (state != (int) state) {
            throw CodecException.malformed("pushNodeState.State " + state + " out of the int range");
        }
        return new PushNodeState(name, addr, port, meta, incarnation, (int) state, vsn);
    }

    static long readUserMsgHeader(MsgpackReader r) throws CodecException {
        long len = 0;
        for (int i = 0, n = r.readMapHeader("userMsgHeader"); i < n; i++) {
            if (r.readKey(USER_MSG_HEADER) == 0) {
                len = r.readInt("userMsgHeader.UserMsgLen");
            } else {
                r.skipValue();
            }
        }
        return len;
    }

    static ErrResp readErr(MsgpackReader r) throws CodecException {
        String error = "";
        for (int i = 0, n = r.readMapHeader("errResp"); i < n; i++) {
            if (r.readKey(ERR) == 0) {
                error = r.readString("errResp.Error");
            } else {
                r.skipValue();
            }
        }
        return new ErrResp(error);
    }
}
