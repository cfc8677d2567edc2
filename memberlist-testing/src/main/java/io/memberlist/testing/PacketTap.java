package io.memberlist.testing;

import io.memberlist.Endpoint;

/**
 * Sees every datagram a host sends, framed as it goes on the wire, before the network model
 * (loss, cuts) applies; returning {@code false} drops it. For counting or decoding traffic
 * (with compound-only framing a datagram is the engine's plain payload), or for suppressing one
 * kind of message in a test. Do not modify the array.
 */
@FunctionalInterface
public interface PacketTap {
    boolean sent(long nowNanos, SimNode from, Endpoint to, String toNode, byte[] datagram);
}
