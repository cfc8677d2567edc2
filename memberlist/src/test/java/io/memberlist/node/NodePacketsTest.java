package io.memberlist.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Endpoint;
import io.memberlist.Member;
import io.memberlist.RecordingMetrics;
import io.memberlist.codec.AckResp;
import io.memberlist.codec.Alive;
import io.memberlist.codec.CodecException;
import io.memberlist.codec.CodecOptions;
import io.memberlist.codec.Compound;
import io.memberlist.codec.Compression;
import io.memberlist.codec.Crc;
import io.memberlist.codec.Messages;
import io.memberlist.codec.PacketCodec;
import io.memberlist.codec.Ping;
import io.memberlist.codec.PushPull;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The datagram side of {@link Node} through a {@link FakeIo}: every drop rule with the exact
 * {@code memberlist.packet.dropped{reason}} count (one per dropped datagram or leaf), and the
 * receive handoff of PROTOCOL.md §4.3.
 */
class NodePacketsTest {
    static final String DROPPED = Node.PACKETS_DROPPED;
    static final Endpoint PEER = new Endpoint(new byte[] {10, 0, 0, 9}, 7946);
    static final byte[] VSN = {1, 5, 2, 0, 0, 0};

    private final FakeIo io = new FakeIo();
    private final RecordingMetrics metrics = new RecordingMetrics();

    private Node node(Config.Builder cfg) {
        return FakeIo.node(cfg.metrics(metrics), NodeLimits.defaults(java.time.Duration.ofSeconds(10)), io);
    }

    private static byte[] ping() {
        return Messages.encode(new Ping(3, "a", null, 0, ""));
    }

    private static byte[] alive(String name) {
        return Messages.encode(new Alive(1, name, new byte[] {10, 0, 0, 20}, 7946, null, VSN));
    }

    /** The drop counter's totals by reason. */
    private Map<String, Long> drops() {
        return FakeIo.byReason(metrics, DROPPED);
    }

    /** A counter's total. */
    private long total(String name) {
        return (long) metrics.total(name);
    }

    @Test
    void everyDropRuleIsCountedOncePerLostMessage() throws CodecException {
        Node n = node(Config.lan());
        n.onDatagram(0, PEER, new byte[0]); // malformed: empty
        byte[] labelled = new PacketCodec(CodecOptions.builder().label("west").build())
                .encode(ping(), false, new SplittableRandom(1));
        n.onDatagram(0, PEER, labelled); // label
        byte[] badCrc = Crc.add(ping());
        badCrc[2] ^= 1;
        n.onDatagram(0, PEER, badCrc); // crc
        // A compound of three parts whose length table promises more than the datagram holds.
        byte[] compound = Compound.encode(List.of(alive("x1"), alive("x2"), alive("x3")));
        byte[] cut = Arrays.copyOf(compound, compound.length - alive("x3").length - 3);
        n.onDatagram(0, PEER, cut); // truncated: two parts lost
        n.onDatagram(0, PEER, Compound.encode(List.of(ping(), ping()))); // over_limit: the second ping
        n.onDatagram(0, PEER, new byte[] {(byte) 200, 1, 2}); // unknown_type
        n.onDatagram(0, PEER, Messages.encodeStream(new PushPull(false, List.of(), null))); // stream only
        byte[] lzw = Compression.compress(Compound.encode(List.of(alive("y1"), alive("y2"))));
        Arrays.fill(lzw, lzw.length - 6, lzw.length, (byte) 0xff);
        n.onDatagram(0, PEER, lzw); // decompress
        n.onDatagramBatchEnd(0);
        assertThat(drops()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "malformed", 1L,
                "label", 1L,
                "crc", 1L,
                "truncated", 2L,
                "over_limit", 1L,
                "unknown_type", 2L,
                "decompress", 1L));
        assertThat(total(DROPPED)).isEqualTo(9);
        assertThat(total(Node.PACKETS_MALFORMED)).isEqualTo(8); // datagrams with a drop
        assertThat(n.malformedPackets()).isEqualTo(8);
        // What got through was handled: the first alive of the cut compound, the one ping.
        assertThat(n.members()).extracting(Member::name).containsExactlyInAnyOrder("a", "x1");
        assertThat(io.datagrams).hasSize(1);
        assertThat(total("memberlist.udp.received"))
                .isEqualTo(labelled.length + badCrc.length + cut.length + Compound.encode(List.of(ping(), ping())).length
                        + 3 + Messages.encodeStream(new PushPull(false, List.of(), null)).length + lzw.length);
    }

    @Test
    void plaintextIsAnAuthDropWhenKeysAreRequired() {
        Node n = node(Config.lan().secretKey("0123456789abcdef".getBytes()));
        n.onDatagram(0, PEER, ping());
        n.onDatagram(0, PEER, alive("x"));
        n.onDatagramBatchEnd(0);
        assertThat(drops()).containsExactly(Map.entry("auth", 2L));
        assertThat(io.datagrams).isEmpty();
        assertThat(n.members()).hasSize(1);
    }

    @Test
    void aGoodDatagramCountsNoDrop() {
        Node n = node(Config.lan());
        n.onDatagram(0, PEER, Compound.encode(List.of(ping(), alive("x"))));
        n.onDatagramBatchEnd(0);
        assertThat(total(DROPPED)).isZero();
        assertThat(total(Node.PACKETS_MALFORMED)).isZero();
        assertThat(io.datagrams).hasSize(1);
        assertThat(n.members()).hasSize(2);
    }

    @Test
    void queuedMessagesWaitForTheBatchEndAndAFullQueueDrops() {
        Node n = node(Config.lan().handoffQueueDepth(2));
        n.onDatagram(0, PEER, Compound.encode(List.of(ping(), alive("x1"), alive("x2"), alive("x3"))));
        // The ping is answered at once; the alives wait for the end of the read batch.
        assertThat(io.datagrams).hasSize(1);
        assertThat(n.members()).hasSize(1);
        assertThat(total(Node.HANDOFF_DROPPED)).isEqualTo(1);
        assertThat(n.handoffDrops()).isEqualTo(1);
        n.onDatagramBatchEnd(0);
        assertThat(n.members()).extracting(Member::name).containsExactlyInAnyOrder("a", "x1", "x2");
        assertThat(total(DROPPED)).isZero(); // a handoff drop is not a malformed packet
    }

    @Test
    void theAckGoesOutFramedByTheNode() throws CodecException {
        Node n = node(Config.lan());
        n.onDatagram(0, PEER, ping());
        assertThat(io.datagrams).singleElement().satisfies(d -> {
            assertThat(d.to()).isEqualTo(PEER);
            byte[] b = d.bytes();
            assertThat(new PacketCodec(CodecOptions.defaults()).decode(b, b.length).decoded())
                    .containsExactly(new AckResp(3, null));
        });
        assertThat(total("memberlist.udp.sent")).isEqualTo(io.datagrams.get(0).bytes().length);
    }
}
