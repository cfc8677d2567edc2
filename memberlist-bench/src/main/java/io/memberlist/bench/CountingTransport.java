package io.memberlist.bench;

import io.memberlist.Endpoint;
import io.memberlist.transport.EventLoop;
import io.memberlist.transport.Transport;
import io.memberlist.transport.TransportReceiver;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

/** Counts what a node sends (datagrams and stream bytes) and passes everything on. */
final class CountingTransport implements Transport {
    final Transport delegate;
    final LongAdder bytesOut = new LongAdder();
    final LongAdder packetsOut = new LongAdder();

    CountingTransport(Transport delegate) {
        this.delegate = delegate;
    }

    @Override
    public Endpoint start(EventLoop loop, TransportReceiver receiver) throws IOException {
        return delegate.start(loop, receiver);
    }

    @Override
    public void sendPacket(Endpoint to, String toNode, byte[] datagram) {
        bytesOut.add(datagram.length);
        packetsOut.increment();
        delegate.sendPacket(to, toNode, datagram);
    }

    @Override
    public void openStream(long streamId, Endpoint to, String toNode) {
        delegate.openStream(streamId, to, toNode);
    }

    @Override
    public void writeStream(long streamId, byte[] bytes) {
        bytesOut.add(bytes.length);
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
}
