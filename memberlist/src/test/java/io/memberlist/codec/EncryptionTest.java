package io.memberlist.codec;

import static io.memberlist.codec.CodecAssertions.rejects;
import static io.memberlist.codec.TestBytes.fixedNonce;
import static io.memberlist.codec.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.codec.CodecException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The vectors of PROTOCOL.md §6.3. */
class EncryptionTest {
    static final byte[] KEY = hex("000102030405060708090a0b0c0d0e0f");
    static final byte[] NONCE = hex("a0a1a2a3a4a5a6a7a8a9aaab");
    static final byte[] PING = hex("0082a44e6f6465a16ea55365714e6f01");
    static final byte[] LBL = "lbl".getBytes(StandardCharsets.US_ASCII);
    static final String CT = "aa049cf511ed56abe4dde665375cdf61";

    private static final RandomGenerator PINNED = fixedNonce(NONCE);

    @Test
    void packetV1NoLabel() throws CodecException {
        byte[] out = Encryption.encrypt(1, KEY, PING, new byte[0], PINNED);
        assertThat(hex(out)).isEqualTo("01" + hex(NONCE) + CT + "9bf39ed2e6e7af53d5466a84621b0602");
        assertThat(Encryption.decrypt(Keyring.of(KEY), out, 0, out.length, new byte[0])).isEqualTo(PING);
    }

    @Test
    void packetV1WithLabel() throws CodecException {
        byte[] out = Encryption.encrypt(1, KEY, PING, LBL, PINNED);
        assertThat(hex(out)).isEqualTo("01" + hex(NONCE) + CT + "507ae310d795a2ceddf9ccc7b377bcf0");
        assertThat(Encryption.decrypt(Keyring.of(KEY), out, 0, out.length, LBL)).isEqualTo(PING);
        rejects(Kind.AUTHENTICATION, () -> Encryption.decrypt(Keyring.of(KEY), out, 0, out.length, new byte[0]));
    }

    @Test
    void packetV0NoLabel() throws CodecException {
        byte[] out = Encryption.encrypt(0, KEY, PING, new byte[0], PINNED);
        assertThat(out).hasSize(61);
        assertThat(hex(out)).isEqualTo("00" + hex(NONCE) + CT + "43fe331893072dbf3500618b529d9fb8"
                + "f15dc2466d8104d385ba3d6a489535dc");
        assertThat(Encryption.decrypt(Keyring.of(KEY), out, 0, out.length, new byte[0])).isEqualTo(PING);
    }

    @Test
    void streamV1WithLabel() throws CodecException {
        CodecOptions options = CodecOptions.builder().label("lbl").keyring(Keyring.of(KEY)).compression(false).build();
        byte[] out = new StreamCodec(options).encodeMessage(PING, PINNED);
        assertThat(hex(out)).isEqualTo("0a0000002d01" + hex(NONCE) + CT + "99904b92e8d7df138beb9bec69ffe316");
        byte[] aad = hex("0a0000002d6c626c");
        assertThat(Encryption.decrypt(Keyring.of(KEY), out, 5, out.length - 5, aad)).isEqualTo(PING);
    }

    @Test
    void lengthsAndOverheads() {
        assertThat(Encryption.overhead(1)).isEqualTo(29);
        assertThat(Encryption.overhead(0)).isEqualTo(45);
        assertThat(Encryption.encryptedLength(1, 16)).isEqualTo(45);
        assertThat(Encryption.encryptedLength(0, 16)).isEqualTo(61);
        assertThat(Encryption.encryptedLength(0, 15)).isEqualTo(45);
        assertThat(Encryption.versionFor(1)).isZero();
        assertThat(Encryption.versionFor(2)).isEqualTo(1);
        assertThat(Encryption.versionFor(5)).isEqualTo(1);
    }

    @Test
    void triesEveryKeyInRingOrder() throws CodecException {
        byte[] other = new byte[32];
        byte[] out = Encryption.encrypt(1, KEY, PING, new byte[0], new SplittableRandom(1));
        Keyring ring = Keyring.of(List.of(KEY), other);
        assertThat(ring.primaryKey()).contains(other);
        assertThat(Encryption.decrypt(ring, out, 0, out.length, new byte[0])).isEqualTo(PING);
    }

    @Test
    void roundTripsAllPlaintextLengthsAndBothVersions() throws CodecException {
        Keyring ring = Keyring.of(new byte[24]);
        RandomGenerator random = new SplittableRandom(7);
        for (int version = 0; version <= 1; version++) {
            for (int n = 0; n <= 70; n++) {
                byte[] plain = TestBytes.lcg(n, n, 0);
                byte[] out = Encryption.encrypt(version, new byte[24], plain, LBL, random);
                assertThat(out).hasSize(Encryption.encryptedLength(version, n));
                assertThat(Encryption.decrypt(ring, out, 0, out.length, LBL)).isEqualTo(plain);
            }
        }
    }

    @Test
    void rejectsBrokenEnvelopes() {
        Keyring ring = Keyring.of(KEY);
        byte[] good = Encryption.encrypt(1, KEY, PING, new byte[0], PINNED);
        rejects(Kind.MALFORMED, () -> Encryption.decrypt(ring, good, 0, 0, new byte[0]));
        byte[] v2 = good.clone();
        v2[0] = 2;
        rejects(Kind.UNSUPPORTED, () -> Encryption.decrypt(ring, v2, 0, v2.length, new byte[0]));
        rejects(Kind.MALFORMED, () -> Encryption.decrypt(ring, good, 0, 28, new byte[0]));
        byte[] v0Short = good.clone();
        v0Short[0] = 0;
        rejects(Kind.MALFORMED, () -> Encryption.decrypt(ring, v0Short, 0, 44, new byte[0]));
        byte[] flipped = good.clone();
        flipped[20] ^= 1;
        rejects(Kind.AUTHENTICATION, () -> Encryption.decrypt(ring, flipped, 0, flipped.length, new byte[0]));
        rejects(Kind.AUTHENTICATION, () -> Encryption.decrypt(Keyring.empty(), good, 0, good.length, new byte[0]));
        rejects(Kind.AUTHENTICATION, () -> Encryption.decrypt(Keyring.of(new byte[16]), good, 0, good.length, new byte[0]));
    }

    @Test
    void version0PaddingIsValidated() {
        Keyring ring = Keyring.of(KEY);
        // Encrypt a padded block whose last byte is 0, 17 and 32 with version 1, relabel as version 0.
        for (int pad : new int[] {0, 17, 32}) {
            byte[] block = new byte[16];
            block[15] = (byte) pad;
            byte[] out = Encryption.encrypt(1, KEY, block, new byte[0], PINNED);
            out[0] = 0;
            rejects(Kind.MALFORMED, () -> Encryption.decrypt(ring, out, 0, out.length, new byte[0]));
        }
    }
}
