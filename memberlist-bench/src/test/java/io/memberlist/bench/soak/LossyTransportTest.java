package io.memberlist.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.Endpoint;
import io.memberlist.transport.EventLoop;
import io.memberlist.transport.Transport;
import io.memberlist.transport.TransportReceiver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossyTransportTest {
    private static final Endpoint PEER = new Endpoint(new byte[] {127, 0, 0, 1}, 7946);
    private static final int DATAGRAMS = 100_000;

    /** Records what reaches the network, and hands the wrapped receiver to the test. */
    private static final class Recording implements Transport {
        final List<Integer> sent = new ArrayList<>();
        TransportReceiver receiver;

        @Override
        public Endpoint start(EventLoop loop, TransportReceiver r) {
            receiver = r;
            return PEER;
        }

        @Override
        public void sendPacket(Endpoint to, String toNode, byte[] datagram) {
            sent.add((int) datagram[0] & 0xff | ((datagram[1] & 0xff) << 8) | ((datagram[2] & 0xff) << 16));
        }

        @Override
        public void openStream(long streamId, Endpoint to, String toNode) {}

        @Override
        public void writeStream(long streamId, byte[] bytes) {}

        @Override
        public void closeStream(long streamId, boolean abort) {}

        @Override
        public int boundPort() {
            return 7946;
        }

        @Override
        public void close() {}
    }

    /** Counts the datagrams the node above would see. */
    private static final class Counting implements TransportReceiver {
        final List<Integer> received = new ArrayList<>();
        int batchEnds;

        @Override
        public void onPacket(long now, Endpoint from, byte[] d) {
            received.add((int) d[0] & 0xff | ((d[1] & 0xff) << 8) | ((d[2] & 0xff) << 16));
        }

        @Override
        public void onPacketBatchEnd(long now) {
            batchEnds++;
        }

        @Override
        public long onStreamAccepted(long now, Endpoint from) {
            return 1;
        }

        @Override
        public void onStreamConnected(long now, long streamId) {}

        @Override
        public void onStreamBytes(long now, long streamId, byte[] buf, int off, int len) {}

        @Override
        public void onStreamEof(long now, long streamId) {}

        @Override
        public void onStreamClosed(long now, long streamId, String error) {}
    }

    private static byte[] numbered(int i) {
        return new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)};
    }

    private static List<Integer> sendAll(double loss, long seed) {
        Recording net = new Recording();
        LossyTransport t = new LossyTransport(net, loss, seed);
        for (int i = 0; i < DATAGRAMS; i++) {
            t.sendPacket(PEER, "peer", numbered(i));
        }
        assertThat(t.sent.sum() + t.droppedOut.sum()).isEqualTo(DATAGRAMS);
        assertThat(t.sent.sum()).isEqualTo(net.sent.size());
        return net.sent;
    }

    @Test
    void dropsAboutTheConfiguredFractionOnTheWayOut() {
        int dropped = DATAGRAMS - sendAll(0.01, 42).size();
        // binomial(100000, 0.01): mean 1000, standard deviation 31.5; ±5 sd
        assertThat(dropped).isBetween(842, 1158);
    }

    @Test
    void dropsAboutTheConfiguredFractionOnTheWayInAndPassesTheRest() throws Exception {
        Recording net = new Recording();
        LossyTransport t = new LossyTransport(net, 0.05, 3);
        Counting node = new Counting();
        t.start(null, node);
        for (int i = 0; i < DATAGRAMS; i++) {
            net.receiver.onPacket(i, PEER, numbered(i));
        }
        net.receiver.onPacketBatchEnd(0);
        int dropped = DATAGRAMS - node.received.size();
        // binomial(100000, 0.05): mean 5000, standard deviation 68.9; ±5 sd
        assertThat(dropped).isBetween(4655, 5345);
        assertThat(t.droppedIn.sum()).isEqualTo(dropped);
        assertThat(node.received).isSorted().doesNotHaveDuplicates();
        assertThat(node.batchEnds).isEqualTo(1);
        assertThat(net.receiver.onStreamAccepted(0, PEER)).as("streams pass untouched").isEqualTo(1);
    }

    @Test
    void theSameSeedDropsTheSameDatagrams() {
        assertThat(sendAll(0.01, 7)).isEqualTo(sendAll(0.01, 7));
        assertThat(sendAll(0.01, 7)).isNotEqualTo(sendAll(0.01, 8));
    }

    @Test
    void noLossPassesEverything() {
        assertThat(sendAll(0, 1)).hasSize(DATAGRAMS);
    }

    @Test
    void rejectsALossOutsideZeroToOne() {
        assertThatThrownBy(() -> new LossyTransport(new Recording(), 1.0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LossyTransport(new Recording(), -0.1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LossyTransport(new Recording(), Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
