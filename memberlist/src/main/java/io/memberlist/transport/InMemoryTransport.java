package io.memberlist.transport;

import io.memberlist.core.Endpoint;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A {@link Transport} over an {@link InMemoryNetwork}: datagrams and streams are handed to the
 * destination's event loop as tasks. Datagrams are copied, so neither side can see the other's
 * buffers. A stream is a pair of {@link Pipe} ends, each living on its own node's loop; bytes
 * written by one end arrive at the other in order, followed by an end-of-stream when the writer
 * finishes.
 */
public final class InMemoryTransport implements Transport {
    private final InMemoryNetwork network;
    private final Endpoint endpoint;
    private final Set<Pipe> open = new HashSet<>();
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
    public void sendPacket(Endpoint to, byte[] datagram) {
        InMemoryTransport dest = network.route(endpoint, to);
        if (dest == null || closed) {
            return; // best effort, as UDP
        }
        byte[] copy = Arrays.copyOf(datagram, datagram.length);
        dest.loop.execute(() -> dest.deliverPacket(endpoint, copy));
    }

    private void deliverPacket(Endpoint from, byte[] datagram) {
        if (closed) {
            return;
        }
        long now = loop.now();
        receiver.onPacket(now, from, datagram);
        receiver.onPacketBatchEnd(now);
    }

    @Override
    public void openStream(Endpoint to, long deadline, StreamSession session) {
        Pipe dialer = new Pipe(this, session);
        open.add(dialer);
        dialer.armTimeout(deadline);
        InMemoryTransport dest = network.route(endpoint, to);
        if (dest == null || closed) {
            loop.execute(() -> dialer.fail("connection refused: " + to));
            return;
        }
        dest.loop.execute(() -> dest.accept(endpoint, dialer));
    }

    /** On the listener's loop: an inbound connection from {@code from}. */
    private void accept(Endpoint from, Pipe dialer) {
        StreamSession session = closed ? null : receiver.onAccept(loop.now(), from);
        if (session == null) {
            dialer.owner.loop.execute(() -> dialer.fail("connection refused"));
            return;
        }
        Pipe listener = new Pipe(this, session);
        open.add(listener);
        listener.peer = dialer;
        listener.armTimeout(loop.now() + receiver.inboundStreamTimeoutNanos());
        dialer.owner.loop.execute(() -> {
            dialer.peer = listener;
            dialer.begin();
        });
        listener.begin();
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
            for (Pipe p : Set.copyOf(open)) {
                p.fail("transport closed");
            }
        }
    }

    /** One end of an in-memory stream, confined to its owner's loop. */
    private static final class Pipe extends EventLoop.Timer {
        private final InMemoryTransport owner;
        private final StreamSession session;
        private Pipe peer;
        private byte[] in = new byte[256];
        private int inLen;
        private boolean finished;

        Pipe(InMemoryTransport owner, StreamSession session) {
            this.owner = owner;
            this.session = session;
        }

        void armTimeout(long deadline) {
            owner.loop.schedule(this, deadline);
        }

        @Override
        protected void onTimer(long now) {
            fail("timed out");
        }

        void begin() {
            if (!finished) {
                apply(session.start(owner.loop.now()));
            }
        }

        private void apply(StreamSession.Step step) {
            if (finished) {
                return;
            }
            if (step instanceof StreamSession.Step.Write w) {
                send(w.bytes());
                if (!w.thenRead()) {
                    session.onWritten(owner.loop.now());
                    finish(true);
                }
            } else if (step instanceof StreamSession.Step.Close) {
                finish(true);
            }
            // NeedMore: wait for the peer's bytes
        }

        private void send(byte[] bytes) {
            Pipe p = peer;
            if (p == null || bytes.length == 0) {
                return;
            }
            byte[] copy = Arrays.copyOf(bytes, bytes.length);
            p.owner.loop.execute(() -> p.receive(copy));
        }

        /** Bytes from the peer, on this end's loop. */
        private void receive(byte[] bytes) {
            if (finished) {
                return;
            }
            if ((long) inLen + bytes.length > session.maxInputBytes()) {
                fail("input over " + session.maxInputBytes() + " bytes");
                return;
            }
            if (inLen + bytes.length > in.length) {
                in = Arrays.copyOf(in, Math.max(in.length * 2, inLen + bytes.length));
            }
            System.arraycopy(bytes, 0, in, inLen, bytes.length);
            inLen += bytes.length;
            apply(session.onInput(owner.loop.now(), in, inLen, false));
        }

        /** The peer finished writing (or went away), on this end's loop. */
        private void receiveEof() {
            if (finished) {
                return;
            }
            StreamSession.Step step = session.onInput(owner.loop.now(), in, inLen, true);
            if (step instanceof StreamSession.Step.NeedMore) {
                fail("unexpected EOF");
            } else {
                apply(step);
                if (!finished) {
                    finish(false);
                }
            }
        }

        void fail(String reason) {
            if (finished) {
                return;
            }
            finish(true);
            session.onFailure(owner.loop.now(), reason);
        }

        private void finish(boolean tellPeer) {
            finished = true;
            owner.loop.cancel(this);
            owner.open.remove(this);
            Pipe p = peer;
            if (tellPeer && p != null) {
                p.owner.loop.execute(p::receiveEof);
            }
        }
    }
}
