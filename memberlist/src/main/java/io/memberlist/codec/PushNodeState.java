package io.memberlist.codec;

/**
 * One member entry of a push/pull exchange ({@code pushNodeState}). {@code state} is 0 alive,
 * 1 suspect, 2 dead, 3 left; other values are carried as received (the receiver ignores them).
 */
public record PushNodeState(
        String name, byte[] addr, int port, byte[] meta, long incarnation, int state, byte[] vsn) {}
