package io.memberlist.transport;

import io.memberlist.Endpoint;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One non-blocking TCP connection: connects (dialer), writes what the node hands it in order,
 * reports what it reads. Holds no protocol rule and no timer (the node owns every deadline).
 * Loop thread only.
 */
final class NioStream implements EventLoop.IoHandler {
    /** At most this many bytes read from one connection per loop turn, for fairness. */
    private static final int READ_PER_TURN = 256 * 1024;

    final long id;
    private final NioTransport transport;
    private final EventLoop loop;
    private SocketChannel ch;
    private SelectionKey key;
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private boolean connected;
    private boolean closing;
    private boolean inputEnded;
    private boolean done;

    NioStream(long id, NioTransport transport, EventLoop loop) {
        this.id = id;
        this.transport = transport;
        this.loop = loop;
    }

    /**
     * Takes over an accepted connection and reads what it already sent. A peer writes its request
     * as soon as it is connected, so by the time a connection is accepted its first bytes are
     * usually waiting: reading them now, rather than on a later turn, takes the stream out of the
     * node's pending set at once. Otherwise, in a join stampede, the next accept batch could be
     * handled before these reads and every peer behind one address (all of them, on loopback)
     * would hit the node's per-source cap on pending connections and be refused. A connection
     * that sent nothing yet stays pending, under the same limits as before.
     */
    void accepted(SocketChannel sc) throws IOException {
        ch = sc;
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        connected = true;
        key = loop.register(ch, SelectionKey.OP_READ, this);
        read();
    }

    void connect(Endpoint to) {
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean now = ch.connect(Addresses.socketAddress(to));
            key = loop.register(ch, now ? 0 : SelectionKey.OP_CONNECT, this);
            if (now) {
                loop.execute(this::onConnected);
            }
        } catch (IOException | RuntimeException e) {
            failLater("connect to " + to + ": " + e.getMessage());
        }
    }

    void write(byte[] bytes) {
        if (done || closing) {
            return;
        }
        out.addLast(ByteBuffer.wrap(bytes));
        if (connected) {
            try {
                flush();
            } catch (IOException | RuntimeException e) {
                failLater("write: " + e.getMessage());
            }
        }
    }

    void close(boolean abort) {
        if (done) {
            return;
        }
        if (abort) {
            finish();
            return;
        }
        closing = true;
        if (connected && out.isEmpty()) {
            finish();
            loop.execute(() -> transport.receiver().onStreamClosed(loop.now(), id, null));
        }
    }

    @Override
    public void onReady(SelectionKey k) {
        if (done) {
            return;
        }
        try {
            if (k.isConnectable()) {
                try {
                    ch.finishConnect();
                } catch (java.net.ConnectException e) {
                    fail(connectFailure(e));
                    return;
                }
                onConnected();
                return;
            }
            if (k.isWritable()) {
                flush();
            }
            if (!done && k.isValid() && k.isReadable()) {
                read();
            }
        } catch (IOException | RuntimeException e) {
            fail(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * A failed connect: {@link TransportReceiver#CONNECTION_REFUSED} only for ECONNREFUSED (the
     * JDK's message for it on Linux, macOS and Windows is "Connection refused"); anything else
     * (no route to host, unreachable network, timeout) keeps its own text.
     */
    static String connectFailure(java.net.ConnectException e) {
        String msg = e.getMessage();
        if (msg != null && msg.toLowerCase(java.util.Locale.ROOT).startsWith("connection refused")) {
            return TransportReceiver.CONNECTION_REFUSED;
        }
        return "ConnectException: " + msg;
    }

    private void onConnected() {
        if (done || connected) {
            return;
        }
        connected = true;
        transport.receiver().onStreamConnected(loop.now(), id);
        try {
            flush();
        } catch (IOException | RuntimeException e) {
            fail("write: " + e.getMessage());
        }
    }

    private void flush() throws IOException {
        while (!out.isEmpty()) {
            ByteBuffer b = out.peekFirst();
            ch.write(b);
            if (b.hasRemaining()) {
                interest();
                return;
            }
            out.pollFirst();
        }
        if (closing) {
            finish();
            transport.receiver().onStreamClosed(loop.now(), id, null);
            return;
        }
        interest();
    }

    private void interest() {
        if (!done && key.isValid()) {
            int ops = (inputEnded ? 0 : SelectionKey.OP_READ) | (out.isEmpty() ? 0 : SelectionKey.OP_WRITE);
            key.interestOps(ops);
        }
    }

    private void read() throws IOException {
        byte[] buf = transport.readBuffer();
        int total = 0;
        while (!done && total < READ_PER_TURN) {
            int n = ch.read(ByteBuffer.wrap(buf));
            if (n < 0) {
                inputEnded = true;
                interest();
                transport.receiver().onStreamEof(loop.now(), id);
                return;
            }
            if (n == 0) {
                return;
            }
            total += n;
            transport.receiver().onStreamBytes(loop.now(), id, buf, 0, n);
        }
    }

    private void finish() {
        if (!done) {
            done = true;
            if (ch != null) {
                loop.closeNow(ch);
            }
            transport.streamEnded(this);
        }
    }

    /** Fails from inside a loop callback: the receiver hears at once. */
    void fail(String reason) {
        if (!done) {
            finish();
            transport.receiver().onStreamClosed(loop.now(), id, reason);
        }
    }

    /** Fails from inside a transport method: the receiver hears in a later task. */
    private void failLater(String reason) {
        if (!done) {
            finish();
            loop.execute(() -> transport.receiver().onStreamClosed(loop.now(), id, reason));
        }
    }
}
