package io.memberlist.codec;

/**
 * {@code alive} (type 4): {@code node} is alive at {@code incarnation}, reachable at
 * {@code addr:port}. {@code addr} keeps the exact bytes received (4 or 16), {@code meta} may be
 * {@code null}, {@code vsn} is the version vector {@code [pmin,pmax,pcur,dmin,dmax,dcur]} (always
 * 6 bytes when we send; any length when received).
 */
public record Alive(long incarnation, String node, byte[] addr, int port, byte[] meta, byte[] vsn)
        implements Message {
    @Override
    public int type() {
        return MessageType.ALIVE;
    }
}
