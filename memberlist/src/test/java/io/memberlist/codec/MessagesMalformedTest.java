package io.memberlist.codec;

import static io.memberlist.codec.CodecException.Kind.MALFORMED;
import static io.memberlist.codec.CodecException.Kind.OVER_LIMIT;
import static io.memberlist.codec.CodecException.Kind.TRUNCATED;
import static io.memberlist.codec.CodecException.Kind.UNSUPPORTED;
import static io.memberlist.codec.TestBytes.cat;
import static io.memberlist.codec.TestBytes.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken input (PROTOCOL.md §16.3 items 7-9, 11): each case ends in a
 * {@link CodecException} of the right kind, never another exception.
 */
class MessagesMalformedTest {

    private static CodecException.Kind packetKind(Object... parts) {
        byte[] b = cat(parts);
        try {
            Message m = Messages.decodePacket(b, 0, b.length);
            return fail("decoded " + m + " from " + TestBytes.hex(b));
        } catch (CodecException e) {
            return e.kind();
        }
    }

    private static CodecException.Kind streamKind(Object... parts) {
        byte[] b = cat(parts);
        try {
            Messages.Decoded d = Messages.decodeStream(b, 0, b.length);
            return fail("decoded " + d + " from " + TestBytes.hex(b));
        } catch (CodecException e) {
            return e.kind();
        }
    }

    private static byte[] header(Object nodes, Object userStateLen) {
        return cat("06 83", key("Join"), "c3", key("Nodes"), nodes, key("UserStateLen"), userStateLen);
    }

    // ---- framing of single messages ------------------------------------------------------------

    @Test
    void emptyPacketIsMalformedEmptyStreamIsTruncated() {
        assertThat(packetKind("")).isEqualTo(MALFORMED);
        assertThat(streamKind("")).isEqualTo(TRUNCATED);
    }

    @Test
    void typeByteWithoutBody() {
        for (int t : new int[] {0, 1, 2, 3, 4, 5, 11}) {
            assertThat(packetKind(t)).as("type %d", t).isEqualTo(TRUNCATED);
        }
        for (int t : new int[] {0, 2, 6, 8, 13}) {
            assertThat(streamKind(t)).as("type %d", t).isEqualTo(TRUNCATED);
        }
    }

    @Test
    void typesNotValidInThatPosition() {
        for (int t : new int[] {6, 7, 9, 10, 12, 13, 14, 100, 244, 255}) {
            assertThat(packetKind(t, "80")).as("packet type %d", t).isEqualTo(UNSUPPORTED);
        }
        for (int t : new int[] {1, 3, 4, 5, 7, 9, 10, 11, 12, 14, 244, 255}) {
            assertThat(streamKind(t, "80")).as("stream type %d", t).isEqualTo(UNSUPPORTED);
        }
    }

    // ---- item 7: msgpack ---------------------------------------------------------------------

    @Test
    void truncatedValues() {
        assertThat(packetKind("0b 81", key("SeqNo"), "cd 01")).isEqualTo(TRUNCATED);
        assertThat(packetKind("0b 81", key("SeqNo"))).isEqualTo(TRUNCATED);
        assertThat(packetKind("0b 82", key("SeqNo"), "01")).isEqualTo(TRUNCATED);
        assertThat(packetKind("0b 81 a5 5365")).isEqualTo(TRUNCATED);
        assertThat(packetKind("03 81", key("Node"), "a6 6e6f")).isEqualTo(TRUNCATED);
        assertThat(packetKind("03 81", key("Node"), "da 01")).isEqualTo(TRUNCATED);
        assertThat(packetKind("04 81", key("Addr"), "94 01 02")).isEqualTo(TRUNCATED);
        assertThat(packetKind("04 81", key("X"), "92 81 a1 61")).isEqualTo(TRUNCATED);
        assertThat(packetKind("0b de 00")).isEqualTo(TRUNCATED);
    }

    @Test
    void wrongTypes() {
        assertThat(packetKind("0b 81", key("SeqNo"), "a1 31")).isEqualTo(MALFORMED);
        assertThat(packetKind("0b 81", key("SeqNo"), "c3")).isEqualTo(MALFORMED);
        assertThat(packetKind("0b 81", key("SeqNo"), "90")).isEqualTo(MALFORMED);
        assertThat(packetKind("03 81", key("Node"), "05")).isEqualTo(MALFORMED);
        assertThat(packetKind("03 81", key("Node"), "91 a1 61")).isEqualTo(MALFORMED);
        assertThat(packetKind("04 81", key("Addr"), "05")).isEqualTo(MALFORMED);
        assertThat(packetKind("04 81", key("Addr"), "81 a1 61 01")).isEqualTo(MALFORMED);
        assertThat(packetKind("04 81", key("Addr"), "c3")).isEqualTo(MALFORMED);
        assertThat(packetKind("04 81", key("Addr"), "92 01 a1 61")).isEqualTo(MALFORMED);
        assertThat(packetKind("01 81", key("Nack"), "02")).isEqualTo(MALFORMED);
        assertThat(packetKind("01 81", key("Nack"), "a4 74727565")).isEqualTo(MALFORMED);
        assertThat(packetKind("04 05")).isEqualTo(MALFORMED);
        assertThat(packetKind("04 a1 61")).isEqualTo(MALFORMED);
        assertThat(packetKind("04 c1")).isEqualTo(MALFORMED);
        assertThat(streamKind("06 83", key("Join"), "a1 31")).isEqualTo(MALFORMED);
    }

