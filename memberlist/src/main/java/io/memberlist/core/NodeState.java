package io.memberlist.core;

import io.memberlist.Endpoint;
import io.memberlist.Member;
import io.memberlist.MemberState;

/**
 * This node's mutable record of one member (PROTOCOL.md §9.1). Only the engine thread touches it.
 *
 * <p>Kept small, since a node holds one per member and a JVM may run many nodes: 64 bytes with
 * compressed references. The version bytes other than {@code pMax} are stored as bytes (read
 * unsigned through their accessors), and the name is interned: the members of one cluster are
 * named the same in every node's table, so a JVM running many of its nodes keeps each name once
 * instead of once per node (48 bytes for a short name). The JVM's string table drops a name
 * once no table holds it.
 */
final class NodeState {
    final String name;
    byte[] addr;
    int port;
    byte[] meta;
    /** Read on every probe and packet (CRC, nack support): a plain field. */
    int pMax;
    private byte pMin;
    private byte pCur;
    private byte dMin;
    private byte dMax;
    private byte dCur;
    /**
     * The self-announcement ({@link SelfAnnouncer}) this member was last chosen for: a mark here
     * instead of a set of names there.
     */
    int announced;
    /** uint32. */
    long incarnation;
    MemberState state;
    long stateChange;

    NodeState(String name, byte[] addr, int port, byte[] meta, MemberState state) {
        this.name = name.intern();
        this.addr = addr;
        this.port = port;
        this.meta = meta;
        this.state = state;
    }

    boolean isDeadOrLeft() {
        return state.isDeadOrLeft();
    }

    Endpoint endpoint() {
        return new Endpoint(addr == null ? new byte[0] : addr, port);
    }

    /** Copies a version vector, when it has all 6 entries. */
    void setVsn(byte[] vsn) {
        if (vsn == null || vsn.length < 6) {
            return;
        }
        pMin = vsn[0];
        pMax = vsn[1] & 0xFF;
        pCur = vsn[2];
        dMin = vsn[3];
        dMax = vsn[4];
        dCur = vsn[5];
    }

    byte[] vsn() {
        return new byte[] {pMin, (byte) pMax, pCur, dMin, dMax, dCur};
    }

    int pMin() {
        return pMin & 0xFF;
    }

    int pCur() {
        return pCur & 0xFF;
    }

    int dMin() {
        return dMin & 0xFF;
    }

    int dMax() {
        return dMax & 0xFF;
    }

    int dCur() {
        return dCur & 0xFF;
    }

    Member toMember() {
        return new Member(name, addr, port, meta, state, incarnation, pMin(), pMax, pCur(), dMin(),
                dMax(), dCur());
    }

    @Override
    public String toString() {
        return name + "[" + state + " inc=" + incarnation + "]";
    }
}
