package io.memberlist.codec;

import static io.memberlist.codec.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exact bytes of the PROTOCOL.md §1.1 dialect at every format boundary, and size agreement:
 * the size functions, the counting mode and the bytes written.
 */
class MsgpackWriterTest {

    /** Writes {@code body} into exactly {@code size} bytes, and checks the counting mode agrees. */
    private static String write(int size, Consumer<MsgpackWriter> body) {
        assertThat(MsgpackWriter.sizeOf(body)).isEqualTo(size);
        byte[] out = new byte[size];
        MsgpackWriter w = new MsgpackWriter(out, 0);
        body.accept(w);
        assertThat(w.position()).isEqualTo(size);
        return hex(out);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 00", "127, 7f", "128, cc80", "255, ccff", "256, cd0100", "65535, cdffff",
        "65536, ce00010000", "4294967295, ceffffffff", "4294967296, cf0000000100000000"
    })
    void unsigned(long v, String expected) {
        assertThat(write(MsgpackWriter.uintSize(v), w -> w.uint(v))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        // value, v0.2.2 (go-msgpack 0.5), HEAD (go-msgpack/v2)
        "0, 00, 00", "127, 7f, 7f", "128, cc80, d10080", "200, ccc8, d100c8", "255, ccff, d100ff",
        "256, cd0100, d10100", "300, cd012c, d1012c", "32767, cd7fff, d17fff",
        "32768, cd8000, d200008000", "65535, cdffff, d20000ffff", "65536, ce00010000, d200010000",
        "70000, ce00011170, d200011170", "2147483647, ce7fffffff, d27fffffff",
        "2147483648, ce80000000, d30000000080000000", "4294967296, cf0000000100000000, d30000000100000000",
        "-1, ff, ff", "-32, e0, e0", "-33, d0df, d0df", "-128, d080, d080", "-129, d1ff7f, d1ff7f",
        "-32768, d18000, d18000", "-32769, d2ffff7fff, d2ffff7fff",
        "-2147483648, d280000000, d280000000", "-2147483649, d3ffffffff7fffffff, d3ffffffff7fffffff"
    })
    void goInt(long v, String v022, String head) {
        assertThat(write(MsgpackWriter.intSize(v, IntStyle.V022_UNSIGNED),
                w -> w.goInt(v, IntStyle.V022_UNSIGNED))).isEqualTo(v022);
        assertThat(write(MsgpackWriter.intSize(v, IntStyle.HEAD_SIGNED),
                w -> w.goInt(v, IntStyle.HEAD_SIGNED))).isEqualTo(head);
    }

    @ParameterizedTest
    @CsvSource({"0, a0", "31, bf", "32, da0020", "255, da00ff", "256, da0100", "65535, daffff",
        "65536, db00010000"})
    void rawFamilyNeverStr8NorBin(int len, String header) {
        String s = "x".repeat(len);
        byte[] b = new byte[len];
        String str = write(MsgpackWriter.strSize(s), w -> w.str(s));
        String bytes = write(MsgpackWriter.bytesSize(b), w -> w.bytes(b));
        assertThat(str).startsWith(header).hasSize(2 * (header.length() / 2 + len));
        assertThat(bytes).startsWith(header);
    }

    @Test
    void nilByteStringAndBools() {
        assertThat(write(1, w -> w.bytes(null))).isEqualTo("c0");
        assertThat(write(1, w -> w.bool(false))).isEqualTo("c2");
        assertThat(write(1, w -> w.bool(true))).isEqualTo("c3");
        assertThat(write(1, MsgpackWriter::nil)).isEqualTo("c0");
    }

    @Test
    void mapHeaders() {
        assertThat(write(1, w -> w.mapHeader(8))).isEqualTo("88");
        assertThat(write(1, w -> w.mapHeader(15))).isEqualTo("8f");
        assertThat(write(3, w -> w.mapHeader(16))).isEqualTo("de0010");
        assertThat(write(5, w -> w.mapHeader(65536))).isEqualTo("df00010000");
    }

    @Test
    void utf8StringsCountBytesNotChars() {
        String s = "é节\uD83D\uDE00"; // 2 + 3 + 4 bytes
        assertThat(MsgpackWriter.utf8Length(s)).isEqualTo(9);
        assertThat(write(MsgpackWriter.strSize(s), w -> w.str(s)))
                .isEqualTo("a9" + hex(s.getBytes(StandardCharsets.UTF_8)));
        String thirtyTwoBytes = "é".repeat(16);
        assertThat(write(MsgpackWriter.strSize(thirtyTwoBytes), w -> w.str(thirtyTwoBytes))).startsWith("da0020");
    }

    @Test
    void unpairedSurrogatesCannotBeEncoded() {
        assertThatThrownBy(() -> MsgpackWriter.utf8Length("a\uD800")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MsgpackWriter.utf8Length("\uDC00b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Messages.encode(new Suspect(1, "\uD800x", "a")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
