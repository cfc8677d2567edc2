package io.memberlist.core;

import io.memberlist.Endpoint;
import io.memberlist.Member;
import io.memberlist.MemberState;

/** This node's mutable record of one member (PROTOCOL.md §9.1). Only the engine thread touches it. */
final class NodeState {
    final String name;
    byte[] addr;
    int port;
    byte[] meta;
    int pMin;
    int pMax;
    int pCur;
    int dMin;
    int dMax;
    int dCur;
    /** uint32. */
    long incarnation;
    MemberState state;
    long stateChange;

    NodeState(String name, byte[] addr, int port, byte[] meta, MemberState state) {
        this.name = name;
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
        pMin = vsn[0] & 0xFF;
        pMax = vsn[1] & 0xFF;
        pCur = vsn[2] & 0xFF;
        dMin = vsn[3] & 0xFF;
        dMax = vsn[4] & 0xFF;
        dCur = vsn[5] & 0xFF;
    }

    byte[] vsn() {
        return new byte[] {(byte) pMin, (byte) pMax, (byte) pCur, (byte) dMin, (byte) dMax,
            (byte) dCur};
    }

    Member toMember() {
        return new Member(name, addr, port, meta, state, incarnation, pMin, pMax, pCur, dMin, dMax,
                dCur);
    }

    @Override
    public String toString() {
        return name + "[" + state + " inc=" + incarnation + "]";
    }
}
