package io.memberlist.codec;

import static io.memberlist.codec.TestBytes.crc32;
import static io.memberlist.codec.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class LzwTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "a, 00c30404",
        "aaaaaaaaaa, 00c3081c483020",
        "hello hello hello hello, 00d19461c3e60d0881040d222c787060c180",
    })
    void protocolVectors(String input, String expected) throws CodecException {
        byte[] in = input.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Lzw.compress(in);
        assertThat(hex(out)).isEqualTo(expected);
        assertThat(Lzw.decompress(out, 0, out.length)).isEqualTo(in);
    }

    @Test
    void emptyInputIsClearThenEof() throws CodecException {
        byte[] out = Lzw.compress(new byte[0]);
        // CLEAR (256) and EOF (257) at width 9, LSB first.
        assertThat(hex(out)).isEqualTo("000302");
        assertThat(Lzw.decompress(out, 0, out.length)).isEmpty();
    }

    @Test
    void tenThousandByteVector() throws CodecException {
        byte[] in = new byte[10000];
        for (int i = 0; i < in.length; i++) {
            in[i] = (byte) (((long) i * i / 7) % 97);
        }
        assertThat(crc32(in)).isEqualTo(0x39e9cbd7L);
        byte[] out = Lzw.compress(in);
        assertThat(out).hasSize(4637);
        assertThat(hex(Arrays.copyOf(out, 16))).isEqualTo("0001080c206040810309163888400103");
        assertThat(crc32(out)).isEqualTo(0xa6fd3369L);
        assertThat(Lzw.decompress(out, 0, out.length)).isEqualTo(in);
    }

    @Test
    void twentyThousandByteVectorCrossesWidth12AndResets() throws CodecException {
        byte[] in = TestBytes.lcg(20000, 12345, 0);
        assertThat(crc32(in)).isEqualTo(0xc96abe89L);
        byte[] out = Lzw.compress(in);
        assertThat(out).hasSize(27374);
        assertThat(crc32(out)).isEqualTo(0x0470ec52L);
        assertThat(Lzw.decompress(out, 0, out.length)).isEqualTo(in);
    }

    /** Golden outputs of Go's compress/lzw for seeded inputs (sizes around every width change). */
    static Stream<Arguments> golden() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        try (var in = LzwTest.class.getResourceAsStream("lzw-golden.csv");
                var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                rows.add(Arguments.of(
                        Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2], 16),
                        Integer.parseInt(f[3]), Long.parseLong(f[4], 16)));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "mod {0}, {1} bytes")
    @MethodSource("golden")
    void matchesGoOnSeededInputs(int mod, int size, long inCrc, int outLen, long outCrc)
            throws CodecException {
        byte[] in = TestBytes.lcg(size, size * 31 + mod, mod);
        assertThat(crc32(in)).isEqualTo(inCrc);
        byte[] out = Lzw.compress(in);
        assertThat(out).hasSize(outLen);
        assertThat(crc32(out)).isEqualTo(outCrc);
        assertThat(Lzw.decompress(out, 0, out.length)).isEqualTo(in);
    }

    static IntStream sizes() {
        return IntStream.of(0, 1, 2, 7, 100, 258, 509, 510, 511, 1021, 1022, 1023, 2045, 2046, 2047,
                3000, 4093, 4094, 4095, 4096, 5000, 12000, 33333, 70000, 262144);
    }

    @ParameterizedTest(name = "{0} bytes")
    @MethodSource("sizes")
    void roundTripsSeededRandomInputsOfEveryEntropy(int size) throws CodecException {
        SplittableRandom random = new SplittableRandom(size);
        for (int alphabet : new int[] {1, 2, 3, 16, 64, 256}) {
            byte[] in = new byte[size];
            for (int i = 0; i < size; i++) {
                in[i] = (byte) random.nextInt(alphabet);
            }
            byte[] out = Lzw.compress(in);
            assertThat(Lzw.decompress(out, 0, out.length)).as("alphabet %d", alphabet).isEqualTo(in);
        }
    }

    @Test
    void decompressesFromAnOffset() throws CodecException {
        byte[] out = Lzw.compress("abcabcabc".getBytes(StandardCharsets.US_ASCII));
        byte[] framed = new byte[out.length + 6];
        System.arraycopy(out, 0, framed, 3, out.length);
        assertThat(new String(Lzw.decompress(framed, 3, out.length), StandardCharsets.US_ASCII))
                .isEqualTo("abcabcabc");
    }

    @Test
    void bytesAfterEofAreIgnored() throws CodecException {
        byte[] out = Lzw.compress(new byte[] {1, 2, 3});
        byte[] longer = Arrays.copyOf(out, out.length + 4);
        longer[out.length] = (byte) 0xff;
        assertThat(Lzw.decompress(longer, 0, longer.length)).containsExactly(1, 2, 3);
    }

    @Test
    void capIsEnforcedBeforeExceedingIt() throws CodecException {
        byte[] in = new byte[100_000];
        byte[] out = Lzw.compress(in);
        assertThat(Lzw.decompress(out, 0, out.length, in.length)).hasSize(in.length);
        assertThatThrownBy(() -> Lzw.decompress(out, 0, out.length, in.length - 1))
                .isInstanceOfSatisfying(CodecException.class,
                        e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.OVER_LIMIT));
    }

    @Test
    void codeAboveNextAssignableIsMalformed() {
        // CLEAR, then code 300 at width 9 while the next assignable code is 258.
        byte[] bad = bits9(256, 300, 257);
        assertThatThrownBy(() -> Lzw.decompress(bad, 0, bad.length))
                .isInstanceOfSatisfying(CodecException.class,
                        e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.MALFORMED));
    }

    @Test
    void inputEndingBeforeEofIsMalformed() {
        byte[] out = Lzw.compress("hello hello".getBytes(StandardCharsets.US_ASCII));
        for (int cut = 0; cut < out.length - 1; cut++) {
            int n = cut;
            assertThatThrownBy(() -> Lzw.decompress(out, 0, n))
                    .isInstanceOfSatisfying(CodecException.class,
                            e -> assertThat(e.kind()).isEqualTo(CodecException.Kind.MALFORMED));
        }
    }

    /** Packs 9-bit codes LSB-first. */
    static byte[] bits9(int... codes) {
        long acc = 0;
        int n = 0;
        byte[] out = new byte[(codes.length * 9 + 7) / 8];
        int o = 0;
        for (int c : codes) {
            acc |= (long) c << n;
            n += 9;
            while (n >= 8) {
                out[o++] = (byte) acc;
                acc >>>= 8;
                n -= 8;
            }
        }
        if (n > 0) {
            out[o] = (byte) acc;
        }
        return out;
    }
}
