package io.memberlist.transport;

import io.memberlist.codec.Limits;
import io.memberlist.Endpoint;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP and TCP on one port over NIO, driven by one {@link EventLoop}.
 *
 * <ul>
 *   <li>One {@link DatagramChannel} and one {@link ServerSocketChannel} bound to the same
 *       address and port. Port 0 picks a port free for both: TCP first (the kernel chooses),
 *       then UDP on the same number, retried a few times when UDP is taken, as Go does.
 *   <li>Datagrams are read into the loop's 65,536-byte buffer (shared by every transport on the
 *       loop: {@link EventLoop#datagramReadBuffer}), at most {@value #READ_BATCH} per wake-up,
 *       then {@link TransportReceiver#onPacketBatchEnd} lets the receiver prioritise the batch.
 *       The socket receive buffer is asked for 2 MiB, halving until the OS accepts.
 *   <li>Streams are non-blocking byte pipes ({@link NioStream}); the node above owns their
 *       deadlines and everything they mean.
 * </ul>
 */
public final class NioTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(NioTransport.class);
    static final int READ_BATCH = 64;
    private static final int ACCEPT_BATCH = 64;
    private static final int BIND_ATTEMPTS = 10;
    private static final int RCVBUF_WANTED = 2 * 1024 * 1024;
    private static final int STREAM_READ_BUFFER = 64 * 1024;

    private final String bindAddr;
    private final int bindPort;
    private final String advertiseAddr;
    private final int advertisePort;

    private EventLoop loop;
    private TransportReceiver receiver;
    private DatagramChannel udp;
    private ServerSocketChannel tcp;
    private int port;
    private Endpoint advertise;
    private final Map<Long, NioStream> streams = new HashMap<>();
    private boolean closed;
    private long sendDrops;

    /**
     * @param bindAddr IP literal or host to bind ("0.0.0.0", "::", "127.0.0.1", ...)
     * @param bindPort port for both UDP and TCP; 0 picks a free one
     * @param advertiseAddr address to advertise, or null/empty to derive it (see
     *     {@link Addresses#chooseAdvertise})
     * @param advertisePort port to advertise with {@code advertiseAddr}; 0 means the bound port.
     *     Ignored when no advertise address is given (the bound port is advertised), as in Go.
     */
    public NioTransport(String bindAddr, int bindPort, String advertiseAddr, int advertisePort) {
        this.bindAddr = bindAddr == null || bindAddr.isEmpty() ? "0.0.0.0" : bindAddr;
        this.bindPort = bindPort;
        this.advertiseAddr = advertiseAddr;
        this.advertisePort = advertisePort;
    }

    @Override
    public Endpoint start(EventLoop loop, TransportReceiver receiver) throws IOException {
        this.loop = loop;
        this.receiver = receiver;
        InetAddress bindIp = InetAddress.getByName(bindAddr);
        bind(bindIp);
        try {
            loop.register(udp, SelectionKey.OP_READ, k -> readDatagrams());
            loop.register(tcp, SelectionKey.OP_ACCEPT, k -> acceptStreams());
            InetAddress adv;
            int advPort;
            if (advertiseAddr != null && !advertiseAddr.isEmpty()) {
                adv = InetAddress.getByName(advertiseAddr);
                advPort = advertisePort > 0 ? advertisePort : port;
            } else {
                adv = Addresses.chooseAdvertise(bindIp);
                advPort = port;
            }
            advertise = new Endpoint(Addresses.wireBytes(adv), advPort);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.debug("bound {}:{} (udp+tcp), advertising {}", bindIp.getHostAddress(), port, advertise);
        return advertise;
    }

    private void bind(InetAddress ip) throws IOException {
        ProtocolFamily family =
                ip instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        int attempts = bindPort == 0 ? BIND_ATTEMPTS : 1;
        IOException last = null;
        for (int i = 0; i < attempts; i++) {
            ServerSocketChannel t = null;
            DatagramChannel u = null;
            try {
                t = ServerSocketChannel.open(family);
                t.bind(new InetSocketAddress(ip, bindPort), 1024);
                int p = ((InetSocketAddress) t.getLocalAddress()).getPort();
                u = DatagramChannel.open(family);
                u.bind(new InetSocketAddress(ip, p));
                setReceiveBuffer(u);
                this.tcp = t;
                this.udp = u;
                this.port = p;
                return;
            } catch (IOException e) {
                last = e;
                closeQuietly(u);
                closeQuietly(t);
            }
        }
        BindException be = new BindException("cannot bind UDP and TCP on " + ip.getHostAddress() + ":"
                + bindPort + (attempts > 1 ? " after " + attempts + " attempts" : "") + ": " + last.getMessage());
        be.initCause(last);
        throw be;
    }

    private static void setReceiveBuffer(DatagramChannel u) {
        for (int size = RCVBUF_WANTED; size >= 4096; size /= 2) {
            try {
                u.setOption(StandardSocketOptions.SO_RCVBUF, size);
                return;
            } catch (IOException | RuntimeException e) {
                // try half as much
            }
        }
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    @Override
    public int boundPort() {
        return port;
    }

    /** The advertise address chosen by {@link #start}. */
    public Endpoint advertise() {
        return advertise;
    }

    /** Datagrams the OS refused for lack of buffer space or because of an error. */
    public long sendDrops() {
        return sendDrops;
    }

    @Override
    public void sendPacket(Endpoint to, String toNode, byte[] datagram) {
        if (closed) {
            return;
        }
        try {
            int n = udp.send(ByteBuffer.wrap(datagram), Addresses.socketAddress(to));
            if (n == 0) {
                sendDrops++; // socket buffer full: UDP is best effort
            }
        } catch (IOException | RuntimeException e) {
            sendDrops++;
            LOG.debug("udp send to {} failed: {}", to, e.toString());
        }
    }

    private void readDatagrams() {
        long now = loop.now();
        ByteBuffer readBuf = loop.datagramReadBuffer(Limits.MAX_DATAGRAM);
        int n = 0;
        try {
            while (n < READ_BATCH && !closed) {
                readBuf.clear();
                SocketAddress from;
                try {
                    from = udp.receive(readBuf);
                } catch (IOException e) {
                    LOG.debug("udp receive failed: {}", e.toString());
                    break;
                }
                if (from == null) {
                    break;
                }
                n++;
                readBuf.flip();
                byte[] bytes = new byte[readBuf.remaining()];
                readBuf.get(bytes);
                try {
                    receiver.onPacket(now, Addresses.endpoint((InetSocketAddress) from), bytes);
                } catch (RuntimeException e) {
                    LOG.debug("packet from {} failed", from, e);
                }
            }
        } finally {
            if (n > 0 && !closed) {
                receiver.onPacketBatchEnd(now);
            }
        }
    }

    private void acceptStreams() throws IOException {
        for (int i = 0; i < ACCEPT_BATCH && !closed; i++) {
            SocketChannel sc = tcp.accept();
            if (sc == null) {
                return;
            }
            long id;
            try {
                id = receiver.onStreamAccepted(loop.now(), Addresses.endpoint((InetSocketAddress) sc.getRemoteAddress()));
            } catch (IOException | RuntimeException e) {
                LOG.debug("accept failed", e);
                id = -1;
            }
            if (id < 0) {
                closeQuietly(sc);
                continue;
            }
            NioStream s = new NioStream(id, this, loop);
            streams.put(id, s);
            try {
                s.accepted(sc);
            } catch (IOException | RuntimeException e) {
                s.fail("accept: " + e.getMessage());
            }
        }
    }

    @Override
    public void openStream(long streamId, Endpoint to, String toNode) {
        if (closed) {
            loop.execute(() -> receiver.onStreamClosed(loop.now(), streamId, "transport closed"));
            return;
        }
        NioStream s = new NioStream(streamId, this, loop);
        streams.put(streamId, s);
        s.connect(to);
    }

    @Override
    public void writeStream(long streamId, byte[] bytes) {
        NioStream s = streams.get(streamId);
        if (s != null) {
            s.write(bytes);
        }
    }

    @Override
    public void closeStream(long streamId, boolean abort) {
        NioStream s = streams.get(streamId);
        if (s != null) {
            s.close(abort);
        }
    }

    void streamEnded(NioStream s) {
        streams.remove(s.id, s);
    }

    TransportReceiver receiver() {
        return receiver;
    }

    /** The read buffer of this transport's streams: the loop's, shared (loop thread only). */
    byte[] readBuffer() {
        return loop.streamReadBuffer(STREAM_READ_BUFFER);
    }

    /** Open stream count (inbound and outbound). */
    public int openStreams() {
        return streams.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (NioStream s : streams.values().toArray(new NioStream[0])) {
            s.close(true);
        }
        streams.clear();
        if (loop != null && loop.inLoop()) {
            if (udp != null) {
                loop.closeNow(udp);
            }
            if (tcp != null) {
                loop.closeNow(tcp);
            }
        } else {
            closeQuietly(udp);
            closeQuietly(tcp);
        }
    }
}
