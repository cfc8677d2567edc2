package io.memberlist.testing;

import io.memberlist.core.Endpoint;

/** Something that reaches a node from the network; queued while the node is paused. */
sealed interface NodeInput {
    /** A datagram, still framed. */
    record Packet(Endpoint from, int fromIndex, byte[] datagram) implements NodeInput {}

    /** The message of a stream opened by {@code origin}; the listener answers it. */
    record StreamRequest(SimNode origin, int originEpoch, long streamId, Endpoint from,
            StreamWire.Payload message, boolean expectReply) implements NodeInput {}

    /** The end of an outbound stream: the reply (or {@code null} when none was expected). */
    record StreamReply(long streamId, StreamWire.Payload reply) implements NodeInput {}

    /** The end of an outbound stream: timeout, refused or closed. */
    record StreamFailure(long streamId, String reason) implements NodeInput {}
}
