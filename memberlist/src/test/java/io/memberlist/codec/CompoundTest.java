package io.memberlist.codec;

import static io.memberlist.codec.CodecAssertions.rejects;
import static io.memberlist.codec.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.codec.CodecException.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompoundTest {

    @Test
    void layout() throws CodecException {
        byte[] out = Compound.encode(List.of(hex("0102"), hex("030405")));
        assertThat(hex(out)).isEqualTo("07020002000301020304 05".replace(" ", ""));
        Compound.Parts p = Compound.decode(out, 0, out.length);
        assertThat(p.parts()).containsExactly(hex("0102"), hex("030405"));
        assertThat(p.truncated()).isZero();
        assertThat(p.empty()).isZero();
    }

    @Test
    void countIsUnsignedUpTo255() throws CodecException {
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < 255; i++) {
            parts.add(new byte[] {(byte) i, 1});
        }
        byte[] out = Compound.encode(parts);
        assertThat(out[1] & 0xff).isEqualTo(255);
        Compound.Parts p = Compound.decode(out, 0, out.length);
        assertThat(p.parts()).hasSize(255);
        assertThat(p.parts().get(200)).containsExactly(200, 1);
    }

    @Test
    void encodeRejectsWhatTheFormatCannotCarry() {
        assertThatThrownBy(() -> Compound.encode(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Compound.encode(Collections.nCopies(256, new byte[] {1})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Compound.encode(List.of(new byte[0]))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Compound.encode(List.of(new byte[65536]))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncatedPartKeepsTheEarlierOnes() throws CodecException {
        // three parts declared (2, 3, 4 bytes) but only 2 + 3 + 1 bytes present
        byte[] in = hex("0703000200030004" + "0102" + "030405" + "06");
        Compound.Parts p = Compound.decode(in, 0, in.length);
        assertThat(p.parts()).containsExactly(hex("0102"), hex("030405"));
        assertThat(p.truncated()).isEqualTo(1);
    }

    @Test
    void zeroLengthPartsAreDroppedAndCounted() throws CodecException {
        byte[] in = hex("070300010000000101" + "02");
        Compound.Parts p = Compound.decode(in, 0, in.length);
        assertThat(p.parts()).containsExactly(hex("01"), hex("02"));
        assertThat(p.empty()).isEqualTo(1);
    }

    @Test
    void trailingBytesAreIgnoredAndZeroPartsIsEmpty() throws CodecException {
        byte[] in = hex("070100010aff");
        assertThat(Compound.decode(in, 0, in.length).parts()).containsExactly(hex("0a"));
        byte[] none = hex("0700");
        assertThat(Compound.decode(none, 0, none.length).parts()).isEmpty();
    }

    @Test
    void missingCountOrLengthTable() {
        byte[] noCount = hex("07");
        rejects(Kind.TRUNCATED, () -> Compound.decode(noCount, 0, noCount.length));
        byte[] shortTable = hex("0702000100");
        rejects(Kind.TRUNCATED, () -> Compound.decode(shortTable, 0, shortTable.length));
        // count 200 (≥128, v0.2.2's overflow) with a 2-byte table: unsigned, so truncated, no crash
        byte[] big = hex("07c80001");
        rejects(Kind.TRUNCATED, () -> Compound.decode(big, 0, big.length));
    }
}
