package io.memberlist.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The per-thread dictionaries carry nothing from one call to the next. */
class LzwReuseTest {

    private static byte[] text(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + r.nextInt(6)); // repetitive: fills the dictionary, restarts it
        }
        return b;
    }

    /** Compresses on a thread that has never used LZW. */
    private static byte[] fresh(byte[] input) {
        return CompletableFuture.supplyAsync(() -> Lzw.compress(input), r -> new Thread(r).start()).join();
    }

    @Test
    void compressingAfterOtherInputsGivesTheSameBytesAsOnAFreshThread() throws CodecException {
        byte[][] inputs = {text(100_000, 1), text(10, 2), new byte[0], text(1400, 3), text(70_000, 4), text(3, 5)};
        for (byte[] in : inputs) {
            byte[] reused = Lzw.compress(in);
            assertThat(reused).isEqualTo(fresh(in));
            assertThat(Lzw.decompress(reused, 0, reused.length)).isEqualTo(in);
        }
    }

    @Test
    void aFailedDecodeLeavesNothingBehind() throws CodecException {
        byte[] good = Lzw.compress(text(5000, 7));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        assertThatThrownBy(() -> Lzw.decompress(truncated, 0, truncated.length))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> Lzw.decompress(good, 0, good.length, 100))
                .isInstanceOf(CodecException.class);
        assertThat(Lzw.decompress(good, 0, good.length)).isEqualTo(text(5000, 7));
    }
}
