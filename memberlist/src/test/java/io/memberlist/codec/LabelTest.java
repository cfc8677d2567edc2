package io.memberlist.codec;

import static io.memberlist.codec.CodecAssertions.rejects;
import static io.memberlist.codec.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.codec.CodecException.Kind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LabelTest {
    private static final byte[] LBL = "lbl".getBytes(StandardCharsets.US_ASCII);

    @Test
    void headerLayout() throws CodecException {
        assertThat(hex(Label.header(LBL))).isEqualTo("f4036c626c");
        byte[] packet = Label.add(LBL, hex("0282"));
        assertThat(hex(packet)).isEqualTo("f4036c626c0282");
        Label.Stripped s = Label.strip(packet, 0, packet.length);
        assertThat(s.label()).isEqualTo(LBL);
        assertThat(s.present()).isTrue();
        assertThat(s.headerLength()).isEqualTo(5);
        assertThat(Label.overhead(LBL)).isEqualTo(5);
    }

    @Test
    void emptyLabelMeansNoHeader() throws CodecException {
        byte[] packet = hex("0282");
        assertThat(Label.add(new byte[0], packet)).isSameAs(packet);
        assertThat(Label.header(new byte[0])).isEmpty();
        assertThat(Label.overhead(new byte[0])).isZero();
        Label.Stripped s = Label.strip(packet, 0, packet.length);
        assertThat(s.present()).isFalse();
        assertThat(s.headerLength()).isZero();
    }

    @Test
    void validationCountsUtf8Bytes() {
        assertThat(Label.validate("x".repeat(255))).hasSize(255);
        assertThatThrownBy(() -> Label.validate("x".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256");
        assertThatThrownBy(() -> Label.validate("é".repeat(128)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256");
        assertThat(Label.validate("")).isEmpty();
    }

    @Test
    void brokenHeaders() {
        byte[] noSize = hex("f4");
        rejects(Kind.TRUNCATED, () -> Label.strip(noSize, 0, noSize.length));
        byte[] sizeZero = hex("f40000");
        rejects(Kind.MALFORMED, () -> Label.strip(sizeZero, 0, sizeZero.length));
        byte[] shortLabel = hex("f4036c62");
        rejects(Kind.TRUNCATED, () -> Label.strip(shortLabel, 0, shortLabel.length));
    }

    @Test
    void acceptanceRules() throws CodecException {
        Label.Stripped none = new Label.Stripped(new byte[0], false, 0);
        Label.Stripped lbl = new Label.Stripped(LBL, true, 5);
        assertThat(Label.accept(lbl, LBL, false)).isEqualTo(LBL);
        assertThat(Label.accept(none, new byte[0], false)).isEmpty();
        rejects(Kind.UNSUPPORTED, () -> Label.accept(none, LBL, false));
        rejects(Kind.UNSUPPORTED, () -> Label.accept(lbl, new byte[0], false));
        rejects(Kind.UNSUPPORTED, () -> Label.accept(lbl, "other".getBytes(StandardCharsets.US_ASCII), false));
        // SkipInboundLabelCheck: unlabelled input takes the configured label, labelled is refused.
        assertThat(Label.accept(none, LBL, true)).isEqualTo(LBL);
        rejects(Kind.UNSUPPORTED, () -> Label.accept(lbl, LBL, true));
    }
}
