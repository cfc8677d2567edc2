package io.memberlist.transport;

import io.memberlist.core.Endpoint;

/** What a {@link Transport} delivers, on the node's event loop. */
public interface TransportReceiver {

    /** One received datagram; the array is the receiver's to keep. */
    void onPacket(long now, Endpoint from, byte[] datagram);

    /**
     * The transport has delivered every datagram it read in this turn. Receivers that reorder or
     * prioritise a batch (the handoff queues of PROTOCOL §4.3) hand it on here.
     */
    void onPacketBatchEnd(long now);

    /**
     * An inbound stream was accepted. Returns the session that serves it, or {@code null} to
     * close it at once (too many concurrent streams, node shutting down).
     */
    StreamSession onAccept(long now, Endpoint from);

    /** How long an accepted stream may take before it is closed, in nanoseconds. */
    long inboundStreamTimeoutNanos();
}
