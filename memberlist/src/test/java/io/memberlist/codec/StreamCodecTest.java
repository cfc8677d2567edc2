package io.memberlist.codec;

import static io.memberlist.codec.CodecAssertions.rejects;
import static io.memberlist.codec.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.codec.CodecException.Kind;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class StreamCodecTest {
    /** The listener's push/pull state of PROTOCOL.md §5.4. */
    static final byte[] PUSH_PULL = hex("0683a44a6f696ec3a54e6f64657301ac5573657253746174654c656e00"
            + "87a441646472a47f000001ab496e6361726e6174696f6e01a44d657461c0a44e616d65a161a4506f7274cd4a02"
            + "a5537461746500a356736ea6010502000000");
    static final RandomGenerator RANDOM = new SplittableRandom(5);

    static StreamCodec codec(String label, Keyring ring) {
        return new StreamCodec(CodecOptions.builder().label(label).keyring(ring).build());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void labelledEncryptedCompressedExchangeAsInSection5_4() throws CodecException {
        Keyring ring = Keyring.of(EncryptionTest.KEY);
        StreamCodec dialer = codec("lbl", ring);
        StreamCodec listener = codec("lbl", ring);

        // Dialer: label header as a separate write, then the encrypted compressed message.
        byte[] header = dialer.labelHeader();
        assertThat(hex(header)).isEqualTo("f4036c626c");
        byte[] message = dialer.encodeMessage(PUSH_PULL, RANDOM);
        assertThat(message[0]).isEqualTo((byte) MessageType.ENCRYPT);
        int m = Crc.getInt(message, 1);
        assertThat(m).isEqualTo(message.length - 5);
        assertThat(message[5]).isEqualTo((byte) 1);
        // AAD is 0a <M> "lbl": decrypt by hand and find the compress message inside.
        byte[] aad = concat(Arrays.copyOf(message, 5), "lbl".getBytes());
        byte[] inner = Encryption.decrypt(ring, message, 5, m, aad);
        assertThat(hex(inner)).startsWith("0982a4416c676f00a3427566");
        assertThat(Compression.decompress(inner, 0, inner.length)).isEqualTo(PUSH_PULL);

        byte[] wire = concat(header, message);
        StreamCodec.Message got = (StreamCodec.Message) listener.tryDecode(wire, 0, wire.length, true);
        assertThat(got.message()).isEqualTo(PUSH_PULL);
        assertThat(got.consumed()).isEqualTo(wire.length);
        assertThat(got.encrypted()).isTrue();
        assertThat(got.compressed()).isTrue();
        assertThat(got.bounded()).isTrue();
        assertThat(got.label()).isEqualTo("lbl");

        // Listener's reply: no label header; the dialer reads it with its own label as AAD.
        byte[] reply = listener.encodeMessage(PUSH_PULL, RANDOM);
        assertThat(reply[0]).isEqualTo((byte) MessageType.ENCRYPT);
        StreamCodec.Message back = (StreamCodec.Message) dialer.tryDecode(reply, 0, reply.length, false);
        assertThat(back.message()).isEqualTo(PUSH_PULL);
        // A dialer of another cluster cannot open it: the label is authenticated.
        rejects(Kind.AUTHENTICATION, () -> codec("xyz", ring).tryDecode(reply, 0, reply.length, false));
    }

    @Test
    void everyPrefixNeedsMoreAndTrailingBytesAreLeftAlone() throws CodecException {
        Keyring ring = Keyring.of(EncryptionTest.KEY);
        StreamCodec c = codec("lbl", ring);
        byte[] wire = concat(c.labelHeader(), c.encodeMessage(PUSH_PULL, RANDOM));
        for (int n = 0; n < wire.length; n++) {
            StreamCodec.Read r = c.tryDecode(wire, 0, n, true);
            assertThat(r).as("prefix %d", n).isInstanceOf(StreamCodec.NeedMore.class);
            assertThat(((StreamCodec.NeedMore) r).atLeast()).isGreaterThan(n).isLessThanOrEqualTo(wire.length);
        }
        byte[] more = Arrays.copyOf(wire, wire.length + 7);
        StreamCodec.Message got = (StreamCodec.Message) c.tryDecode(more, 0, more.length, true);
        assertThat(got.consumed()).isEqualTo(wire.length);
    }

    @Test
    void plainCompressedStreamIsFramedByTheMsgpackValue() throws CodecException {
        StreamCodec c = codec("", null);
        byte[] wire = c.encodeMessage(PUSH_PULL, RANDOM);
        assertThat(wire[0]).isEqualTo((byte) MessageType.COMPRESS);
        for (int n = 0; n < wire.length; n++) {
            assertThat(c.tryDecode(wire, 0, n, true)).isInstanceOf(StreamCodec.NeedMore.class);
        }
        byte[] more = concat(wire, hex("0102"));
        StreamCodec.Message got = (StreamCodec.Message) c.tryDecode(more, 0, more.length, true);
        assertThat(got.message()).isEqualTo(PUSH_PULL);
        assertThat(got.consumed()).isEqualTo(wire.length);
        assertThat(got.encrypted()).isFalse();
    }

    @Test
    void compressionIsUnconditionalOnStreams() {
        byte[] tiny = hex("0d81a54572726f72a4626f6f6d");
        byte[] out = codec("", null).encodeMessage(tiny, RANDOM);
        assertThat(out.length).isGreaterThan(tiny.length);
        assertThat(out[0]).isEqualTo((byte) MessageType.COMPRESS);
    }

    @Test
    void plainUncompressedMessageIsUnbounded() throws CodecException {
        StreamCodec c = new StreamCodec(CodecOptions.builder().label("lbl").compression(false).build());
        byte[] wire = concat(c.labelHeader(), c.encodeMessage(PUSH_PULL, RANDOM));
        assertThat(Arrays.copyOfRange(wire, 5, wire.length)).isEqualTo(PUSH_PULL);
        assertThat(c.tryDecode(wire, 0, 5, true)).isEqualTo(new StreamCodec.NeedMore(6));
        StreamCodec.Message got = (StreamCodec.Message) c.tryDecode(wire, 0, 20, true);
        assertThat(got.bounded()).isFalse();
        assertThat(got.consumed()).isEqualTo(20);
        assertThat(got.message()).isEqualTo(Arrays.copyOfRange(PUSH_PULL, 0, 15));
    }

    @Test
    void encryptedLengthOverTwentyMebibytesIsRefusedFromTheHeaderAlone() {
        StreamCodec c = codec("", Keyring.of(EncryptionTest.KEY));
        byte[] header = hex("0a01400001");
        rejects(Kind.OVER_LIMIT, () -> c.tryDecode(header, 0, header.length, false));
        byte[] max = hex("0a01400000");
        assertThat(catchNeedMore(c, max)).isEqualTo(5 + 20 * 1024 * 1024);
        byte[] negative = hex("0affffffff");
        rejects(Kind.OVER_LIMIT, () -> c.tryDecode(negative, 0, negative.length, false));
    }

    private static int catchNeedMore(StreamCodec c, byte[] in) {
        try {
            return ((StreamCodec.NeedMore) c.tryDecode(in, 0, in.length, false)).atLeast();
        } catch (CodecException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void encryptionMismatchesAreErrors() {
        Keyring ring = Keyring.of(EncryptionTest.KEY);
        byte[] plain = codec("", null).encodeMessage(PUSH_PULL, RANDOM);
        rejects(Kind.AUTHENTICATION, () -> codec("", ring).tryDecode(plain, 0, plain.length, true));
        byte[] sealed = codec("", ring).encodeMessage(PUSH_PULL, RANDOM);
        rejects(Kind.UNSUPPORTED, () -> codec("", null).tryDecode(sealed, 0, sealed.length, true));
        rejects(Kind.UNSUPPORTED, () -> codec("", Keyring.empty()).tryDecode(sealed, 0, sealed.length, true));
    }

    @Test
    void verifyIncomingOffAcceptsAPlainStream() throws CodecException {
        Keyring ring = Keyring.of(EncryptionTest.KEY);
        byte[] plain = codec("", null).encodeMessage(PUSH_PULL, RANDOM);
        StreamCodec migrating = new StreamCodec(CodecOptions.builder().keyring(ring).verifyIncoming(false).build());
        assertThat(((StreamCodec.Message) migrating.tryDecode(plain, 0, plain.length, true)).message())
                .isEqualTo(PUSH_PULL);
    }

    @Test
    void emptyPlaintextsAreMalformed() {
        Keyring ring = Keyring.of(EncryptionTest.KEY);
        StreamCodec c = codec("", ring);
        rejects(Kind.MALFORMED, () -> c.tryDecode(sealedStream(new byte[0]), 0, 34, false));
        byte[] compressedNothing = hex("0982a4416c676f00a3427566a3000302");
        byte[] wire = sealedStream(compressedNothing);
        rejects(Kind.MALFORMED, () -> c.tryDecode(wire, 0, wire.length, false));
        byte[] cutCompress = hex("0982a4416c676f00a3427566a30003");
        byte[] wire2 = sealedStream(cutCompress);
        rejects(Kind.MALFORMED, () -> c.tryDecode(wire2, 0, wire2.length, false));
        StreamCodec plain = codec("", null);
        rejects(Kind.MALFORMED, () -> plain.tryDecode(compressedNothing, 0, compressedNothing.length, false));
    }

    /** A stream envelope around an arbitrary plaintext, built by hand. */
    static byte[] sealedStream(byte[] plaintext) {
        int m = Encryption.encryptedLength(1, plaintext.length);
        byte[] header = new byte[5];
        header[0] = 0x0a;
        Crc.putInt(header, 1, m);
        return concat(header, Encryption.encrypt(1, EncryptionTest.KEY, plaintext, header, RANDOM));
    }

    @Test
    void listenerLabelRules() throws CodecException {
        StreamCodec lbl = new StreamCodec(CodecOptions.builder().label("lbl").compression(false).build());
        byte[] wire = concat(lbl.labelHeader(), PUSH_PULL);
        rejects(Kind.UNSUPPORTED, () -> codec("", null).tryDecode(wire, 0, wire.length, true));
        rejects(Kind.UNSUPPORTED, () -> lbl.tryDecode(PUSH_PULL, 0, PUSH_PULL.length, true));
        byte[] sizeZero = hex("f400");
        rejects(Kind.MALFORMED, () -> lbl.tryDecode(sizeZero, 0, 2, true));
        assertThat(lbl.tryDecode(wire, 0, 1, true)).isEqualTo(new StreamCodec.NeedMore(2));
        assertThat(lbl.tryDecode(wire, 0, 3, true)).isEqualTo(new StreamCodec.NeedMore(5));
        StreamCodec skipping = new StreamCodec(CodecOptions.builder().label("lbl").compression(false)
                .skipInboundLabelCheck(true).build());
        rejects(Kind.UNSUPPORTED, () -> skipping.tryDecode(wire, 0, wire.length, true));
        assertThat(((StreamCodec.Message) skipping.tryDecode(PUSH_PULL, 0, PUSH_PULL.length, true)).label())
                .isEqualTo("lbl");
        // The dialer reading a reply does not look for a header: 0xF4 would be the type byte.
        assertThat(((StreamCodec.Message) lbl.tryDecode(wire, 0, wire.length, false)).message()[0])
                .isEqualTo((byte) 0xf4);
    }
}
