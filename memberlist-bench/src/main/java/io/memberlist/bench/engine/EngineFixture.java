package io.memberlist.bench.engine;

import io.memberlist.Config;
import io.memberlist.Endpoint;
import io.memberlist.codec.Alive;
import io.memberlist.codec.Crc;
import io.memberlist.codec.Messages;
import io.memberlist.codec.PushNodeState;
import io.memberlist.codec.PushPull;
import io.memberlist.core.MemberEvent;
import io.memberlist.node.Node;
import io.memberlist.node.NodeIo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What every engine benchmark starts from: one production {@link Node} (real framing, handoff
 * queues, stream table) driven directly, its outputs going to a {@link NodeIo} that only counts,
 * and {@link #MEMBERS} peers it has learned through framed alive datagrams. The Go twin
 * ({@code interop/gopeer/enginebench.go}) builds the same cluster: the same names, addresses,
 * metadata, versions and incarnations.
 *
 * <p>Only the timers a benchmark wants ever run: push/pull, reconnect and the queue sampler are
 * off, gossip too unless asked for (a century apart), and the first probe is somewhere in the
 * next {@link #PROBE_INTERVAL} (Go has no other way to keep probing quiet without zeroing the
 * interval, which would also zero its suspicion timeouts).
 */
final class EngineFixture {
    /** Peers known to the node under test (it knows itself too: N = 1,001). */
    static final int MEMBERS = 1000;
    /** Incarnation of every peer when learned; from 2^24 on the encoding width never changes. */
    static final int INCARNATION0 = 1 << 24;
    static final byte[] VSN = {1, 5, 2, 0, 0, 0};
    static final Endpoint SELF = new Endpoint(new byte[] {10, 0, 0, 1}, 7946);
    /** The peer every datagram and stream comes from (gossip relays: any member may send). */
    static final Endpoint PEER = new Endpoint(new byte[] {10, 0, 0, 2}, 7946);
    static final Duration NEVER = Duration.ofDays(36_500);
    /** Suspicion timeouts scale with it: 4 × log10(1,001) × 24 h at least, so none expires here. */
    static final Duration PROBE_INTERVAL = Duration.ofHours(24);

    final CountingIo io = new CountingIo();
    final Node node;
    long now = 1_000_000_000L;

    private static final String[] NAMES = new String[MEMBERS];

    static {
        for (int i = 0; i < MEMBERS; i++) {
            NAMES[i] = String.format("node-%04d.dc1.example", i);
        }
    }

    /** Members' names: {@code node-0000.dc1.example} .. (21 bytes, as in CodecBenchmark). */
    static String name(int i) {
        return NAMES[i];
    }

    static byte[] addr(int i) {
        return new byte[] {10, 1, (byte) (i >> 8), (byte) i};
    }

    /** 4 bytes of metadata: the benchmarks change it with every alive (see AliveBenchmark). */
    static byte[] meta(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /** The benchmarks' configuration: LAN defaults without compression, every periodic task off. */
    static Config.Builder config() {
        return Config.lan().name("bench").bindAddr("10.0.0.1").advertiseAddr("10.0.0.1").advertisePort(7946)
                .enableCompression(false)
                .probeInterval(PROBE_INTERVAL).gossipInterval(NEVER).pushPullInterval(Duration.ZERO)
                .reconnectInterval(Duration.ZERO).queueCheckInterval(Duration.ZERO)
                .syncAfterGossipWave(false);
    }

    EngineFixture(Config config, boolean learn) {
        node = new Node(config, SELF, new SplittableRandom(7), new SplittableRandom(11), io, now, false);
        node.start(now, 1_700_000_000L); // the first incarnation: a wall clock in seconds
        if (learn) {
            for (int i = 0; i < MEMBERS; i++) {
                deliver(Crc.add(Messages.encode(alive(i, INCARNATION0, 0))));
            }
            if (node.members().size() != MEMBERS + 1) {
                throw new IllegalStateException("learned " + node.members().size() + " members");
            }
        }
    }

    static Alive alive(int i, int incarnation, int meta) {
        return new Alive(Integer.toUnsignedLong(incarnation), name(i), addr(i), 7946, meta(meta), VSN);
    }

    /** One datagram through the node as a driver hands it over: a read batch of one. */
    void deliver(byte[] datagram) {
        node.onDatagram(now, PEER, datagram);
        node.onDatagramBatchEnd(now);
    }

    /** The 1,000 peers as a push/pull sends them, all alive at {@code incarnation}. */
    static PushPull pushPull(int incarnation) {
        List<PushNodeState> states = new ArrayList<>(MEMBERS);
        for (int i = 0; i < MEMBERS; i++) {
            states.add(new PushNodeState(name(i), addr(i), 7946, meta(0), Integer.toUnsignedLong(incarnation), 0, VSN));
        }
        return new PushPull(false, states, null);
    }

    /** Outputs, counted and dropped. */
    static final class CountingIo implements NodeIo {
        long datagrams;
        long datagramBytes;
        long streamBytes;
        long closes;
        long events;

        @Override
        public void sendDatagram(Endpoint to, String toNode, byte[] datagram) {
            datagrams++;
            datagramBytes += datagram.length;
        }

        @Override
        public void openStream(long streamId, Endpoint to, String toNode) {}

        @Override
        public void writeStream(long streamId, byte[] bytes) {
            streamBytes += bytes.length;
        }

        @Override
        public void closeStream(long streamId, boolean abort) {
            closes++;
        }

        @Override
        public void event(MemberEvent event) {
            events++;
        }
    }
}
