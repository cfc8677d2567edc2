package io.memberlist.codec;

import static io.memberlist.codec.MsgpackReader.U16;
import static io.memberlist.codec.MsgpackReader.U32;

import java.util.List;

/**
 * The msgpack bodies that exist only on streams (PROTOCOL.md §3.7 to §3.9, §3.11):
 * pushPullHeader, pushNodeState, userMsgHeader and errResp, each as its field list, writer and
 * reader, plus the writers of the two stream messages with raw trailers (push/pull and user
 * message, after their type byte). The type byte and the limits are {@link Messages}' and
 * {@link StreamBoundary}'s business; sizes come from running a writer in counting mode
 * ({@link MsgpackWriter#sizeOf}).
 *
 * <p>Readers start every field at its Go zero value, so a missing key leaves 0, "", false or
 * {@code null}; a repeated key overwrites (last wins); unknown keys are skipped.
 */
final class StreamBodies {
    private StreamBodies() {}

    private static final int HEADER_JOIN = 0;
    private static final int HEADER_NODES = 1;
    private static final int HEADER_USER_STATE_LEN = 2;
    private static final FieldNames PUSH_PULL_HEADER = FieldNames.of("pushPullHeader")
            .then(HEADER_JOIN, "Join")
            .then(HEADER_NODES, "Nodes")
            .then(HEADER_USER_STATE_LEN, "UserStateLen");

    private static final int STATE_ADDR = 0;
    private static final int STATE_INCARNATION = 1;
    private static final int STATE_META = 2;
    private static final int STATE_NAME = 3;
    private static final int STATE_PORT = 4;
    private static final int STATE_STATE = 5;
    private static final int STATE_VSN = 6;
    private static final FieldNames PUSH_NODE_STATE = FieldNames.of("pushNodeState")
            .then(STATE_ADDR, "Addr")
            .then(STATE_INCARNATION, "Incarnation")
            .then(STATE_META, "Meta")
            .then(STATE_NAME, "Name")
            .then(STATE_PORT, "Port")
            .then(STATE_STATE, "State")
            .then(STATE_VSN, "Vsn");

    private static final int USER_MSG_LEN = 0;
    private static final FieldNames USER_MSG_HEADER = FieldNames.of("userMsgHeader")
            .then(USER_MSG_LEN, "UserMsgLen");

    private static final int ERR_ERROR = 0;
    private static final FieldNames ERR = FieldNames.of("errResp")
            .then(ERR_ERROR, "Error");

    // ---- writers -----------------------------------------------------------------------------

    /** A push/pull after its type byte: header, every state, then the raw user state if any. */
    static void writePushPull(MsgpackWriter w, PushPull p, IntStyle style) {
        List<PushNodeState> states = p.states();
        byte[] user = p.userState();
        writePushPullHeader(w, p.join(), states.size(), user == null ? 0 : user.length, style);
        for (int i = 0, n = states.size(); i < n; i++) {
            writePushNodeState(w, states.get(i), style);
        }
        if (user != null) {
            w.raw(user);
        }
    }

    static void writePushPullHeader(
            MsgpackWriter w, boolean join, long nodes, long userStateLen, IntStyle style) {
        w.mapHeader(3);
        w.raw(PUSH_PULL_HEADER.key(HEADER_JOIN));
        w.bool(join);
        w.raw(PUSH_PULL_HEADER.key(HEADER_NODES));
        w.goInt(nodes, style);
        w.raw(PUSH_PULL_HEADER.key(HEADER_USER_STATE_LEN));
        w.goInt(userStateLen, style);
    }

    static void writePushNodeState(MsgpackWriter w, PushNodeState s, IntStyle style) {
        w.mapHeader(7);
        w.raw(PUSH_NODE_STATE.key(STATE_ADDR));
        w.bytes(s.addr());
        w.raw(PUSH_NODE_STATE.key(STATE_INCARNATION));
        w.uint(s.incarnation());
        w.raw(PUSH_NODE_STATE.key(STATE_META));
        w.bytes(s.meta());
        w.raw(PUSH_NODE_STATE.key(STATE_NAME));
        w.str(s.name());
        w.raw(PUSH_NODE_STATE.key(STATE_PORT));
        w.uint(s.port());
        w.raw(PUSH_NODE_STATE.key(STATE_STATE));
        w.goInt(s.state(), style);
        w.raw(PUSH_NODE_STATE.key(STATE_VSN));
        w.bytes(s.vsn());
    }

    /** A user message after its type byte: header, then the raw payload. */
    static void writeUserMsg(MsgpackWriter w, byte[] payload, IntStyle style) {
        writeUserMsgHeader(w, payload.length, style);
        w.raw(payload);
    }

    static void writeUserMsgHeader(MsgpackWriter w, long len, IntStyle style) {
        w.mapHeader(1);
        w.raw(USER_MSG_HEADER.key(USER_MSG_LEN));
        w.goInt(len, style);
    }

    static void writeErr(MsgpackWriter w, ErrResp e) {
        w.mapHeader(1);
        w.raw(ERR.key(ERR_ERROR));
        w.str(e.error());
    }

    // ---- readers -----------------------------------------------------------------------------

    /** The push/pull header as read, before the limits are applied. */
    record PushPullHeader(boolean join, long nodes, long userStateLen) {}

    static PushPullHeader readPushPullHeader(MsgpackReader r) throws CodecException {
        boolean join = false;
        long nodes = 0;
        long userStateLen = 0;
        for (int i = 0, n = r.readMapHeader("pushPullHeader"); i < n; i++) {
            switch (r.readKey(PUSH_PULL_HEADER.names())) {
                case HEADER_JOIN -> join = r.readBool("pushPullHeader.Join");
                case HEADER_NODES -> nodes = r.readInt("pushPullHeader.Nodes");
                case HEADER_USER_STATE_LEN -> userStateLen = r.readInt("pushPullHeader.UserStateLen");
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
            switch (r.readKey(PUSH_NODE_STATE.names())) {
                case STATE_ADDR -> addr = r.readBytes("pushNodeState.Addr");
                case STATE_INCARNATION -> incarnation = r.readUint(U32, "pushNodeState.Incarnation");
                case STATE_META -> meta = r.readBytes("pushNodeState.Meta");
                case STATE_NAME -> name = r.readString("pushNodeState.Name");
                case STATE_PORT -> port = (int) r.readUint(U16, "pushNodeState.Port");
                case STATE_STATE -> state = r.readInt("pushNodeState.State");
                case STATE_VSN -> vsn = r.readBytes("pushNodeState.Vsn");
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
            switch (r.readKey(USER_MSG_HEADER.names())) {
                case USER_MSG_LEN -> len = r.readInt("userMsgHeader.UserMsgLen");
                default -> r.skipValue();
            }
        }
        return len;
    }

    static ErrResp readErr(MsgpackReader r) throws CodecException {
        String error = "";
        for (int i = 0, n = r.readMapHeader("errResp"); i < n; i++) {
            switch (r.readKey(ERR.names())) {
                case ERR_ERROR -> error = r.readString("errResp.Error");
                default -> r.skipValue();
            }
        }
        return new ErrResp(error);
    }
}
