package io.memberlist;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable snapshot of one member as this node knows it at the moment the snapshot was taken.
 *
 * <p>The address bytes are kept exactly as the member advertised them (4 or 16 bytes for any
 * member we can talk to). The version fields are those of the member's {@code Vsn} vector
 * (PROTOCOL.md §8.2), 0 when never learned.
 */
public final class Member {
    private final String name;
    private final byte[] addr;
    private final int port;
    private final byte[] meta;
    private final MemberState state;
    private final long incarnation;
    private final int pMin;
    private final int pMax;
    private final int pCur;
    private final int dMin;
    private final int dMax;
    private final int dCur;

    /** A snapshot; the byte arrays are copied ({@code null} ones become empty). */
    public Member(String name, byte[] addr, int port, byte[] meta, MemberState state,
            long incarnation, int pMin, int pMax, int pCur, int dMin, int dMax, int dCur) {
        this.name = name;
        this.addr = addr == null ? new byte[0] : addr.clone();
        this.port = port;
        this.meta = meta == null ? new byte[0] : meta.clone();
        this.state = state;
        this.incarnation = incarnation;
        this.pMin = pMin;
        this.pMax = pMax;
        this.pCur = pCur;
        this.dMin = dMin;
        this.dMax = dMax;
        this.dCur = dCur;
    }

    /** The member's name, unique in the cluster. */
    public String name() {
        return name;
    }

    /** A copy of the advertised IP bytes. */
    public byte[] addr() {
        return addr.clone();
    }

    /** The advertised port, for UDP and TCP. */
    public int port() {
        return port;
    }

    /** Where this member is reached. */
    public Endpoint endpoint() {
        return new Endpoint(addr, port);
    }

    /** A copy of the member's metadata (empty, never null, when it has none). */
    public byte[] meta() {
        return meta.clone();
    }

    /** Alive, suspect, dead or left, as this node last heard. */
    public MemberState state() {
        return state;
    }

    /** The member's incarnation number, an unsigned 32-bit value. */
    public long incarnation() {
        return incarnation;
    }

    /** The oldest protocol version the member speaks. */
    public int pMin() {
        return pMin;
    }

    /** The newest protocol version the member speaks. */
    public int pMax() {
        return pMax;
    }

    /** The protocol version the member speaks now. */
    public int pCur() {
        return pCur;
    }

    /** The oldest application (delegate) protocol version the member understands. */
    public int dMin() {
        return dMin;
    }

    /** The newest application (delegate) protocol version the member understands. */
    public int dMax() {
        return dMax;
    }

    /** The application (delegate) protocol version the member speaks now. */
    public int dCur() {
        return dCur;
    }

    /** The version vector {@code [pMin, pMax, pCur, dMin, dMax, dCur]} as sent on the wire. */
    public byte[] vsn() {
        return new byte[] {(byte) pMin, (byte) pMax, (byte) pCur, (byte) dMin, (byte) dMax,
            (byte) dCur};
    }

    /** {@code host:port}, as Go's {@code Node.Address()}. */
    public String address() {
        return endpoint().toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Member m && m.name.equals(name) && Arrays.equals(m.addr, addr)
                && m.port == port && Arrays.equals(m.meta, meta) && m.state == state
                && m.incarnation == incarnation && m.pMin == pMin && m.pMax == pMax
                && m.pCur == pCur && m.dMin == dMin && m.dMax == dMax && m.dCur == dCur;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Long.hashCode(incarnation);
    }

    @Override
    public String toString() {
        return name + "@" + address() + "[" + state + " inc=" + incarnation
                + (meta.length > 0 ? " meta=" + HexFormat.of().formatHex(meta) : "") + "]";
    }
}
