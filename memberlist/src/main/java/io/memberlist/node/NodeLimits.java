package io.memberlist.node;

import io.memberlist.codec.Limits;
import java.time.Duration;

/**
 * Every limit the node applies to input from the network, in one place (SECURITY.md explains
 * what each one defends against).
 *
 * @param maxActiveStreams inbound streams whose message has begun (its first frame byte has
 *     arrived) and is being received; more wait for a slot (Go refuses the 128th push/pull)
 * @param maxPendingStreams inbound connections that have not yet sent the first byte of their
 *     message; when full, the oldest is closed to make room, so idle connections cannot fill the
 *     node
 * @param maxPendingPerSource the same, per source IP address: a new connection beyond it is
 *     refused, so one host cannot evict everyone else's connections. Hosts that share an address
 *     (behind a NAT or a proxy; every client on loopback) share this cap: an attacker there
 *     blocks its neighbours, not the rest
 * @param headerTimeoutNanos how long an accepted connection may take to send the first byte of its
 *     message (well below the stream timeout: a real peer writes at once)
 * @param streamTimeoutNanos how long a whole inbound exchange may take (Go's TCPTimeout)
 * @param maxStreamBytes the most one stream may carry: the codec's largest stream message, 40 MiB
 *     (a plain push/pull of Go's 20 MiB user state plus as much node state, or a compressed one
 *     whose LZW data is at most 40 MiB), plus 1 KiB of label and framing. An encrypted message
 *     is refused by the codec past 20 MiB, as in Go. With 20 MiB here, a push/pull of 1,000
 *     members with 512-byte metadata and a 20 MiB user state (21.6 MB plain, 28.8 MB
 *     compressed), which Go accepts, was refused
 * @param maxBufferedBytes the most bytes buffered across all inbound streams at once; a stream
 *     whose next bytes would exceed it is closed
 */
public record NodeLimits(int maxActiveStreams, int maxPendingStreams, int maxPendingPerSource,
        long headerTimeoutNanos, long streamTimeoutNanos, int maxStreamBytes, long maxBufferedBytes) {

    public static final int ACTIVE_STREAMS = Limits.MAX_PUSH_PULL_REQUESTS - 1;
    public static final int PENDING_STREAMS = 512;
    public static final int PENDING_PER_SOURCE = 64;
    public static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
    public static final int STREAM_BYTES = Limits.MAX_DECOMPRESSED_BYTES + 1024;
    public static final long BUFFERED_BYTES = 64L * 1024 * 1024;

    public NodeLimits {
        if (maxActiveStreams < 1 || maxPendingStreams < 1 || maxPendingPerSource < 1
                || headerTimeoutNanos <= 0 || streamTimeoutNanos <= 0 || maxStreamBytes < 1
                || maxBufferedBytes < maxStreamBytes) {
            throw new IllegalArgumentException("invalid node limits: " + this);
        }
    }

    /** The defaults for a stream timeout (Config's {@code tcpTimeout}). */
    public static NodeLimits defaults(Duration streamTimeout) {
        long stream = streamTimeout.toNanos();
        return new NodeLimits(ACTIVE_STREAMS, PENDING_STREAMS, PENDING_PER_SOURCE,
                Math.min(HEADER_TIMEOUT.toNanos(), stream), stream, STREAM_BYTES, BUFFERED_BYTES);
    }
}
