package io.memberlist.codec;

import static io.memberlist.codec.ByteStrings.checkPort;
import static io.memberlist.codec.ByteStrings.checkString;
import static io.memberlist.codec.ByteStrings.checkUint32;

/**
 * One member entry of a push/pull exchange ({@code pushNodeState}). {@code state} is 0 alive,
 * 1 suspect, 2 dead, 3 left; other values are carried as received (the receiver ignores them).
 * Go's {@code State} is a 64-bit {@code int}; values outside the Java {@code int} range are
 * refused by the decoder. Byte strings may be {@code null}. Equality is by content.
 */
public record PushNodeState(
        String name, byte[] addr, int port, byte[] meta, long incarnation, int state, byte[] vsn) {

    public static final int STATE_ALIVE = 0;
    public static final int STATE_SUSPECT = 1;
    public static final int STATE_DEAD = 2;
    public static final int STATE_LEFT = 3;

    public PushNodeState {
        checkString(name, "name");
        checkPort(port, "port");
        checkUint32(incarnation, "incarnation");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PushNodeState s
                && s.port == port
                && s.incarnation == incarnation
                && s.state == state
                && s.name.equals(name)
                && ByteStrings.eq(s.addr, addr)
                && ByteStrings.eq(s.meta, meta)
                && ByteStrings.eq(s.vsn, vsn);
    }

    @Override
    public int hashCode() {
        int h = name.hashCode();
        h = 31 * h + ByteStrings.hash(addr);
        h = 31 * h + port;
        h = 31 * h + ByteStrings.hash(meta);
        h = 31 * h + Long.hashCode(incarnation);
        h = 31 * h + state;
        return 31 * h + ByteStrings.hash(vsn);
    }

    @Override
    public String toString() {
        return "PushNodeState[name=" + name + ", addr=" + ByteStrings.hex(addr) + ", port=" + port
                + ", meta=" + ByteStrings.hex(meta) + ", incarnation=" + incarnation + ", state="
                + state + ", vsn=" + ByteStrings.hex(vsn) + "]";
    }
}
