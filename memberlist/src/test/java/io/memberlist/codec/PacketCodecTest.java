package io.memberlist.codec;

import static io.memberlist.codec.CodecAssertions.rejects;
import static io.memberlist.codec.TestBytes.fixedNonce;
import static io.memberlist.codec.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.codec.CodecException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class PacketCodecTest {
    static final String ALIVE_B = "0486a441646472a47f000001ab496e6361726e6174696f6e01a44d657461c0a44e6f6465a162"
            + "a4506f7274cd461ba356736ea6010502000000";
    static final String ALIVE_A = "0486a441646472a47f000001ab496e6361726e6174696f6e01a44d657461c0a44e6f6465a161"
            + "a4506f7274cd461aa356736ea6010502000000";
    static final String CAPTURED = "f4036c626c" + "0c7de54236" + "0702" + "0039" + "0039" + ALIVE_B + ALIVE_A;
    static final String ACK = "0282a75061796c6f6164c0a55365714e6f01";
    static final byte[] PING = hex("0082a44e6f6465a16ea55365714e6f01");
    static final RandomGenerator RANDOM = new SplittableRandom(42);

    static PacketCodec codec(String label, Keyring ring) {
        return new PacketCodec(CodecOptions.builder().label(label).keyring(ring).build());
    }

    @Test
    void decodesTheCapturedGoPacket() throws CodecException {
        byte[] datagram = hex(CAPTURED);
        PacketCodec.Decoded d = codec("lbl", null).decode(datagram, datagram.length);
        assertThat(d.messages()).containsExactly(hex(ALIVE_B), hex(ALIVE_A));
        assertThat(d.crcPresent()).isTrue();
        assertThat(d.label()).isEqualTo("lbl");
        assertThat(d.dropped()).isZero();
    }

    @Test
    void encodesTheCapturedGoPacketByteForByte() {
        PacketCodec codec = new PacketCodec(CodecOptions.builder().label("lbl").compression(false).build());
        byte[] compound = Compound.encode(List.of(hex(ALIVE_B), hex(ALIVE_A)));
        assertThat(hex(codec.encode(compound, true, RANDOM))).isEqualTo(CAPTURED);
        assertThat(hex(codec.encode(hex(ACK), false, RANDOM))).isEqualTo("f4036c626c" + ACK);
        // With compression on, the ack stays as is: compressing it would not make it smaller.
        assertThat(hex(codec("lbl", null).encode(hex(ACK), false, RANDOM))).isEqualTo("f4036c626c" + ACK);
    }

    @Test
    void compressesOnlyWhenSmaller() throws CodecException {
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            parts.add(hex(ALIVE_A));
        }
        byte[] compound = Compound.encode(parts);
        PacketCodec codec = codec("", null);
        byte[] out = codec.encode(compound, false, RANDOM);
        assertThat(out[0]).isEqualTo((byte) MessageType.COMPRESS);
        assertThat(out.length).isLessThan(compound.length);
        PacketCodec.Decoded d = codec.decode(out, out.length);
        assertThat(d.messages()).hasSize(10).allSatisfy(m -> assertThat(m).isEqualTo(hex(ALIVE_A)));
        assertThat(d.crcPresent()).isFalse();
    }

    @Test
    void fullPipelineRoundTripsWithEveryLayer() throws CodecException {
        Keyring ring = Keyring.of(EncryptionTest.KEY);
        PacketCodec codec = codec("lbl", ring);
        byte[] compound = Compound.encode(List.of(hex(ALIVE_A), hex(ALIVE_B), hex(ALIVE_A)));
        byte[] out = codec.encode(compound, true, RANDOM);
        assertThat(hex(out)).startsWith("f4036c626c01");
        PacketCodec.Decoded d = codec.decode(out, out.length);
        assertThat(d.messages()).containsExactly(hex(ALIVE_A), hex(ALIVE_B), hex(ALIVE_A));
        assertThat(d.crcPresent()).isTrue();
        // a datagram buffer larger than the datagram
        byte[] buffer = java.util.Arrays.copyOf(out, 65536);
        assertThat(codec.decode(buffer, out.length).messages()).hasSize(3);
        // another cluster's label, or no label, is refused
        rejects(Kind.UNSUPPORTED, () -> codec("other", ring).decode(out, out.length));
        rejects(Kind.UNSUPPORTED, () -> codec("", ring).decode(out, out.length));
    }

    @Test
    void encryptionVersion0FromProtocolVersion1() throws CodecException {
        Keyring ring = Keyring.of(EncryptionTest.KEY);
        PacketCodec v0 = new PacketCodec(CodecOptions.builder().keyring(ring).protocolVersion(1).build());
        byte[] out = v0.encode(PING, false, fixedNonce(EncryptionTest.NONCE));
        assertThat(hex(out)).isEqualTo(hex(Encryption.encrypt(0, EncryptionTest.KEY, PING, new byte[0],
                fixedNonce(EncryptionTest.NONCE))));
        // a version-1 node reads version 0
        assertThat(codec("", ring).decode(out, out.length).messages()).containsExactly(PING);
    }

    @Test
    void verifyIncomingDecidesAboutPlaintextPackets() throws CodecException {
        Keyring ring = Keyring.of(EncryptionTest.KEY);
        byte[] plain = codec("", null).encode(PING, true, RANDOM);
        rejects(() -> codec("", ring).decode(plain, plain.length));
        PacketCodec migrating = new PacketCodec(CodecOptions.builder().keyring(ring).verifyIncoming(false).build());
        assertThat(migrating.decode(plain, plain.length).messages()).containsExactly(PING);
        // verifyOutgoing=false sends in clear even with keys
        PacketCodec clear = new PacketCodec(CodecOptions.builder().keyring(ring).verifyOutgoing(false).build());
        assertThat(clear.encode(PING, false, RANDOM)).isEqualTo(PING);
    }

    @Test
    void skipInboundLabelCheckAssumesTheConfiguredLabel() throws CodecException {
        Keyring ring = Keyring.of(EncryptionTest.KEY);
        PacketCodec sender = codec("lbl", ring);
        byte[] labelled = sender.encode(PING, false, RANDOM);
        byte[] withoutHeader = java.util.Arrays.copyOfRange(labelled, 5, labelled.length);
        PacketCodec skipping = new PacketCodec(CodecOptions.builder().label("lbl").keyring(ring)
                .skipInboundLabelCheck(true).build());
        PacketCodec.Decoded d = skipping.decode(withoutHeader, withoutHeader.length);
        assertThat(d.messages()).containsExactly(PING);
        rejects(Kind.UNSUPPORTED, () -> skipping.decode(labelled, labelled.length));
    }

    @Test
    void keepsTheGoodPartsOfABadPacketAndNamesEachDrop() throws CodecException {
        byte[] user = hex("08ff");
        byte[] crcInside = Crc.add(PING);
        byte[] unknownType = hex("0a0b");
        byte[] brokenAlive = hex("0481a4506f7274a1ff"); // Port is a string
        byte[] outer = Compound.encode(List.of(PING, hex(ALIVE_A), crcInside, unknownType,
                brokenAlive, user, hex(ALIVE_B)));
        byte[] cut = java.util.Arrays.copyOf(outer, outer.length - 1); // last part cut off
        PacketCodec.Decoded d = codec("", null).decode(cut, cut.length);
        assertThat(d.messages()).containsExactly(PING, hex(ALIVE_A), user);
        assertThat(d.decoded()).hasSize(3);
        assertThat(d.decoded().get(0)).isInstanceOf(Ping.class);
        assertThat(d.decoded().get(2)).isEqualTo(new UserMessage(hex("ff")));
        assertThat(d.dropped()).isEqualTo(4);
        assertThat(d.dropped(DropReason.UNKNOWN_TYPE)).isEqualTo(2);
        assertThat(d.dropped(DropReason.MALFORMED)).isEqualTo(1);
        assertThat(d.dropped(DropReason.TRUNCATED)).isEqualTo(1);
        assertThat(d.drops()).allSatisfy(x -> assertThat(x.cause().dropReason()).isEqualTo(x.reason()));
    }

    @Test
    void acceptsEveryShapeALegitimateSenderProduces() throws CodecException {
        PacketCodec codec = codec("", null);
        byte[] compound = Compound.encode(List.of(PING, hex(ALIVE_A), hex(ALIVE_B)));
        for (byte[] body : List.of(PING, compound, Compression.compress(PING), Compression.compress(compound))) {
            PacketCodec.Decoded d = codec.decode(body, body.length);
            assertThat(d.dropped()).isZero();
            assertThat(d.messages()).isNotEmpty();
        }
    }

    @Test
    void refusesNestingNoLegitimateSenderProduces() throws CodecException {
        byte[] compound = Compound.encode(List.of(hex(ALIVE_A), hex(ALIVE_B)));
        byte[] compoundInCompound = Compound.encode(List.of(hex(ALIVE_A), compound));
        byte[] compressInCompound = Compound.encode(List.of(hex(ALIVE_A), Compression.compress(PING)));
        byte[] compressInCompress = Compression.compress(Compression.compress(compound));
        byte[] compressedNesting = Compression.compress(compoundInCompound);
        PacketCodec codec = codec("", null);
        for (byte[] body : List.of(compoundInCompound, compressInCompound, compressedNesting)) {
            PacketCodec.Decoded d = codec.decode(body, body.length);
            assertThat(d.messages()).containsExactly(hex(ALIVE_A));
            assertThat(d.dropped(DropReason.OVER_LIMIT)).isEqualTo(1);
            assertThat(d.dropped()).isEqualTo(1);
        }
        PacketCodec.Decoded d = codec.decode(compressInCompress, compressInCompress.length);
        assertThat(d.messages()).isEmpty();
        assertThat(d.dropped(DropReason.OVER_LIMIT)).isEqualTo(1);
    }

    @Test
    void atMostOnePingPerDatagram() throws CodecException {
        byte[] indirect = Messages.encode(new IndirectPingReq(7, hex("7f000001"), 7946, "t", true,
                hex("7f000002"), 7946, "s"));
        byte[] body = Compound.encode(List.of(PING, hex(ALIVE_A), PING, indirect, hex(ALIVE_B)));
        PacketCodec.Decoded d = codec("", null).decode(body, body.length);
        assertThat(d.messages()).containsExactly(PING, hex(ALIVE_A), hex(ALIVE_B));
        assertThat(d.dropped(DropReason.OVER_LIMIT)).isEqualTo(2);
        byte[] indirectFirst = Compound.encode(List.of(indirect, PING));
        assertThat(codec("", null).decode(indirectFirst, indirectFirst.length).messages())
                .containsExactly(indirect);
    }

    @Test
    void wholeDatagramDropsCarryTheirLayer() {
        Keyring ring = Keyring.of(EncryptionTest.KEY);
        byte[] labelled = codec("lbl", null).encode(PING, false, RANDOM);
        assertThat(reason(codec("other", null), labelled)).isEqualTo(DropReason.LABEL);
        assertThat(reason(codec("", null), hex("f4"))).isEqualTo(DropReason.LABEL);
        byte[] plain = codec("", null).encode(PING, false, RANDOM);
        assertThat(reason(codec("", ring), plain)).isEqualTo(DropReason.AUTH);
        byte[] badCrc = Crc.add(PING);
        badCrc[badCrc.length - 1] ^= 1;
        assertThat(reason(codec("", null), badCrc)).isEqualTo(DropReason.CRC);
        assertThat(reason(codec("", null), hex("0c0102"))).isEqualTo(DropReason.CRC);
        assertThat(reason(codec("", null), new byte[0])).isEqualTo(DropReason.MALFORMED);
    }

    private static DropReason reason(PacketCodec codec, byte[] datagram) {
        try {
            codec.decode(datagram, datagram.length);
        } catch (CodecException e) {
            return e.dropReason();
        }
        throw new AssertionError("not dropped");
    }

    @Test
    void sizeBudgetOverheads() {
        assertThat(PacketCodec.labelOverhead(CodecOptions.builder().label("lbl").build())).isEqualTo(5);
        assertThat(PacketCodec.labelOverhead(CodecOptions.defaults())).isZero();
        assertThat(PacketCodec.encryptionOverhead(1)).isEqualTo(29);
        assertThat(PacketCodec.encryptionOverhead(0)).isEqualTo(45);
    }
}
