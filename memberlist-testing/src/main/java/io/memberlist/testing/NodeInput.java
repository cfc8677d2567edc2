package io.memberlist.testing;

import io.memberlist.Endpoint;

/** Something that reaches a host from the network; queued while the host is paused. */
sealed interface NodeInput {
    /** A datagram, still framed. */
    record Packet(Endpoint from, int fromIndex, byte[] datagram) implements NodeInput {}

    /** A connection arrives at the listener. */
    record Accept(SimStream stream) implements NodeInput {}

    /** The dialer's connection is up. */
    record Connected(SimStream stream) implements NodeInput {}

    /** Bytes for one end of a stream. */
    record Bytes(SimStream stream, boolean toDialer, byte[] bytes) implements NodeInput {}

    /** The other end closed its side. */
    record Eof(SimStream stream, boolean toDialer) implements NodeInput {}

    /** This end is closed: flushed ({@code error == null}) or failed. */
    record Closed(SimStream stream, boolean toDialer, String error) implements NodeInput {}
}
