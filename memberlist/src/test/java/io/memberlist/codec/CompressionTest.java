package io.memberlist.codec;

import static io.memberlist.codec.CodecAssertions.rejects;
import static io.memberlist.codec.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.codec.CodecException.Kind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompressionTest {
    private static final byte[] HELLO = "hello hello hello hello".getBytes(StandardCharsets.US_ASCII);
    private static final String HELLO_LZW = "00d19461c3e60d0881040d222c787060c180";

    @Test
    void protocolVector() throws CodecException {
        byte[] out = Compression.compress(HELLO);
        assertThat(hex(out)).isEqualTo("0982a4416c676f00a3427566b2" + HELLO_LZW);
        assertThat(Compression.decompress(out, 0, out.length)).isEqualTo(HELLO);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 20, 40, 300, 70000, 200000})
    void bufUsesTheRawStringFamilyNeverStr8OrBin(int size) throws CodecException {
        byte[] msg = TestBytes.lcg(size, size, 0);
        byte[] out = Compression.compress(msg);
        int bufHeader = out[1 + 1 + 5 + 1 + 4] & 0xff;
        int lzwLength = Lzw.compress(msg).length;
        if (lzwLength < 32) {
            assertThat(bufHeader).isEqualTo(0xa0 | lzwLength);
        } else if (lzwLength <= 0xffff) {
            assertThat(bufHeader).isEqualTo(0xda);
        } else {
            assertThat(bufHeader).isEqualTo(0xdb);
        }
        assertThat(Compression.decompress(out, 0, out.length)).isEqualTo(msg);
    }

    @Test
    void emptyMessageIsNeverCompressed() {
        assertThatThrownBy(() -> Compression.compress(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsStr8BinMap16AndUnknownKeys() throws CodecException {
        String lzw = HELLO_LZW;
        // map16 with 4 entries: unknown nested key first, Buf as bin8, Algo as uint8 cc 00, unknown str8 key.
        String msg = "09" + "de0004"
                + "a5" + hex("Extra".getBytes(StandardCharsets.US_ASCII)) + "82a1619301c0c3a162dc0000"
                + "a3427566" + "c412" + lzw
                + "d904416c676f" + "cc00"
                + "a1" + "7a" + "d903616263";
        byte[] in = hex(msg);
        assertThat(Compression.decompress(in, 0, in.length)).isEqualTo(HELLO);
        // Buf as str8.
        byte[] str8 = hex("0982a4416c676f00a3427566d912" + lzw);
        assertThat(Compression.decompress(str8, 0, str8.length)).isEqualTo(HELLO);
    }

    @Test
    void duplicateKeysLastWins() throws CodecException {
        byte[] in = hex("0983a4416c676f01a3427566b2" + HELLO_LZW + "a4416c676f00");
        assertThat(Compression.decompress(in, 0, in.length)).isEqualTo(HELLO);
    }

    @Test
    void trailingBytesAreIgnoredAndConsumedIsReported() throws CodecException {
        byte[] in = hex("0982a4416c676f00a3427566b2" + HELLO_LZW + "ffff");
        Compression.Decoded d = Compression.decode(in, 0, in.length, 1000);
        assertThat(d.message()).isEqualTo(HELLO);
        assertThat(d.consumed()).isEqualTo(in.length - 2);
    }

    @Test
    void unknownAlgorithmIsUnsupported() {
        byte[] in = hex("0982a4416c676f01a3427566b2" + HELLO_LZW);
        rejects(Kind.UNSUPPORTED, () -> Compression.decompress(in, 0, in.length));
    }

    @Test
    void algoOutOfUint8RangeOrWrongTypeIsMalformed() {
        for (String algo : new String[] {"cd0100", "ff", "ca00000000", "a130"}) {
            byte[] in = hex("0982a4416c676f" + algo + "a3427566b2" + HELLO_LZW);
            rejects(Kind.MALFORMED, () -> Compression.decompress(in, 0, in.length));
        }
    }

    @Test
    void emptyDecompressedResultIsMalformed() {
        byte[] in = hex("0982a4416c676f00a3427566a3000302");
        rejects(Kind.MALFORMED, () -> Compression.decompress(in, 0, in.length));
        byte[] nilBuf = hex("0982a4416c676f00a3427566c0");
        rejects(Kind.MALFORMED, () -> Compression.decompress(nilBuf, 0, nilBuf.length));
        byte[] noBuf = hex("0981a4416c676f00");
        rejects(Kind.MALFORMED, () -> Compression.decompress(noBuf, 0, noBuf.length));
    }

    @Test
    void cutOffValueIsTruncatedAtEveryLength() {
        byte[] full = Compression.compress(HELLO);
        for (int n = 0; n < full.length; n++) {
            int len = n;
            rejects(Kind.TRUNCATED, () -> Compression.decompress(full, 0, len));
        }
    }

    @Test
    void declaredLengthsBeyondTheInputAreRefusedBeforeAllocating() {
        byte[] hugeBuf = hex("0982a4416c676f00a3427566db01000000" + HELLO_LZW);
        rejects(Kind.TRUNCATED, () -> Compression.decompress(hugeBuf, 0, hugeBuf.length));
        byte[] overCap = hex("0982a4416c676f00a3427566db7fffffff00");
        rejects(Kind.OVER_LIMIT, () -> Compression.decompress(overCap, 0, overCap.length));
        byte[] hugeMap = hex("09dfffffffff");
        rejects(() -> Compression.decompress(hugeMap, 0, hugeMap.length));
        byte[] hugeUnknownArray = hex("0981a178dd7fffffff00");
        rejects(Kind.TRUNCATED, () -> Compression.decompress(hugeUnknownArray, 0, hugeUnknownArray.length));
    }

    @Test
    void deeplyNestedUnknownValueIsSkippedWithoutRecursion() throws CodecException {
        int depth = 100_000;
        StringBuilder s = new StringBuilder("0982a178");
        s.append("91".repeat(depth)).append("c0");
        s.append("a3427566b2").append(HELLO_LZW);
        byte[] in = hex(s.toString());
        assertThat(Compression.decompress(in, 0, in.length)).isEqualTo(HELLO);
    }

    @Test
    void notAMapIsMalformed() {
        byte[] in = hex("0992a4416c676f00");
        rejects(Kind.MALFORMED, () -> Compression.decompress(in, 0, in.length));
        byte[] neverUsed = hex("09c1");
        rejects(() -> Compression.decompress(neverUsed, 0, neverUsed.length));
    }
}
