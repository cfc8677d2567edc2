package io.memberlist.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 rows on the packet path: a datagram costs bounded work and carries a bounded number of
 * messages, whatever it claims. The work bound itself is measured by {@link BombBench} (a command:
 * tests do not time).
 */
class HostilePacketTest {
    static final PacketCodec CODEC = new PacketCodec(CodecOptions.defaults());
    static final int MIB = 1024 * 1024;

    @Test
    void bombDatagramNeverDecompressesBeyondOneDatagram() throws CodecException {
        byte[] bomb = LzwBomb.compressMessage(40L * MIB);
        assertThat(bomb.length).isLessThan(22_000);
        // A valid LZW stream of 40 MiB: the stream path, whose bound is 40 MiB, takes it whole.
        assertThat(Compression.decompress(bomb, 0, bomb.length)).hasSize(40 * MIB);
        PacketCodec.Decoded d = CODEC.decode(bomb, bomb.length);
        assertThat(d.messages()).isEmpty();
        assertThat(d.dropped(DropReason.OVER_LIMIT)).isEqualTo(1);
        assertThat(d.dropped()).isEqualTo(1);
    }

    @Test
    void packetDecompressionLimitIsExactly64KiB() throws CodecException {
        byte[] atLimit = LzwBomb.compressMessage(Limits.MAX_PACKET_DECOMPRESSED_BYTES);
        PacketCodec.Decoded d = CODEC.decode(atLimit, atLimit.length);
        // 64 KiB of zeros decompress; they then are a ping with a broken body.
        assertThat(d.dropped(DropReason.MALFORMED)).isEqualTo(1);
        byte[] over = LzwBomb.compressMessage(Limits.MAX_PACKET_DECOMPRESSED_BYTES + 1);
        assertThat(CODEC.decode(over, over.length).dropped(DropReason.OVER_LIMIT)).isEqualTo(1);
    }

    @Test
    void largestLegitimatePacketPasses() throws CodecException {
        // Go sends at most 255 parts per compound (makeCompoundMessages), compressed when smaller.
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < Compound.MAX_PARTS; i++) {
            parts.add(Messages.encode(new Alive(i + 1, "node-" + i, new byte[] {10, 0, 0, (byte) i},
                    7946, new byte[180], Alive.vsn(1, 5, 2, 0, 0, 0))));
        }
        byte[] compound = Compound.encode(parts);
        assertThat(compound.length).isLessThanOrEqualTo(Limits.MAX_PACKET_DECOMPRESSED_BYTES);
        for (byte[] body : List.of(compound, Compression.compress(compound))) {
            PacketCodec.Decoded d = CODEC.decode(body, body.length);
            assertThat(d.messages()).hasSize(Limits.MAX_PACKET_LEAVES);
            assertThat(d.dropped()).isZero();
        }
    }

    @Test
    void nineteenThousandNestedPingsBecomeOne() throws CodecException {
        // The reflection packet of issue 9: compounds of compounds of pings naming a third party.
        byte[] ping = Messages.encode(new Ping(1, "", new byte[] {10, 9, 9, 9}, 7946, "victim"));
        List<byte[]> level1 = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            level1.add(ping);
        }
        byte[] c1 = Compound.encode(level1);
        List<byte[]> level2 = new ArrayList<>();
        for (int i = 0; i < 127; i++) {
            level2.add(c1);
        }
        byte[] body = Compound.encode(level2);
        byte[] datagram = Compression.compress(body);
        assertThat(datagram.length).isLessThan(Limits.MAX_DATAGRAM);
        PacketCodec.Decoded d = CODEC.decode(datagram, datagram.length);
        // The body is larger than a datagram: refused whole, before any ping is looked at.
        assertThat(body.length).isGreaterThan(Limits.MAX_PACKET_DECOMPRESSED_BYTES);
        assertThat(d.messages()).isEmpty();
        // Uncompressed and within a datagram, nesting is refused and the pings of one compound
        // are cut to the first.
        byte[] small = Compound.encode(List.of(Compound.encode(level1.subList(0, 20)),
                Compound.encode(level1.subList(0, 20))));
        PacketCodec.Decoded s = CODEC.decode(small, small.length);
        assertThat(s.messages()).isEmpty();
        assertThat(s.dropped(DropReason.OVER_LIMIT)).isEqualTo(2);
        byte[] flat = Compound.encode(level1);
        PacketCodec.Decoded f = CODEC.decode(flat, flat.length);
        assertThat(f.messages()).hasSize(1);
        assertThat(f.dropped(DropReason.OVER_LIMIT)).isEqualTo(149);
    }
}
