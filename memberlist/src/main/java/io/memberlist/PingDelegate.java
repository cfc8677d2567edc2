package io.memberlist;

import java.time.Duration;

/**
 * Attaches a payload to acks and observes round-trip times of direct probes (Go's
 * {@code PingDelegate}), e.g. for network coordinates.
 */
public interface PingDelegate {
    /**
     * The payload for the ack of a direct UDP ping. Protocol thread, synchronously, once per ping
     * answered: must be fast and must not block. The returned array is owned by the library.
     */
    byte[] ackPayload();

    /**
     * A direct UDP probe of {@code other} was acked after {@code rtt}. Event executor (observing
     * callback), in order; {@code payload} is the remote {@link #ackPayload()}, owned by the
     * application. Not called for indirect or TCP acks.
     */
    void notifyPingComplete(Member other, Duration rtt, byte[] payload);
}
