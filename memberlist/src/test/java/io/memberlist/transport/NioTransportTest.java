package io.memberlist.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memberlist.core.Endpoint;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NioTransportTest {
    private final EventLoopGroup group = new EventLoopGroup(1);

    @AfterEach
    void tearDown() {
        group.close();
    }

    /** Records packets; serves streams by echoing the request reversed. */
    static final class Recorder implements TransportReceiver {
        final List<byte[]> packets = new CopyOnWriteArrayList<>();
        final List<String> batches = new CopyOnWriteArrayList<>();

        @Override
        public void onPacket(long now, Endpoint from, byte[] datagram) {
            packets.add(datagram);
        }

        @Override
        public void onPacketBatchEnd(long now) {
            batches.add("end");
        }

        @Override
        public StreamSession onAccept(long now, Endpoint from) {
            return new StreamSession() {
                @Override
                public Step start(long n) {
                    return Step.NEED_MORE;
                }

                @Override
                public Step onInput(long n, byte[] buf, int len, boolean eof) {
                    if (len < 4) {
                        return Step.NEED_MORE;
                    }
                    return new Step.Write(new byte[] {buf[3], buf[2], buf[1], buf[0]}, false);
                }

                @Override
                public void onWritten(long n) {}

                @Override
                public void onFailure(long n, String reason) {}

                @Override
                public int maxInputBytes() {
                    return 1024;
                }
            };
        }

        @Override
        public long inboundStreamTimeoutNanos() {
            return TimeUnit.SECONDS.toNanos(2);
        }
    }

    private NioTransport start(EventLoop loop, Recorder r) throws Exception {
        NioTransport t = new NioTransport("127.0.0.1", 0, null, 0);
        Endpoint adv = loop.submit(() -> t.start(loop, r)).get(5, TimeUnit.SECONDS);
        assertThat(adv.port()).isEqualTo(t.boundPort()).isPositive();
        assertThat(adv.ip()).containsExactly(127, 0, 0, 1);
        return t;
    }

    @Test
    void datagramsAndStreamsOnOnePort() throws Exception {
        EventLoop loop = group.next();
        Recorder ra = new Recorder();
        Recorder rb = new Recorder();
        NioTransport a = start(loop, ra);
        NioTransport b = start(loop, rb);

        loop.execute(() -> a.sendPacket(b.advertise(), new byte[] {1, 2, 3}));
        await().atMost(Duration.ofSeconds(5)).until(() -> rb.packets.size() == 1);
        assertThat(rb.packets.get(0)).containsExactly(1, 2, 3);
        assertThat(rb.batches).isNotEmpty();

        List<String> outcome = new CopyOnWriteArrayList<>();
        loop.execute(() -> a.openStream(b.advertise(), loop.now() + TimeUnit.SECONDS.toNanos(2),
                new StreamSession() {
                    @Override
                    public Step start(long now) {
                        return new Step.Write(new byte[] {1, 2, 3, 4}, true);
                    }

                    @Override
                    public Step onInput(long now, byte[] buf, int len, boolean eof) {
                        if (len < 4) {
                            return Step.NEED_MORE;
                        }
                        outcome.add("reply " + buf[0] + buf[1] + buf[2] + buf[3]);
                        return Step.CLOSE;
                    }

                    @Override
                    public void onWritten(long now) {
                        outcome.add("written");
                    }

                    @Override
                    public void onFailure(long now, String reason) {
                        outcome.add("failed " + reason);
                    }

                    @Override
                    public int maxInputBytes() {
                        return 1024;
                    }
                }));
        await().atMost(Duration.ofSeconds(5)).until(() -> !outcome.isEmpty());
        assertThat(outcome).containsExactly("reply 4321");
        await().atMost(Duration.ofSeconds(5)).until(() -> loop.submit(() -> a.openStreams() + b.openStreams()).get() == 0);

        int port = b.boundPort();
        loop.submit(() -> {
            b.close();
            a.close();
            return null;
        }).get(5, TimeUnit.SECONDS);
        // Both protocols' ports are free again right after close.
        try (ServerSocketChannel s = ServerSocketChannel.open();
                DatagramChannel d = DatagramChannel.open()) {
            s.bind(new InetSocketAddress("127.0.0.1", port));
            d.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    @Test
    void streamToClosedPortFails() throws Exception {
        EventLoop loop = group.next();
        NioTransport a = start(loop, new Recorder());
        int free;
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            free = ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
        List<String> outcome = new CopyOnWriteArrayList<>();
        Endpoint to = new Endpoint(new byte[] {127, 0, 0, 1}, free);
        loop.execute(() -> a.openStream(to, loop.now() + TimeUnit.SECONDS.toNanos(2), new StreamSession() {
            @Override
            public Step start(long now) {
                return new Step.Write(new byte[] {1}, true);
            }

            @Override
            public Step onInput(long now, byte[] buf, int len, boolean eof) {
                return Step.CLOSE;
            }

            @Override
            public void onWritten(long now) {}

            @Override
            public void onFailure(long now, String reason) {
                outcome.add(reason);
            }

            @Override
            public int maxInputBytes() {
                return 16;
            }
        }));
        await().atMost(Duration.ofSeconds(5)).until(() -> !outcome.isEmpty());
        loop.execute(a::close);
    }

    @Test
    void wildcardBindAdvertisesAConcreteAddress() throws Exception {
        EventLoop loop = group.next();
        NioTransport t = new NioTransport("0.0.0.0", 0, null, 0);
        Endpoint adv = loop.submit(() -> t.start(loop, new Recorder())).get(5, TimeUnit.SECONDS);
        assertThat(adv.ip()).hasSize(4);
        assertThat(adv.ip()).isNotEqualTo(new byte[4]);
        loop.submit(() -> {
            t.close();
            return null;
        }).get();
    }
}
