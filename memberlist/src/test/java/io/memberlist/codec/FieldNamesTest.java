package io.memberlist.codec;

import static io.memberlist.codec.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A field list refuses an index that is not its name's position and names out of Go's order. */
class FieldNamesTest {

    @Test
    void keysAreFixstrsInIndexOrder() {
        FieldNames f = FieldNames.of("ackResp").then(0, "Payload").then(1, "SeqNo");
        assertThat(hex(f.key(0))).isEqualTo("a7" + hex(TestBytes.ascii("Payload")));
        assertThat(hex(f.key(1))).isEqualTo("a5" + hex(TestBytes.ascii("SeqNo")));
        assertThat(f.names()).isDeepEqualTo(new byte[][] {TestBytes.ascii("Payload"), TestBytes.ascii("SeqNo")});
    }

    @Test
    void anIndexThatIsNotTheNextPositionIsRefused() {
        FieldNames one = FieldNames.of("ping").then(0, "Node");
        assertThatThrownBy(() -> one.then(2, "SeqNo"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ping.SeqNo has index 2");
        assertThatThrownBy(() -> one.then(0, "SeqNo")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void namesMustAscendByByteValue() {
        // Go sorts by bytes: upper case before lower case, so "Zone" < "addr"
        FieldNames ok = FieldNames.of("x").then(0, "Zone").then(1, "addr");
        assertThat(ok.names().length).isEqualTo(2);
        assertThatThrownBy(() -> FieldNames.of("x").then(0, "SeqNo").then(1, "Node"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not sort after SeqNo");
        assertThatThrownBy(() -> FieldNames.of("x").then(0, "Node").then(1, "Node"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNameMustFitAFixstrKey() {
        assertThatThrownBy(() -> FieldNames.of("x").then(0, "N".repeat(32)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(FieldNames.of("x").then(0, "N".repeat(31)).key(0)[0]).isEqualTo((byte) 0xbf);
    }
}
