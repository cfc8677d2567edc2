package io.memberlist.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;

/** Fuzzes envelope decryption; only {@link CodecException} may escape. */
class EncryptionFuzzTest {
    private static final Keyring RING = Keyring.of(List.of(EncryptionTest.KEY), new byte[16]);

    @FuzzTest(maxDuration = "60s")
    void decrypt(byte[] data) {
        if (data.length == 0) {
            return;
        }
        // First byte: AAD length (label bytes taken from the input's tail), rest: the envelope.
        int aadLen = Math.min(data[0] & 0x0f, data.length - 1);
        byte[] aad = Arrays.copyOfRange(data, data.length - aadLen, data.length);
        try {
            Encryption.decrypt(RING, data, 1, data.length - 1 - aadLen, aad);
        } catch (CodecException expected) {
            // the only allowed failure
        }
    }
}
