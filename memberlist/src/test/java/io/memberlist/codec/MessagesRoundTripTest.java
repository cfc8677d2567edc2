package io.memberlist.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Encode then decode gives the same message, over seeded random messages of every type. */
class MessagesRoundTripTest {

    static LongStream seeds() {
        return LongStream.range(0, 500);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void packetRoundTrip(long seed) throws CodecException {
        RandomMessages gen = new RandomMessages(seed, true);
        for (int i = 0; i < 8; i++) {
            Message m = gen.packetMessage();
            for (IntStyle style : IntStyle.values()) {
                byte[] enc = Messages.encode(m, style);
                assertThat(enc[0] & 0xFF).isEqualTo(m.type());
                assertThat(Messages.encodedSize(m, style)).isEqualTo(enc.length);
                assertThat(Messages.decodePacket(enc, 0, enc.length)).isEqualTo(m);
                // in the middle of a larger buffer, trailing bytes ignored (not for user messages,
                // whose payload is the rest of the packet)
                if (!(m instanceof UserMessage)) {
                    byte[] padded = new byte[enc.length + 7];
                    System.arraycopy(enc, 0, padded, 3, enc.length);
                    padded[3 + enc.length] = (byte) 0xc1;
                    assertThat(Messages.decodePacket(padded, 3, enc.length + 4)).isEqualTo(m);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void streamRoundTrip(long seed) throws CodecException {
        RandomMessages gen = new RandomMessages(seed, true);
        for (int i = 0; i < 4; i++) {
            Message m = gen.streamMessage();
            for (IntStyle style : IntStyle.values()) {
                byte[] enc = Messages.encodeStream(m, style);
                Messages.Decoded d = Messages.decodeStream(enc, 0, enc.length);
                assertThat(d.message()).isEqualTo(m);
                assertThat(d.consumed()).isEqualTo(enc.length);
                assertThat(d.message().hashCode()).isEqualTo(m.hashCode());
                // followed by other bytes: consumed is unchanged
                byte[] more = Arrays.copyOf(enc, enc.length + 5);
                assertThat(Messages.decodeStream(more, 0, more.length).consumed()).isEqualTo(enc.length);
            }
        }
    }

    /** Every strict prefix of a valid stream message is TRUNCATED (the reader waits for more). */
    @ParameterizedTest
    @MethodSource("seeds")
    void everyStrictPrefixOfAStreamMessageIsTruncated(long seed) {
        RandomMessages gen = new RandomMessages(seed ^ 0x5EED, false);
        Message m = gen.streamMessage();
        IntStyle style = IntStyle.values()[(int) (seed & 1)];
        byte[] enc = Messages.encodeStream(m, style);
        for (int n = 0; n < enc.length; n++) {
            CodecException.Kind kind = null;
            try {
                Messages.decodeStream(enc, 0, n);
            } catch (CodecException e) {
                kind = e.kind();
            }
            if (kind != CodecException.Kind.TRUNCATED) {
                assertThat(kind).as("prefix %d of %d bytes of %s", n, enc.length, m)
                        .isEqualTo(CodecException.Kind.TRUNCATED);
            }
        }
    }
}
