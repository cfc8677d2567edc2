package io.memberlist.codec;

import static io.memberlist.codec.TestBytes.cat;
import static io.memberlist.codec.TestBytes.key;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decoder accepts at least what Go's decoder accepts (PROTOCOL.md §1.2), even though Go never
 * sends most of these forms.
 */
class MessagesAcceptanceTest {
    private static final byte[] IP1 = {10, 0, 0, 1};
    private static final byte[] VSN = {1, 5, 2, 0, 0, 0};

    private static Message packet(Object... parts) throws CodecException {
        byte[] b = cat(parts);
        return Messages.decodePacket(b, 0, b.length);
    }

    private static Message stream(Object... parts) throws CodecException {
        byte[] b = cat(parts);
        Messages.Decoded d = Messages.decodeStream(b, 0, b.length);
        assertThat(d.consumed()).isEqualTo(b.length);
        return d.message();
    }

    @Test
    void map16AndMap32Headers() throws CodecException {
        assertThat(packet("0b de0001", key("SeqNo"), "cc c8")).isEqualTo(new NackResp(200));
        assertThat(packet("0b df00000001", key("SeqNo"), "cc c8")).isEqualTo(new NackResp(200));
    }

    @Test
    void keysInEveryStringAndBinForm() throws CodecException {
        NackResp expected = new NackResp(7);
        assertThat(packet("0b 81 d9 05", "\"SeqNo", "07")).isEqualTo(expected);
        assertThat(packet("0b 81 da 0005", "\"SeqNo", "07")).isEqualTo(expected);
        assertThat(packet("0b 81 db 00000005", "\"SeqNo", "07")).isEqualTo(expected);
        assertThat(packet("0b 81 c4 05", "\"SeqNo", "07")).isEqualTo(expected);
        assertThat(packet("0b 81 c5 0005", "\"SeqNo", "07")).isEqualTo(expected);
        assertThat(packet("0b 81 c6 00000005", "\"SeqNo", "07")).isEqualTo(expected);
    }

    @Test
    void keyMatchIsExactAndCaseSensitive() throws CodecException {
        assertThat(packet("0b 82", key("seqno"), "07", key("SeqNo "), "08")).isEqualTo(new NackResp(0));
        assertThat(packet("0b 81", key("SEQNO"), "07")).isEqualTo(new NackResp(0));
    }

    @Test
    void nilKeyNamesNoField() throws CodecException {
        assertThat(packet("0b 82 c0 05", key("SeqNo"), "06")).isEqualTo(new NackResp(6));
    }

    @Test
    void unknownKeysAreSkippedWhateverTheirValue() throws CodecException {
        Object[] unknowns = {
            key("A"), "c3",
            key("B"), "cb 3ff0000000000000",                     // float64
            key("C"), "ca 3f800000",                             // float32
            key("D"), "92 81 a1 78 93 01 02 90 c0",              // [ {x: [1,2,[]]}, nil ]
            key("E"), "d6 01 00000000",                          // fixext4
            key("F"), "c7 03 05 616263",                         // ext8
            key("G"), "de 0001 a1 6b dc 0002 d0 80 cf 0000000000000001",
            key("H"), "d9 03 616263",                            // str8
            key("I"), "c4 02 0102",                              // bin8
            key("J"), "d4 01 ff",                                // fixext1
        };
        Object[] parts = new Object[3 + unknowns.length + 2];
        parts[0] = "04";
        parts[1] = "8f"; // 15 entries: 10 unknown + 5 known
        System.arraycopy(unknowns, 0, parts, 2, unknowns.length);
        parts[2 + unknowns.length] = cat(key("Addr"), "a4 0a000001", key("Incarnation"), "01");
        parts[3 + unknowns.length] = cat(key("Node"), "a6", "\"node-a", key("Port"), "cd 1f0a");
        parts[4 + unknowns.length] = cat(key("Vsn"), "a6 010502000000");
        assertThat(packet(parts)).isEqualTo(new Alive(1, "node-a", IP1, 7946, null, VSN));
    }

    @Test
    void missingKeysLeaveZeroValues() throws CodecException {
        assertThat(packet("04 80")).isEqualTo(new Alive(0, "", null, 0, null, null));
        assertThat(packet("00 81", key("SeqNo"), "05")).isEqualTo(Ping.of(5, ""));
        assertThat(packet("01 80")).isEqualTo(new IndirectPingReq(0, null, 0, "", false, null, 0, ""));
        assertThat(stream("06 80")).isEqualTo(PushPull.of(false, List.of()));
        assertThat(stream("08 80")).isEqualTo(new UserMessage(new byte[0]));
        assertThat(stream("0d 80")).isEqualTo(new ErrResp(""));
    }

    @Test
    void nilStructAndNilFieldsGiveZeroValues() throws CodecException {
        assertThat(packet("03 c0")).isEqualTo(new Suspect(0, "", ""));
        assertThat(packet("04 86", key("Addr"), "c0", key("Incarnation"), "c0", key("Meta"), "c0",
                key("Node"), "c0", key("Port"), "c0", key("Vsn"), "c0"))
                .isEqualTo(new Alive(0, "", null, 0, null, null));
        assertThat(packet("01 81", key("Nack"), "c0").equals(
                new IndirectPingReq(0, null, 0, "", false, null, 0, ""))).isTrue();
    }