    @Test
    void structSentAsAnArrayIsRefused() {
        assertThat(packetKind("0b 91 05")).isEqualTo(MALFORMED);
        assertThat(packetKind("03 93 01 a1 61 a1 62")).isEqualTo(MALFORMED);
    }

    @Test
    void keysThatAreNotStrings() {
        assertThat(packetKind("0b 81 01 05")).isEqualTo(MALFORMED);
        assertThat(packetKind("0b 81 91 01 05")).isEqualTo(MALFORMED);
        assertThat(packetKind("0b 81 c3 05")).isEqualTo(MALFORMED);
    }

    @Test
    void integersOutOfTheFieldRange() {
        // port > 65535
        assertThat(packetKind("04 81", key("Port"), "ce 00010000")).isEqualTo(MALFORMED);
        assertThat(packetKind("01 81", key("Port"), "d2 00010000")).isEqualTo(MALFORMED);
        assertThat(packetKind("00 81", key("SourcePort"), "cf 0000000000010000")).isEqualTo(MALFORMED);
        // incarnation / seq > 2^32-1
        assertThat(packetKind("04 81", key("Incarnation"), "cf 0000000100000000")).isEqualTo(MALFORMED);
        assertThat(packetKind("0b 81", key("SeqNo"), "d3 0000000100000000")).isEqualTo(MALFORMED);
        assertThat(packetKind("0b 81", key("SeqNo"), "cf ffffffffffffffff")).isEqualTo(MALFORMED);
        // vsn elements beyond uint8
        assertThat(packetKind("04 81", key("Vsn"), "92 01 cd 0100")).isEqualTo(MALFORMED);
        // push/pull State beyond the Java int range
        assertThat(streamKind(header("01", "00"), "81", key("State"), "d3 0000000100000000"))
                .isEqualTo(MALFORMED);
    }

    @Test
    void negativeIntoUnsigned() {
        for (String neg : new String[] {"ff", "e0", "d0 80", "d1 ff00", "d2 ffffffff",
                "d3 ffffffffffffffff"}) {
            assertThat(packetKind("0b 81", key("SeqNo"), neg)).as(neg).isEqualTo(MALFORMED);
            assertThat(packetKind("04 81", key("Port"), neg)).as(neg).isEqualTo(MALFORMED);
            assertThat(packetKind("04 81", key("Vsn"), "91", neg)).as(neg).isEqualTo(MALFORMED);
        }
    }

    @Test
    void floatsIntoIntegerFields() {
        for (String f : new String[] {"ca 3f800000", "cb 3ff0000000000000"}) {
            assertThat(packetKind("0b 81", key("SeqNo"), f)).isEqualTo(MALFORMED);
            assertThat(packetKind("04 81", key("Port"), f)).isEqualTo(MALFORMED);
            assertThat(streamKind("06 81", key("Nodes"), f)).isEqualTo(MALFORMED);
            assertThat(streamKind("08 81", key("UserMsgLen"), f)).isEqualTo(MALFORMED);
        }
    }

