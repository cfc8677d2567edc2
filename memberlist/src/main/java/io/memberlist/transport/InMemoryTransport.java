package io.memberlist.transport;

import io.memberlist.Endpoint;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link Transport} over an {@link InMemoryNetwork}: datagrams and stream bytes are handed to
 * the destination's event loop as tasks, copied, so neither side sees the other's buffers. A
 * stream is a pair of {@link Pipe} ends, one on each node's loop; bytes written at one end arrive
 * at the other in order, then an end-of-stream when the writer closes. Holds no protocol rule.
 */
public final class InMemoryTransport implements Transport {
    private final InMemoryNetwork network;
    private final Endpoint endpoint;
    private final Map<Long, Pipe> pipes = new HashMap<>();
    private EventLoop loop;
    private TransportReceiver receiver;
    private volatile boolean closed;

    InMemoryTransport(InMemoryNetwork network, Endpoint endpoint) {
        this.network = network;
        this.endpoint = endpoint;
    }

    /** This member's address on the network. */
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public Endpoint start(EventLoop loop, TransportReceiver receiver) {
        if (this.loop != null) {
            throw new IllegalStateException("already started");
        }
        this.loop = loop;
        this.receiver = receiver;
        network.bind(this);
        return endpoint;
    }

    @Override
    public void sendPacket(Endpoint to, String toNode, byte[] datagram) {
        InMemoryTransport dest = network.route(endpoint, to);
        if (dest == null || closed) {
            return; // best effort, as UDP
        }
        byte[] copy = Arrays.copyOf(datagram, datagram.length);
        dest.loop.execute(() -> {
            if (!dest.closed) {
                long now = dest.loop.now();
                dest.receiver.onPacket(now, endpoint, copy);
                dest.receiver.onPacketBatchEnd(now);
            }
        });
    }

    @Override
    public void openStream(long streamId, Endpoint to, String toNode) {
        Pipe dialer = new Pipe(this, streamId);
        pipes.put(streamId, dialer);
        if (!closed && network.cutOff(endpoint, to)) {
            return; // unanswered, as a connect across a cut: the node's deadline ends it
        }
        InMemoryTransport dest = closed ? null : network.route(endpoint, to);
        if (dest == null) {
            loop.execute(() -> dialer.fail(TransportReceiver.CONNECTION_REFUSED + ": " + to));
            return;
        }
        dest.loop.execute(() -> dest.accept(endpoint, dialer));
    }

    /** On the listener's loop: an inbound connection from {@code from}. */
    private void accept(Endpoint from, Pipe dialer) {
        if (closed) { // closed since the route was taken: nothing listens any more
            dialer.owner.loop.execute(() -> dialer.fail(TransportReceiver.CONNECTION_REFUSED));
            return;
        }
        long id = receiver.onStreamAccepted(loop.now(), from);
        if (id < 0) {
            // accepted, then closed at once by the listener's limits: a reset, not a refusal
            dialer.owner.loop.execute(() -> dialer.fail("connection reset"));
            return;
        }
        Pipe listener = new Pipe(this, id);
        pipes.put(id, listener);
        listener.peer = dialer;
        dialer.owner.loop.execute(() -> dialer.connected(listener));
    }

    @Override
    public void writeStream(long streamId, byte[] bytes) {
        Pipe p = pipes.get(streamId);
        if (p != null) {
            p.write(bytes);
        }
    }

    @Override
    public void closeStream(long streamId, boolean abort) {
        Pipe p = pipes.get(streamId);
        if (p != null) {
            p.close(abort);
        }
    }

    @Override
    public int boundPort() {
        return endpoint.port();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        network.unbind(this);
        if (loop != null && loop.inLoop()) {
            for (Pipe p : pipes.values().toArray(new Pipe[0])) {
                p.close(true);
            }
        }
    }

    /** One end of an in-memory stream, confined to its owner's loop. */
    private static final class Pipe {
        private final InMemoryTransport owner;
        private final long id;
        private Pipe peer;
        private boolean connected;
        private boolean closing;
        private boolean finished;
        private final java.util.ArrayList<byte[]> early = new java.util.ArrayList<>();

        Pipe(InMemoryTransport owner, long id) {
            this.owner = owner;
            this.id = id;
        }

        /** Dialer side: the listener accepted. */
        void connected(Pipe listener) {
            if (finished) {
                listener.owner.loop.execute(listener::peerEnded);
                return;
            }
            peer = listener;
            connected = true;
            owner.receiver.onStreamConnected(owner.loop.now(), id);
            for (byte[] b : early) {
                send(b);
            }
            early.clear();
            if (closing) {
                finishGracefully();
            }
        }

        void write(byte[] bytes) {
            if (finished || closing) {
                return;
            }
            if (peer == null) {
                early.add(bytes);
            } else {
                send(bytes);
            }
        }

        private void send(byte[] bytes) {
            Pipe p = peer;
            byte[] copy = Arrays.copyOf(bytes, bytes.length);
            p.owner.loop.execute(() -> {
                if (!p.finished) {
                    p.owner.receiver.onStreamBytes(p.owner.loop.now(), p.id, copy, 0, copy.length);
                }
            });
        }

        void close(boolean abort) {
            if (finished) {
                return;
            }
            if (abort) {
                end();
            } else if (peer != null) {
                owner.loop.execute(this::finishGracefully);
            } else {
                closing = true;
            }
        }

        private void finishGracefully() {
            if (!finished) {
                end();
                owner.receiver.onStreamClosed(owner.loop.now(), id, null);
            }
        }

        void fail(String reason) {
            if (!finished) {
                end();
                owner.receiver.onStreamClosed(owner.loop.now(), id, reason);
            }
        }

        /** The other end closed: an end-of-stream here. */
        private void peerEnded() {
            if (!finished) {
                owner.receiver.onStreamEof(owner.loop.now(), id);
            }
        }

        private void end() {
            finished = true;
            owner.pipes.remove(id, this);
            Pipe p = peer;
            if (p != null) {
                p.owner.loop.execute(p::peerEnded);
            }
        }
    }
}
