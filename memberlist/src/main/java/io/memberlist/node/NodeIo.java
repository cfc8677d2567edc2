package io.memberlist.node;

import io.memberlist.Endpoint;
import io.memberlist.core.MemberEvent;

/**
 * What a {@link Node} asks its driver to do: the node's outputs, pushed during its inputs.
 *
 * <p>Implemented by the production runtime (sockets on an event loop) and by the simulator
 * (a virtual network). An implementation only moves bytes: every rule (framing, limits, timeouts,
 * what to answer) has been applied by the node already. Contract: no method may call back into
 * the node before it returns; completions (bytes, closes) come later as node inputs. Arrays handed
 * over belong to the driver from then on.
 *
 * <p>Stream ids are the node's: it names outbound streams in {@link #openStream} and inbound ones
 * in its answer to {@link Node#onStreamAccepted}.
 */
public interface NodeIo {
    /**
     * Sends one datagram, best effort.
     *
     * @param toNode the destination's member name when known, else {@code null} (for transports
     *     that route by node, like Go's NodeAwareTransport)
     */
    void sendDatagram(Endpoint to, String toNode, byte[] datagram);

    /**
     * Connects a stream to {@code to}. Later the driver reports {@link Node#onStreamConnected},
     * then bytes, or {@link Node#onStreamClosed} with an error. Writes issued before the
     * connection is up are sent once it is.
     */
    void openStream(long streamId, Endpoint to, String toNode);

    /** Appends {@code bytes} to the stream's output, in order. */
    void writeStream(long streamId, byte[] bytes);

    /**
     * Ends a stream. Graceful ({@code abort = false}): pending writes are flushed first, then the
     * driver closes the connection and reports {@link Node#onStreamClosed} with a {@code null}
     * error (or the error that stopped it). Abort: close at once and report nothing more.
     */
    void closeStream(long streamId, boolean abort);

    /**
     * An observing event for the application, in order. The driver hands it to
     * {@link Node#deliver} on a thread that is not the protocol's (production) or after the
     * current input returns (simulator), so the application never runs inside a node input.
     */
    void event(MemberEvent event);
}
