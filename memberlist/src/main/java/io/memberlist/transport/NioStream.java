package io.memberlist.transport;

import io.memberlist.core.Endpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One non-blocking TCP connection running a {@link StreamSession}: connect (dialer), write what
 * the session returns, accumulate input for it, all before a deadline. Loop thread only.
 */
final class NioStream extends EventLoop.Timer implements EventLoop.IoHandler {
    private static final Logger LOG = LoggerFactory.getLogger(NioStream.class);
    private static final int INITIAL_INPUT = 4096;

    private final NioTransport transport;
    private final EventLoop loop;
    private final StreamSession session;
    private SocketChannel ch;
    private SelectionKey key;
    private ByteBuffer out;
    private boolean readAfterWrite;
    private byte[] in = new byte[0];
    private int inLen;
    private boolean done;

    NioStream(NioTransport transport, EventLoop loop, SocketChannel ch, StreamSession session) {
        this.transport = transport;
        this.loop = loop;
        this.ch = ch;
        this.session = session;
    }

    void startAccepted(long now, long deadline) {
        try {
            key = loop.register(ch, 0, this);
            loop.schedule(this, deadline);
            apply(now, session.start(now));
        } catch (IOException | RuntimeException e) {
            fail(now, "accept: " + e);
        }
    }

    void connect(long now, Endpoint to, long deadline) {
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            loop.schedule(this, deadline);
            boolean connected = ch.connect(Addresses.socketAddress(to));
            key = loop.register(ch, connected ? 0 : SelectionKey.OP_CONNECT, this);
            if (connected) {
                apply(now, session.start(now));
            }
        } catch (IOException | RuntimeException e) {
            fail(now, "connect to " + to + ": " + e.getMessage());
        }
    }

    @Override
    public void onReady(SelectionKey k) {
        long now = loop.now();
        if (done) {
            return;
        }
        try {
            if (k.isConnectable()) {
                ch.finishConnect();
                k.interestOps(0);
                apply(now, session.start(now));
                return;
            }
            if (k.isWritable()) {
                writePending(now);
                return;
            }
            if (k.isReadable()) {
                read(now);
            }
        } catch (IOException | RuntimeException e) {
            fail(now, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    protected void onTimer(long now) {
        fail(now, "timeout");
    }

    private void apply(long now, StreamSession.Step step) throws IOException {
        if (done) {
            return;
        }
        if (step instanceof StreamSession.Step.Write w) {
            out = ByteBuffer.wrap(w.bytes());
            readAfterWrite = w.thenRead();
            writePending(now);
        } else if (step instanceof StreamSession.Step.NeedMore) {
            key.interestOps(SelectionKey.OP_READ);
        } else {
            finish();
        }
    }

    private void writePending(long now) throws IOException {
        while (out.hasRemaining()) {
            if (ch.write(out) == 0) {
                key.interestOps(SelectionKey.OP_WRITE);
                return;
            }
        }
        out = null;
        if (readAfterWrite) {
            key.interestOps(SelectionKey.OP_READ);
            if (inLen > 0) {
                apply(now, session.onInput(now, in, inLen, false));
            }
        } else {
            finish();
            session.onWritten(now);
        }
    }

    private void read(long now) throws IOException {
        int max = session.maxInputBytes();
        boolean eof = false;
        while (true) {
            if (inLen == in.length) {
                if (in.length >= max) {
                    fail(now, "stream input over " + max + " bytes");
                    return;
                }
                in = Arrays.copyOf(in, (int) Math.min(max, Math.max(INITIAL_INPUT, 2L * in.length)));
            }
            int n = ch.read(ByteBuffer.wrap(in, inLen, in.length - inLen));
            if (n < 0) {
                eof = true;
                break;
            }
            if (n == 0) {
                break;
            }
            inLen += n;
        }
        StreamSession.Step step = session.onInput(now, in, inLen, eof);
        if (eof && step instanceof StreamSession.Step.NeedMore) {
            fail(now, "unexpected EOF after " + inLen + " bytes");
            return;
        }
        apply(now, step);
    }

    private void finish() {
        if (done) {
            return;
        }
        done = true;
        loop.cancel(this);
        if (ch != null) {
            loop.closeNow(ch);
        }
        transport.streamEnded(this);
    }

    void fail(long now, String reason) {
        if (done) {
            return;
        }
        finish();
        LOG.debug("stream failed: {}", reason);
        try {
            session.onFailure(now, reason);
        } catch (RuntimeException e) {
            LOG.debug("stream failure handler failed", e);
        }
    }
}
