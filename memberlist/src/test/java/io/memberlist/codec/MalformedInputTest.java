package io.memberlist.codec;

import static io.memberlist.codec.CodecAssertions.rejects;
import static io.memberlist.codec.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.codec.CodecException.Kind;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PROTOCOL.md §16.3 items 1–6 and the §16.2 fixes on the framing layers: each hostile input is
 * refused with a {@link CodecException} (whole datagram) or counted as dropped (one part), and
 * nothing else ever escapes.
 */
class MalformedInputTest {
    private static final byte[] KEY = EncryptionTest.KEY;
    private static final String PING = "0082a44e6f6465a16ea55365714e6f01";

    private static PacketCodec plain(String label) {
        return new PacketCodec(CodecOptions.builder().label(label).build());
    }

    private static PacketCodec encrypted() {
        return new PacketCodec(CodecOptions.builder().keyring(Keyring.of(KEY)).build());
    }

    /** Datagrams the packet path must drop whole: (description, codec, hex, kind). */
    static Stream<Arguments> droppedDatagrams() {
        byte[] goodV1 = Encryption.encrypt(1, KEY, hex(PING), new byte[0], new SplittableRandom(1));
        byte[] tampered = goodV1.clone();
        tampered[tampered.length - 1] ^= 1;
        return Stream.of(
                // 1. empty datagram; empty after label; empty after CRC
                Arguments.of("1: empty datagram", plain(""), "", Kind.MALFORMED),
                Arguments.of("1: nothing after label", plain("lbl"), "f4036c626c", Kind.MALFORMED),
                Arguments.of("1: nothing after CRC", plain(""), "0c00000000", Kind.MALFORMED),
                // 2. label header
                Arguments.of("2: 244 without size", plain("lbl"), "f4", Kind.TRUNCATED),
                Arguments.of("2: size 0", plain("lbl"), "f400" + PING, Kind.MALFORMED),
                Arguments.of("2: short label", plain("lbl"), "f4056c626c", Kind.TRUNCATED),
                Arguments.of("2: other label", plain("lbl"), "f4036c6263" + PING, Kind.UNSUPPORTED),
                Arguments.of("2: label where none configured", plain(""), "f4036c626c" + PING, Kind.UNSUPPORTED),
                Arguments.of("2: label while check skipped",
                        new PacketCodec(CodecOptions.builder().label("lbl").skipInboundLabelCheck(true).build()),
                        "f4036c626c" + PING, Kind.UNSUPPORTED),
                // 3. encryption
                Arguments.of("3: version 2", encrypted(), "02" + "00".repeat(40), Kind.UNSUPPORTED),
                Arguments.of("3: v1 shorter than 29", encrypted(), "01" + "00".repeat(27), Kind.MALFORMED),
                Arguments.of("3: v0 shorter than 45", encrypted(), "00" + "00".repeat(43), Kind.MALFORMED),
                Arguments.of("3: no key authenticates", encrypted(), hex(tampered), Kind.AUTHENTICATION),
                // 4. CRC
                Arguments.of("4: mismatch", plain(""), "0c536f2cf5" + PING, Kind.MALFORMED),
                Arguments.of("4: 12 with fewer than 5 bytes", plain(""), "0c536f2c", Kind.TRUNCATED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("droppedDatagrams")
    void packetIsDroppedWhole(String what, PacketCodec codec, String datagram, Kind kind) {
        byte[] in = hex(datagram);
        rejects(kind, () -> codec.decode(in, in.length));
    }

    @Test
    void item3_version0PaddingOutOfRange() {
        Keyring ring = Keyring.of(KEY);
        for (int pad : new int[] {0, 17, 255}) {
            byte[] block = new byte[32];
            block[31] = (byte) pad;
            byte[] out = Encryption.encrypt(1, KEY, block, new byte[0], new SplittableRandom(pad));
            out[0] = 0; // the version byte is not authenticated
            rejects(Kind.MALFORMED, () -> Encryption.decrypt(ring, out, 0, out.length, new byte[0]));
        }
    }

    /** Bodies where the packet survives but the broken message is counted: (what, hex, leaves, dropped). */
    static Stream<Arguments> droppedParts() {
        return Stream.of(
                Arguments.of("1: zero-length compound part", "070200000010" + PING, List.of(PING), 1),
                Arguments.of("5: no count byte", "07", List.of(), 1),
                Arguments.of("5: truncated length table", "0702001000", List.of(), 1),
                Arguments.of("5: part longer than the rest", "0702001000ff" + PING, List.of(PING), 1),
                Arguments.of("5/16.2 7a84acf: count 200 treated unsigned", "07c8" + "0010".repeat(10), List.of(), 1),
                Arguments.of("5: count 255 all present", "07ff" + "0001".repeat(255) + "08".repeat(255),
                        java.util.Collections.nCopies(255, "08"), 0),
                Arguments.of("6: Algo 1", "0982a4416c676f01a3427566a400c30404", List.of(), 1),
                Arguments.of("6: malformed msgpack", "09c1", List.of(), 1),
                Arguments.of("6: truncated msgpack", "0982a4416c676f00a3427566a400c304", List.of(), 1),
                Arguments.of("6: LZW code above next", "0982a4416c676f00a3427566a3" + hex(LzwTest.bits9(256, 300, 257)),
                        List.of(), 1),
                Arguments.of("6: LZW without EOF", "0982a4416c676f00a3427566a200c3", List.of(), 1),
                Arguments.of("6/16.2 45d05f1: empty output", "0982a4416c676f00a3427566a3000302", List.of(), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("droppedParts")
    void brokenMessageIsCountedNotThrown(String what, String body, List<String> leaves, int dropped)
            throws CodecException {
        byte[] in = hex(body);
        PacketCodec.Decoded d = plain("").decode(in, in.length);
        assertThat(d.messages()).map(TestBytes::hex).containsExactlyElementsOf(leaves);
        assertThat(d.dropped()).isEqualTo(dropped);
        assertThat(d.problems()).hasSizeLessThanOrEqualTo(Math.max(1, dropped));
    }

    @Test
    void fix7de15ac_decompressionBombIsCapped() throws CodecException {
        byte[] zeros = new byte[Limits.MAX_DECOMPRESSED_BYTES + 1];
        byte[] bomb = Compression.compress(zeros);
        assertThat(bomb.length).isLessThan(Limits.MAX_DATAGRAM * 2);
        rejects(Kind.OVER_LIMIT, () -> Compression.decompress(bomb, 0, bomb.length));
        // On the packet path the bomb is one dropped message.
        PacketCodec.Decoded d = plain("").decode(bomb, bomb.length);
        assertThat(d.messages()).isEmpty();
        assertThat(d.problems()).extracting(CodecException::kind).containsExactly(Kind.OVER_LIMIT);
    }

    @Test
    void fixdefd4ba_streamCompressDecompressingToNothing() {
        StreamCodec c = new StreamCodec(CodecOptions.defaults());
        byte[] in = hex("0982a4416c676f00a3427566a3000302");
        rejects(Kind.MALFORMED, () -> c.tryDecode(in, 0, in.length, true));
    }

    @Test
    void item3_emptyDecryptedStreamPlaintext() {
        StreamCodec c = new StreamCodec(CodecOptions.builder().keyring(Keyring.of(KEY)).build());
        byte[] wire = StreamCodecTest.sealedStream(new byte[0]);
        rejects(Kind.MALFORMED, () -> c.tryDecode(wire, 0, wire.length, false));
    }

    @Test
    void lzwInvalidCodeDirectly() {
        byte[] bad = LzwTest.bits9(256, 'a', 259, 257); // 259 while the next assignable is 258
        rejects(Kind.MALFORMED, () -> Lzw.decompress(bad, 0, bad.length));
    }
}
