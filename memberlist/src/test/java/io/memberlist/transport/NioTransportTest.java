package io.memberlist.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memberlist.Endpoint;
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

    /**
     * Records packets and stream events; as a listener, echoes the first 4 bytes reversed and
     * closes; as a dialer, records what it reads.
     */
    static final class Recorder implements TransportReceiver {
        final List<byte[]> packets = new CopyOnWriteArrayList<>();
        final List<String> batches = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        NioTransport self;
        private final java.util.Map<Long, java.io.ByteArrayOutputStream> in = new java.util.HashMap<>();
        private long next = 1000;

        @Override
        public void onPacket(long now, Endpoint from, byte[] datagram) {
            packets.add(datagram);
        }

        @Override
        public void onPacketBatchEnd(long now) {
            batches.add("end");
        }

        @Override
        public long onStreamAccepted(long now, Endpoint from) {
            long id = next++;
            in.put(id, new java.io.ByteArrayOutputStream());
            return id;
        }

        @Override
        public void onStreamConnected(long now, long id) {
            events.add("connected " + id);
        }

        @Override
        public void onStreamBytes(long now, long id, byte[] buf, int off, int len) {
            java.io.ByteArrayOutputStream b = in.computeIfAbsent(id, k -> new java.io.ByteArrayOutputStream());
            b.write(buf, off, len);
            byte[] got = b.toByteArray();
            if (id >= 1000 && got.length == 4) {
                self.writeStream(id, new byte[] {got[3], got[2], got[1], got[0]});
                self.closeStream(id, false);
            } else if (id < 1000 && got.length == 4) {
                events.add("reply " + got[0] + got[1] + got[2] + got[3]);
            }
        }

        @Override
        public void onStreamEof(long now, long id) {
            events.add("eof " + id);
        }

        @Override
        public void onStreamClosed(long now, long id, String error) {
            events.add("closed " + id + (error == null ? "" : " " + error));
        }
    }

    private NioTransport start(EventLoop loop, Recorder r) throws Exception {
        NioTransport t = new NioTransport("127.0.0.1", 0, null, 0);
        r.self = t;
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

        loop.execute(() -> a.sendPacket(b.advertise(), null, new byte[] {1, 2, 3}));
        await().atMost(Duration.ofSeconds(5)).until(() -> rb.packets.size() == 1);
        assertThat(rb.packets.get(0)).containsExactly(1, 2, 3);
        assertThat(rb.batches).isNotEmpty();

        loop.execute(() -> {
            a.openStream(7, b.advertise(), "b");
            a.writeStream(7, new byte[] {1, 2, 3, 4});
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> ra.events.contains("eof 7"));
        assertThat(ra.events).containsSubsequence("connected 7", "reply 4321", "eof 7");
        assertThat(rb.events).contains("closed 1000"); // the listener's graceful close, flushed
        loop.execute(() -> a.closeStream(7, true));
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
        int free;
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            free = ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
        Recorder ra = new Recorder();
        NioTransport a = start(loop, ra);
        Endpoint to = new Endpoint(new byte[] {127, 0, 0, 1}, free);
        loop.execute(() -> {
            a.openStream(3, to, null);
            a.writeStream(3, new byte[] {1});
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> ra.events.stream().anyMatch(e -> e.startsWith("closed 3 ")));
        assertThat(ra.events).noneMatch(e -> e.startsWith("connected"));
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
