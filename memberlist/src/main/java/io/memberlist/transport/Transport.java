package io.memberlist.transport;

import io.memberlist.Endpoint;
import java.io.IOException;

/**
 * How a node reaches the network: datagrams and byte streams, nothing else.
 *
 * <p>A transport holds no protocol rule: framing, limits, timeouts and what to answer belong to
 * the node above it, so an alternative network (a test network, a tunnel, a routed overlay)
 * plugs in here without touching the protocol. {@link NioTransport} is the real UDP+TCP one;
 * {@link InMemoryTransport} (from an {@link InMemoryNetwork}) connects nodes inside one process.
 *
 * <p>Node-aware: every send names the destination member when it is known ({@code toNode}, else
 * {@code null}), as Go's {@code NodeAwareTransport} does, for transports that route by member.
 *
 * <p>Streams are identified by ids the node chooses (outbound: {@link #openStream}; inbound: the
 * value returned by {@link TransportReceiver#onStreamAccepted}).
 *
 * <p>Threading: every method except {@link #start} is called on the node's {@link EventLoop}, and
 * the transport calls its {@link TransportReceiver} only on that loop and never from inside one
 * of these methods (it defers to a later loop task). Nothing here may block.
 */
public interface Transport {

    /**
     * Binds and starts receiving. Called once, on the node's loop, before any other method.
     *
     * @return the address other members should use to reach this node (the advertise address)
     */
    Endpoint start(EventLoop loop, TransportReceiver receiver) throws IOException;

    /** Sends one datagram, best effort: a full socket buffer or an unreachable peer drops it. */
    void sendPacket(Endpoint to, String toNode, byte[] datagram);

    /**
     * Connects a stream; later {@link TransportReceiver#onStreamConnected}, or
     * {@link TransportReceiver#onStreamClosed} with the error. Writes issued before the
     * connection is up are sent once it is.
     */
    void openStream(long streamId, Endpoint to, String toNode);

    /** Appends bytes to the stream's output (the array is the transport's from now on). */
    void writeStream(long streamId, byte[] bytes);

    /**
     * Graceful ({@code abort = false}): flush what was written, close, then report
     * {@link TransportReceiver#onStreamClosed} ({@code null} error when flushed). Abort: close at
     * once, report nothing. Unknown ids are ignored.
     */
    void closeStream(long streamId, boolean abort);

    /** The port actually bound (useful after binding port 0), or the advertised port. */
    int boundPort();

    /** Stops receiving, drops every stream and releases the ports before returning. Idempotent. */
    void close();
}
