package io.memberlist.bench.soak;

import io.memberlist.Endpoint;
import io.memberlist.transport.EventLoop;
import io.memberlist.transport.Transport;
import io.memberlist.transport.TransportReceiver;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Packet loss for a soak inside one process: wraps a real transport (the NIO one, sockets on
 * loopback) and drops each datagram with probability {@code loss}, independently, once on the
 * way out ({@link #sendPacket}) and once on the way in ({@link TransportReceiver#onPacket}), so a
 * datagram between two such nodes is lost with probability {@code 1 - (1 - loss)^2}. Loopback
 * itself loses nothing (and this kernel has no {@code netem}), so this is how the soak models a
 * lossy LAN. Streams (TCP) are passed through untouched: TCP hides loss behind retransmission.
 *
 * <p>Seeded: each direction draws from its own {@link SplittableRandom}, used only on the node's
 * event loop (every {@link Transport} method and every receiver callback runs there), so a node's
 * sequence of drop decisions depends only on the seed and the order of its datagrams.
 */
final class LossyTransport implements Transport {
    private final Transport delegate;
    private final double loss;
    private final SplittableRandom outRandom;
    private final SplittableRandom inRandom;
    final LongAdder sent = new LongAdder();
    final LongAdder droppedOut = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder droppedIn = new LongAdder();

    LossyTransport(Transport delegate, double loss, long seed) {
        if (!(loss >= 0 && loss < 1)) {
            throw new IllegalArgumentException("loss must be in [0, 1), was " + loss);
        }
        this.delegate = delegate;
        this.loss = loss;
        SplittableRandom root = new SplittableRandom(seed);
        this.outRandom = root.split();
        this.inRandom = root.split();
    }

    @Override
    public Endpoint start(EventLoop loop, TransportReceiver receiver) throws IOException {
        return delegate.start(loop, new LossyReceiver(receiver));
    }

    @Override
    public void sendPacket(Endpoint to, String toNode, byte[] datagram) {
        if (drop(outRandom)) {
            droppedOut.increment();
            return;
        }
        sent.increment();
        delegate.sendPacket(to, toNode, datagram);
    }

    private boolean drop(SplittableRandom r) {
        return loss > 0 && r.nextDouble() < loss;
    }

    @Override
    public void openStream(long streamId, Endpoint to, String toNode) {
        delegate.openStream(streamId, to, toNode);
    }

    @Override
    public void writeStream(long streamId, byte[] bytes) {
        delegate.writeStream(streamId, bytes);
    }

    @Override
    public void closeStream(long streamId, boolean abort) {
        delegate.closeStream(streamId, abort);
    }

    @Override
    public int boundPort() {
        return delegate.boundPort();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** The inbound half: drops a received datagram before the node sees it. */
    private final class LossyReceiver implements TransportReceiver {
        private final TransportReceiver node;

        LossyReceiver(TransportReceiver node) {
            this.node = node;
        }

        @Override
        public void onPacket(long now, Endpoint from, byte[] datagram) {
            if (drop(inRandom)) {
                droppedIn.increment();
                return;
            }
            received.increment();
            node.onPacket(now, from, datagram);
        }

        @Override
        public void onPacketBatchEnd(long now) {
            node.onPacketBatchEnd(now);
        }

        @Override
        public long onStreamAccepted(long now, Endpoint from) {
            return node.onStreamAccepted(now, from);
        }

        @Override
        public void onStreamConnected(long now, long streamId) {
            node.onStreamConnected(now, streamId);
        }

        @Override
        public void onStreamBytes(long now, long streamId, byte[] buf, int off, int len) {
            node.onStreamBytes(now, streamId, buf, off, len);
        }

        @Override
        public void onStreamEof(long now, long streamId) {
            node.onStreamEof(now, streamId);
        }

        @Override
        public void onStreamClosed(long now, long streamId, String error) {
            node.onStreamClosed(now, streamId, error);
        }
    }
}
