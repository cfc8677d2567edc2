package io.memberlist.codec;

import static io.memberlist.codec.ByteStrings.checkPort;
import static io.memberlist.codec.ByteStrings.checkString;
import static io.memberlist.codec.ByteStrings.checkUint32;

/**
 * {@code alive} (type 4): {@code node} is alive at {@code incarnation}, reachable at
 * {@code addr:port}. {@code addr} keeps the exact bytes received (4 or 16), {@code meta} may be
 * {@code null}, {@code vsn} is the version vector {@code [pmin,pmax,pcur,dmin,dmax,dcur]} (always
 * 6 bytes when we send; any length, or {@code null}, when received). Byte strings may be
 * {@code null} (nil on the wire), which is distinct from empty. Equality is by content.
 */
public record Alive(long incarnation, String node, byte[] addr, int port, byte[] meta, byte[] vsn)
        implements Message {

    public Alive {
        checkUint32(incarnation, "incarnation");
        checkString(node, "node");
        checkPort(port, "port");
    }

    /**
     * A version vector {@code [pmin, pmax, pcur, dmin, dmax, dcur]} as sent in {@code Vsn}
     * (each value 0..255).
     */
    public static byte[] vsn(int pMin, int pMax, int pCur, int dMin, int dMax, int dCur) {
        int[] v = {pMin, pMax, pCur, dMin, dMax, dCur};
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            if ((v[i] >>> 8) != 0) {
                throw new IllegalArgumentException("vsn[" + i + "] must be in [0, 255], was " + v[i]);
            }
            out[i] = (byte) v[i];
        }
        return out;
    }

    @Override
    public int type() {
        return MessageType.ALIVE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Alive a
                && a.incarnation == incarnation
                && a.port == port
                && a.node.equals(node)
                && ByteStrings.eq(a.addr, addr)
                && ByteStrings.eq(a.meta, meta)
                && ByteStrings.eq(a.vsn, vsn);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(incarnation);
        h = 31 * h + node.hashCode();
        h = 31 * h + ByteStrings.hash(addr);
        h = 31 * h + port;
        h = 31 * h + ByteStrings.hash(meta);
        return 31 * h + ByteStrings.hash(vsn);
    }

    @Override
    public String toString() {
        return "Alive[incarnation=" + incarnation + ", node=" + node + ", addr="
                + ByteStrings.hex(addr) + ", port=" + port + ", meta=" + ByteStrings.hex(meta)
                + ", vsn=" + ByteStrings.hex(vsn) + "]";
    }
}
