package io.memberlist.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Fuzzes the LZW decoder on arbitrary bytes and the encoder/decoder pair on round trips. */
class LzwFuzzTest {
    /** Small enough to keep executions fast, large enough for every width and reset. */
    private static final int CAP = 1 << 20;

    @FuzzTest(maxDuration = "60s")
    void decompress(byte[] data) {
        try {
            byte[] out = Lzw.decompress(data, 0, data.length, CAP);
            assertThat(out.length).isLessThanOrEqualTo(CAP);
        } catch (CodecException expected) {
            // the only allowed failure
        }
    }

    @FuzzTest(maxDuration = "60s")
    void roundTrip(byte[] data) throws CodecException {
        byte[] compressed = Lzw.compress(data);
        assertThat(Lzw.decompress(compressed, 0, compressed.length, Math.max(data.length, 1)))
                .isEqualTo(data);
    }
}
