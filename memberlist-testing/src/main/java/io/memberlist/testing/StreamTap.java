package io.memberlist.testing;

/**
 * Sees every write a host makes to a stream, as its bytes go on the wire (a dialer's first write
 * is its label header, if any, and its request), before the network model applies. For tests
 * that look at what streams carry, say which member a TCP ping went to. It only observes; do not
 * modify the array.
 */
@FunctionalInterface
public interface StreamTap {
    /**
     * @param from the writing host
     * @param to the other end, or {@code null} when no host is at the dialed address
     * @param fromDialer true for the dialer's writes (the request), false for the listener's
     */
    void written(long nowNanos, SimNode from, SimNode to, boolean fromDialer, byte[] bytes);
}
