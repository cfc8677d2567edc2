package io.memberlist.transport;

import io.memberlist.Endpoint;

/**
 * What a {@link Transport} reports, on the node's event loop: the node's network inputs.
 * Arrays passed in are only valid during the call.
 */
public interface TransportReceiver {

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