    @Test
    void duplicateKeysLastWins() throws CodecException {
        assertThat(packet("03 84", key("Node"), "a1 61", key("Incarnation"), "01",
                key("From"), "a1 62", key("Node"), "a1 63"))
                .isEqualTo(new Suspect(1, "c", "b"));
    }

    @Test
    void boolsFromFixint() throws CodecException {
        assertThat(((IndirectPingReq) packet("01 81", key("Nack"), "01")).nack()).isTrue();
        assertThat(((IndirectPingReq) packet("01 81", key("Nack"), "00")).nack()).isFalse();
        assertThat(((PushPull) stream("06 81", key("Join"), "01")).join()).isTrue();
    }

    @Test
    void byteStringsFromStr8BinAndArrays() throws CodecException {
        Object[] forms = {"d9 04 0a000001", "da 0004 0a000001", "c4 04 0a000001",
            "c5 0004 0a000001", "c6 00000004 0a000001", "94 0a 00 00 01",
            "dc 0004 0a 00 cc00 01", "dd 00000004 0a c0 00 d001"};
        for (Object form : forms) {
            Alive a = (Alive) packet("04 81", key("Addr"), form);
            assertThat(a.addr()).as(form.toString()).containsExactly(IP1);
        }
    }

    @Test
    void vsnAsAnArray() throws CodecException {
        Alive a = (Alive) packet("04 81", key("Vsn"), "96 01 05 02 00 00 00");
        assertThat(a.vsn()).containsExactly(VSN);
    }

    @Test
    void shortOrOddVectorsAndAddressesAreCarriedAsReceived() throws CodecException {
        Alive a = (Alive) packet("04 82", key("Vsn"), "a2 0105", key("Addr"), "a5 0102030405");
        assertThat(a.vsn()).containsExactly(1, 5);
        assertThat(a.addr()).hasSize(5);
        assertThat(Messages.decodePacket(Messages.encode(a))).isEqualTo(a);
        Alive empty = (Alive) packet("04 81", key("Addr"), "a0");
        assertThat(empty.addr()).isEmpty();
    }

    @Test
    void stringsFromEveryStrFormBinAndNil() throws CodecException {
        for (Object form : new Object[] {"a3 616263", "d9 03 616263", "da 0003 616263",
                "db 00000003 616263", "c4 03 616263", "c5 0003 616263", "c6 00000003 616263"}) {
            assertThat(stream("0d 81", key("Error"), form)).as(form.toString()).isEqualTo(new ErrResp("abc"));
        }
        assertThat(stream("0d 81", key("Error"), "c0")).isEqualTo(new ErrResp(""));
        assertThat(stream("0d 81", key("Error"), "a5 c3a9e88a82")).isEqualTo(new ErrResp("é节"));
        assertThat(stream("0d 81", key("Error"), "a4 f09f9880")).isEqualTo(new ErrResp("\uD83D\uDE00"));
        // a genuine U+FFFD is valid UTF-8 (not a decoding failure)
        assertThat(stream("0d 81", key("Error"), "a3 efbfbd")).isEqualTo(new ErrResp("\uFFFD"));
    }

    @Test
    void integersInEveryFormThatFits() throws CodecException {
        Object[] forms300 = {"cd 012c", "ce 0000012c", "cf 000000000000012c", "d1 012c",
            "d2 0000012c", "d3 000000000000012c"};
        for (Object f : forms300) {
            assertThat(packet("0b 81", key("SeqNo"), f)).as(f.toString()).isEqualTo(new NackResp(300));
            assertThat(((Alive) packet("04 81", key("Port"), f)).port()).isEqualTo(300);
        }
        assertThat(packet("0b 81", key("SeqNo"), "d0 7f")).isEqualTo(new NackResp(127));
        assertThat(packet("0b 81", key("SeqNo"), "cc 05")).isEqualTo(new NackResp(5));
        assertThat(packet("0b 81", key("SeqNo"), "ce ffffffff")).isEqualTo(new NackResp(0xFFFF_FFFFL));
        assertThat(packet("0b 81", key("SeqNo"), "d3 00000000ffffffff")).isEqualTo(new NackResp(0xFFFF_FFFFL));
        assertThat(((Alive) packet("04 81", key("Port"), "cd ffff")).port()).isEqualTo(65535);
    }

    @Test
    void goIntFieldsInBothStylesAndNegativeStates() throws CodecException {
        byte[] head = cat("06 83", key("Join"), "c2", key("Nodes"), "01", key("UserStateLen"), "d1 012c");
        byte[] v022 = cat("06 83", key("Join"), "c2", key("Nodes"), "01", key("UserStateLen"), "cd 012c");
        byte[] state = cat("81", key("State"), "ff");
        byte[] user = new byte[300];
        PushPull expected = new PushPull(false,
                List.of(new PushNodeState("", null, 0, null, 0, -1, null)), user);
        assertThat(stream(head, state, user)).isEqualTo(expected);
        assertThat(stream(v022, state, user)).isEqualTo(expected);
        assertThat(stream("08 81", key("UserMsgLen"), "d2 00000002 abcd"))
                .isEqualTo(new UserMessage(new byte[] {(byte) 0xab, (byte) 0xcd}));
    }

    @Test
    void trailingBytesAfterAPacketBodyAreIgnored() throws CodecException {
        assertThat(packet("0b 81", key("SeqNo"), "05 c1 ff ff")).isEqualTo(new NackResp(5));
    }

    @Test
    void emptyUserPacket() throws CodecException {
        assertThat(packet("08")).isEqualTo(new UserMessage(new byte[0]));
    }
}
