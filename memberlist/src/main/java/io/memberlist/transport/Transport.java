package io.memberlist.transport;

import io.memberlist.core.Endpoint;
import java.io.IOException;

/**
 * How a node reaches the network: datagrams and one-exchange streams, as raw bytes.
 *
 * <p>The runtime above does all protocol framing (labels, encryption, CRC, compression); a
 * transport only moves bytes, so an alternative network (a test network, a tunnel) plugs in here
 * without touching the protocol. {@link NioTransport} is the real UDP+TCP one; {@link InMemoryTransport}
 * (from an {@link InMemoryNetwork}) connects nodes inside one process for users' tests; the
 * simulator's network ({@code io.memberlist.testing}) covers virtual time.
 *
 * <p>Threading: every method except {@link #start} is called on the node's {@link EventLoop},
 * and the transport calls the {@link TransportReceiver} and {@link StreamSession}s only on that
 * loop. Nothing here may block.
 */
public interface Transport {

    /**
     * Binds and starts receiving. Called once, on the node's loop, before any other method.
     *
     * @return the address other members should use to reach this node (the advertise address)
     */
    Endpoint start(EventLoop loop, TransportReceiver receiver) throws IOException;

    /** Sends one datagram, best effort: a full socket buffer or an unreachable peer drops it. */
    void sendPacket(Endpoint to, byte[] datagram);

    /**
     * Connects to {@code to} and runs {@code session} on the connection. Connecting, and every
     * callback of the session, happen in later loop turns: never inside this call. The session
     * gets {@link StreamSession#onFailure} if {@code deadline} (loop clock) passes first.
     */
    void openStream(Endpoint to, long deadline, StreamSession session);

    /** The port actually bound (useful after binding port 0), or the advertised port. */
    int boundPort();

    /** Stops receiving, fails open streams and releases the ports before returning. Idempotent. */
    void close();
}
