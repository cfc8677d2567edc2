package io.memberlist.transport;

import io.memberlist.Endpoint;

/**
 * What a {@link Transport} reports, on the node's event loop: the node's network inputs.
 * Arrays passed in are only valid during the call.
 */
public interface TransportReceiver {

    /**
     * The start of the {@link #onStreamClosed} error of an outbound connection that the peer's
     * host refused (a TCP reset to the connect: nothing listens at that address and port). The
     * engine takes it as evidence that the member's process is gone while its host is up
     * ({@code Config.refusedConnectionSuspicion}), so a transport reports it only for that case:
     * never for a timeout, an unreachable host or network, or a connection reset after it was up.
     * Equal to {@code io.memberlist.core.Outbox.CONNECTION_REFUSED}.
     */
    String CONNECTION_REFUSED = "connection refused";

    /** One received datagram; the array is the receiver's to keep. */
    void onPacket(long now, Endpoint from, byte[] datagram);

    /** Every datagram read in this loop turn has been delivered. */
    void onPacketBatchEnd(long now);

    /** An inbound connection: its stream id, or a negative value to close it at once. */
    long onStreamAccepted(long now, Endpoint from);

    /** An outbound connection is up. */
    void onStreamConnected(long now, long streamId);

    /** Bytes received on a stream. */
    void onStreamBytes(long now, long streamId, byte[] buf, int off, int len);

    /** The peer closed its side. */
    void onStreamEof(long now, long streamId);

    /** The stream is gone: {@code error} null after a graceful close was flushed. */
    void onStreamClosed(long now, long streamId, String error);
}
