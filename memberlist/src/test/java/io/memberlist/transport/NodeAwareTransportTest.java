package io.memberlist.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memberlist.Config;
import io.memberlist.Endpoint;
import io.memberlist.Memberlist;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Go's NodeAwareTransport: a custom transport learns which member each datagram and stream is
 * for. Here a wrapper records the names the node hands it.
 */
class NodeAwareTransportTest {
    /** Passes everything on; records (kind, destination name) of each send. */
    static final class Recording implements Transport {
        final Transport inner;
        final List<String> sends = new CopyOnWriteArrayList<>();

        Recording(Transport inner) {
            this.inner = inner;
        }

        @Override
        public Endpoint start(EventLoop loop, TransportReceiver receiver) throws IOException {
            return inner.start(loop, receiver);
        }

        @Override
        public void sendPacket(Endpoint to, String toNode, byte[] datagram) {
            sends.add("udp " + toNode);
            inner.sendPacket(to, toNode, datagram);
        }

        @Override
        public void openStream(long streamId, Endpoint to, String toNode) {
            sends.add("tcp " + toNode);
            inner.openStream(streamId, to, toNode);
        }

        @Override
        public void writeStream(long streamId, byte[] bytes) {
            inner.writeStream(streamId, bytes);
        }

        @Override
        public void closeStream(long streamId, boolean abort) {
            inner.closeStream(streamId, abort);
        }

        @Override
        public int boundPort() {
            return inner.boundPort();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void everySendToAKnownMemberCarriesItsName() throws Exception {
        InMemoryNetwork net = new InMemoryNetwork();
        try (EventLoopGroup group = new EventLoopGroup(1, "aware")) {
            Recording rec = new Recording(net.newTransport());
            try (Memberlist a = Memberlist.create(Config.local().name("a").build(), group, rec);
                    Memberlist b = Memberlist.create(Config.local().name("b").build(), group, net.newTransport())) {
                // A join knows only an address: no name yet.
                assertThat(a.join("127.0.0.1:" + b.port())).isEqualTo(1);
                assertThat(rec.sends).first().isEqualTo("tcp "); // as Go: an empty name
                // Once b is a member, probes, gossip and messages to it carry its name.
                a.sendReliable("b", "hi".getBytes(StandardCharsets.UTF_8));
                assertThat(a.sendBestEffort("b", "hi".getBytes(StandardCharsets.UTF_8))).isTrue();
                await().atMost(Duration.ofSeconds(10)).until(() -> rec.sends.contains("udp b"));
                assertThat(rec.sends).contains("tcp b");
                List<String> seen = List.copyOf(rec.sends); // a snapshot: the loop keeps appending
                assertThat(seen.subList(1, seen.size())).allMatch(s -> s.endsWith(" b"));
            }
        }
    }
}