    @Test
    void declaredLengthsBeyondTheInputAreCheckedBeforeAllocating() {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(packetKind("03 81", key("Node"), "db 7fffffff 61")).isEqualTo(OVER_LIMIT);
            assertThat(packetKind("03 81", key("Node"), "db 00100000 61")).isEqualTo(TRUNCATED);
            assertThat(packetKind("04 81", key("Meta"), "c6 ffffffff")).isEqualTo(OVER_LIMIT);
            assertThat(packetKind("04 81", key("Meta"), "c6 01400001")).isEqualTo(OVER_LIMIT);
            assertThat(packetKind("04 81", key("Meta"), "c5 ffff 00")).isEqualTo(TRUNCATED);
            assertThat(packetKind("04 81", key("Vsn"), "dd ffffffff 01")).isEqualTo(OVER_LIMIT);
            assertThat(packetKind("04 81", key("Vsn"), "dd 00010000 01")).isEqualTo(TRUNCATED);
            assertThat(packetKind("04 df ffffffff")).isEqualTo(OVER_LIMIT);
            assertThat(packetKind("04 df 00100000 a1 61")).isEqualTo(TRUNCATED);
            assertThat(packetKind("04 81", key("X"), "dd 00100000 00")).isEqualTo(TRUNCATED);
            assertThat(packetKind("04 81", key("X"), "df 7fffffff 00")).isEqualTo(OVER_LIMIT);
            assertThat(packetKind("04 81", key("X"), "c9 ffffffff 01")).isEqualTo(OVER_LIMIT);
            assertThat(packetKind("04 81 db ffffffff")).isEqualTo(OVER_LIMIT);
        });
    }

    @Test
    void deepNestingInSkippedValues() throws CodecException {
        byte[] ok = cat("0b 82", key("X"), "91".repeat(32), "00", key("SeqNo"), "05");
        assertThat(Messages.decodePacket(ok, 0, ok.length)).isEqualTo(new NackResp(5));
        assertThat(packetKind("0b 82", key("X"), "91".repeat(33), "00", key("SeqNo"), "05"))
                .isEqualTo(MALFORMED);
        assertThat(packetKind("0b 81", key("X"), "81 a0".repeat(1000), "00")).isEqualTo(MALFORMED);
        assertThat(packetKind("0b 81", key("X"), "91".repeat(100_000))).isEqualTo(MALFORMED);
    }

    @Test
    void unusedCodeInASkippedValue() {
        assertThat(packetKind("0b 81", key("X"), "c1")).isEqualTo(MALFORMED);
        assertThat(packetKind("0b 81", key("X"), "92 01 c1")).isEqualTo(MALFORMED);
    }

    @Test
    void invalidUtf8InStrings() {
        for (String bad : new String[] {"a1 80", "a1 ff", "a2 c328", "a2 c080", "a3 eda080",
                "a4 f4908080", "a3 e28228", "a4 f0908028", "a1 c3", "a5 f888808080"}) {
            assertThat(packetKind("03 81", key("Node"), bad)).as(bad).isEqualTo(MALFORMED);
            assertThat(streamKind("0d 81", key("Error"), bad)).as(bad).isEqualTo(MALFORMED);
        }
    }

    // ---- item 8: push/pull -------------------------------------------------------------------

    @Test
    void pushPullNodeCountLimits() {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(streamKind(header("ff", "00"))).isEqualTo(MALFORMED);
            assertThat(streamKind(header("d3 8000000000000000", "00"))).isEqualTo(MALFORMED);
            assertThat(streamKind(header("ce 00100001", "00"))).isEqualTo(OVER_LIMIT);
            assertThat(streamKind(header("d3 7fffffffffffffff", "00"))).isEqualTo(OVER_LIMIT);
            assertThat(streamKind(header("cf ffffffffffffffff", "00"))).isEqualTo(MALFORMED);
            // the largest count allowed, with nothing behind it: waits for more, allocates nothing
            assertThat(streamKind(header("ce 00100000", "00"))).isEqualTo(TRUNCATED);
            assertThat(streamKind(header("d2 00100000", "00"), "80")).isEqualTo(TRUNCATED);
        });
    }

    @Test
    void fewerNodeStatesThanDeclared() {
        assertThat(streamKind(header("02", "00"), "80")).isEqualTo(TRUNCATED);
        assertThat(streamKind(header("02", "00"), "80 87")).isEqualTo(TRUNCATED);
    }

    @Test
    void userStateLimits() {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(streamKind(header("00", "ff"))).isEqualTo(MALFORMED);
            assertThat(streamKind(header("00", "d2 80000000"))).isEqualTo(MALFORMED);
            assertThat(streamKind(header("00", "ce 01400001"))).isEqualTo(OVER_LIMIT);
            assertThat(streamKind(header("00", "ce 01400000"))).isEqualTo(TRUNCATED);
            assertThat(streamKind(header("00", "0a"), "0102030405")).isEqualTo(TRUNCATED);
        });
    }

    @Test
    void badNodeStateInsideAPushPull() {
        assertThat(streamKind(header("01", "00"), "81", key("Port"), "ce 00010000")).isEqualTo(MALFORMED);
        assertThat(streamKind(header("01", "00"), "05")).isEqualTo(MALFORMED);
    }

    // ---- item 9: user messages on streams ----------------------------------------------------

    @Test
    void userMessageLengthLimits() {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(streamKind("08 81", key("UserMsgLen"), "ff")).isEqualTo(MALFORMED);
            assertThat(streamKind("08 81", key("UserMsgLen"), "d3 ffffffffffffff00")).isEqualTo(MALFORMED);
            assertThat(streamKind("08 81", key("UserMsgLen"), "ce 01400001")).isEqualTo(OVER_LIMIT);
            assertThat(streamKind("08 81", key("UserMsgLen"), "ce 01400000")).isEqualTo(TRUNCATED);
            assertThat(streamKind("08 81", key("UserMsgLen"), "05 01020304")).isEqualTo(TRUNCATED);
        });
    }

    // ---- item 11: addresses of unusable length are data, not codec errors ---------------------

    @Test
    void addressesOfAnyLengthDecode() throws CodecException {
        for (String addr : new String[] {"a0", "a1 01", "a5 0102030405", "c0", "b1 " + "00".repeat(17)}) {
            byte[] ping = cat("00 82", key("SeqNo"), "01", key("SourceAddr"), addr);
            assertThat(Messages.decodePacket(ping, 0, ping.length)).isInstanceOf(Ping.class);
            byte[] ind = cat("01 81", key("Target"), addr);
            IndirectPingReq r = (IndirectPingReq) Messages.decodePacket(ind, 0, ind.length);
            assertThat(Messages.decodePacket(Messages.encode(r))).isEqualTo(r);
        }
    }
}
