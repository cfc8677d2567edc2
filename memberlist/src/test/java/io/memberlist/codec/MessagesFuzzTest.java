package io.memberlist.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the two decoders with arbitrary bytes. Only {@link CodecException} may come out; a
 * message that decodes must re-encode (in both int styles) to bytes that decode to an equal
 * message, with {@link Messages#encodedSize} matching.
 *
 * <p>Without {@code JAZZER_FUZZ=1} this runs the seeds (and past crashers) under
 * {@code src/test/resources/io/memberlist/codec/MessagesFuzzTestInputs/<method>/}. To fuzz:
 * {@code JAZZER_FUZZ=1 mvn -o -pl memberlist test -Dtest=MessagesFuzzTest#decodePacket}.
 *
 * <p>Checks are plain {@code AssertionError}s rather than AssertJ: Jazzer instruments every class
 * the test loads, and AssertJ's size made the regression run several times slower.
 */
class MessagesFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodePacket(byte[] data) {
        Message m;
        try {
            m = Messages.decodePacket(data, 0, data.length);
        } catch (CodecException e) {
            check(e.kind() != null, "exception without kind");
            return;
        }
        for (IntStyle style : IntStyle.values()) {
            byte[] enc = Messages.encode(m, style);
            check(Messages.encodedSize(m, style) == enc.length, "encodedSize differs for " + m);
            Message again;
            try {
                again = Messages.decodePacket(enc, 0, enc.length);
            } catch (CodecException e) {
                throw new AssertionError("re-encoded " + m + " does not decode: " + e, e);
            }
            check(again.equals(m), "round trip changed " + m + " into " + again);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void decodeStream(byte[] data) {
        Messages.Decoded d;
        try {
            d = Messages.decodeStream(data, 0, data.length);
        } catch (CodecException e) {
            check(e.kind() != null, "exception without kind");
            return;
        }
        check(d.consumed() >= 1 && d.consumed() <= data.length, "consumed " + d.consumed());
        Message m = d.message();
        for (IntStyle style : IntStyle.values()) {
            byte[] enc = Messages.encodeStream(m, style);
            Messages.Decoded again;
            try {
                again = Messages.decodeStream(enc, 0, enc.length);
            } catch (CodecException e) {
                throw new AssertionError("re-encoded " + m + " does not decode: " + e, e);
            }
            check(again.message().equals(m), "round trip changed " + m + " into " + again.message());
            check(again.consumed() == enc.length, "consumed " + again.consumed() + " of " + enc.length);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
