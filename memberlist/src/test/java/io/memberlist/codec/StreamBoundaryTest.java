package io.memberlist.codec;

import static io.memberlist.codec.TestBytes.cat;
import static io.memberlist.codec.TestBytes.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link StreamBoundary}: where a plain stream message ends, for every message shape a stream
 * carries, whatever the chunking; linear work; limits applied before waiting for bytes.
 */
class StreamBoundaryTest {
    private static final int LIMIT = Limits.MAX_ENCRYPTED_STREAM_BYTES;
    private static final byte[] VSN = {1, 5, 2, 0, 0, 0};

    private static PushNodeState state(int i, int metaBytes) {
        byte[] meta = new byte[metaBytes];
        for (int j = 0; j < metaBytes; j++) {
            meta[j] = (byte) (i + j);
        }
        return new PushNodeState("node-" + i, new byte[] {10, 0, (byte) (i >>> 8), (byte) i}, 7946,
                metaBytes == 0 ? null : meta, i + 1L, i % 4, VSN);
    }

    private static PushPull pushPull(int states, int metaBytes, int userStateBytes, boolean join) {
        List<PushNodeState> list = new ArrayList<>();
        for (int i = 0; i < states; i++) {
            list.add(state(i, metaBytes));
        }
        byte[] user = new byte[userStateBytes];
        for (int i = 0; i < user.length; i++) {
            user[i] = (byte) (i * 31);
        }
        return new PushPull(join, list, userStateBytes == 0 ? null : user);
    }

    /** Every shape of plain stream message, encoded as it goes on the wire. */
    static Stream<Arguments> shapes() {
        byte[] pp = Messages.encodeStream(pushPull(5, 40, 300, false));
        return Stream.of(
                Arguments.of("push/pull with states and user state", pp),
                Arguments.of("join push/pull, one state, no user state",
                        Messages.encodeStream(pushPull(1, 0, 0, true))),
                Arguments.of("push/pull with no state", Messages.encodeStream(pushPull(0, 0, 0, false))),
                Arguments.of("push/pull with only user state", Messages.encodeStream(pushPull(0, 0, 1000, false))),
                Arguments.of("user message", Messages.encodeStream(new UserMessage(new byte[] {1, 2, 3, 4, 5}))),
                Arguments.of("empty user message", Messages.encodeStream(new UserMessage(new byte[0]))),
                Arguments.of("ping", Messages.encodeStream(new Ping(7, "node-1", new byte[] {10, 0, 0, 1}, 7946, "me"))),
                Arguments.of("ack without payload", Messages.encodeStream(new AckResp(7, null))),
                Arguments.of("ack with payload", Messages.encodeStream(new AckResp(8, new byte[300]))),
                Arguments.of("err", Messages.encodeStream(new ErrResp("remote error: no"))),
                Arguments.of("compressed push/pull", Compression.compress(pp)));
    }

    /** Feeds {@code msg} (placed at offset {@code start} of a larger buffer) in pieces of the given sizes. */
    private static int feed(StreamBoundary b, byte[] buf, int start, int total, int[] pieces) throws CodecException {
        int available = 0;
        for (int i = 0; available < total; i++) {
            available = Math.min(total, available + pieces[i % pieces.length]);
            int n = b.advance(buf, start, available);
            if (n >= 0) {
                return n;
            }
        }
        return -1;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void wholeAndByteByByteGiveTheSameBoundary(String name, byte[] msg) throws CodecException {
        assertThat(new StreamBoundary(LIMIT).advance(msg, 0, msg.length)).isEqualTo(msg.length);
        // Byte by byte: nothing before the last byte, then the whole length.
        StreamBoundary b = new StreamBoundary(LIMIT);
        for (int i = 0; i < msg.length - 1; i++) {
            assertThat(b.advance(msg, 0, i)).as("after %d bytes", i).isEqualTo(-1);
        }
        assertThat(b.advance(msg, 0, msg.length)).isEqualTo(msg.length);
        // Random pieces, at an offset, with bytes of the next message after it.
        byte[] buf = cat("f40161", msg, "deadbeef");
        SplittableRandom rnd = new SplittableRandom(msg.length);
        for (int round = 0; round < 5; round++) {
            int[] pieces = rnd.ints(16, 1, 40).toArray();
            assertThat(feed(new StreamBoundary(LIMIT), buf, 3, buf.length - 3, pieces)).isEqualTo(msg.length);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void aTruncatedMessageNeverEnds(String name, byte[] msg) throws CodecException {
        StreamBoundary b = new StreamBoundary(LIMIT);
        assertThat(b.advance(msg, 0, msg.length - 1)).isEqualTo(-1);
        assertThat(b.advance(msg, 0, msg.length - 1)).isEqualTo(-1); // asking again changes nothing
    }

    @Test
    void workIsLinearForAHundredKilobytePushPullFedOneByteAtATime() throws CodecException {
        // 400 states with 200 bytes of metadata each (bin8 tokens), plus 16 KB of user state.
        byte[] msg = Messages.encodeStream(pushPull(400, 200, 16 * 1024, false));
        assertThat(msg.length).isGreaterThan(100_000);
        StreamBoundary b = new StreamBoundary(LIMIT);
        int end = -1;
        for (int i = 1; i <= msg.length && end < 0; i++) {
            end = b.advance(msg, 0, i);
        }
        assertThat(end).isEqualTo(msg.length);
        System.out.printf("StreamBoundary: %d bytes fed one at a time: work %d (%.2f per byte)%n",
                msg.length, b.work(), b.work() / (double) msg.length);
        assertThat(b.work()).isLessThanOrEqualTo(4L * msg.length);
        StreamBoundary whole = new StreamBoundary(LIMIT);
        whole.advance(msg, 0, msg.length);
        assertThat(whole.work()).isLessThanOrEqualTo(msg.length);
    }

    @Test
    void workStaysLinearForLargeTokensFedOneByteAtATime() throws CodecException {
        // A push/pull whose one state carries a 100 KB str32 in an unknown field: each call
        // looks at the token's 5-byte header again, a constant cost per call.
        byte[] big = new byte[100_000];
        byte[] msg = cat("06", "83", key("Join"), "c2", key("Nodes"), "01", key("UserStateLen"), "00",
                "81", key("Big"), "db", int32(big.length), big);
        StreamBoundary b = new StreamBoundary(LIMIT);
        int end = -1;
        for (int i = 1; i <= msg.length && end < 0; i++) {
            end = b.advance(msg, 0, i);
        }
        assertThat(end).isEqualTo(msg.length);
        System.out.printf("StreamBoundary: a 100 KB str32 fed one byte at a time: work %d (%.2f per byte)%n",
                b.work(), b.work() / (double) msg.length);
        assertThat(b.work()).isLessThanOrEqualTo(6L * msg.length);
    }

    private static byte[] int32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static CodecException.Kind kindOf(byte[] msg, int limit) {
        try {
            new StreamBoundary(limit).advance(msg, 0, msg.length);
        } catch (CodecException e) {
            return e.kind();
        }
        return null;
    }

    @Test
    void overLimitCountsAndLengthsAreRefusedBeforeWaitingForTheBytes() {
        // Each of these is only a prefix: the declared size alone is refused.
        byte[] tooManyNodes = cat("06", "83", key("Join"), "c2", key("Nodes"), "ce",
                int32(Limits.MAX_PUSH_STATE_NODES + 1L), key("UserStateLen"), "00");
        byte[] tooMuchUserState = cat("06", "83", key("Join"), "c2", key("Nodes"), "00", key("UserStateLen"), "ce",
                int32(Limits.MAX_USER_STATE_BYTES + 1L));
        byte[] tooLongUserMessage = cat("08", "81", key("UserMsgLen"), "ce", int32(Limits.MAX_USER_MSG_BYTES + 1L));
        byte[] hugeBin = cat("00", "81", key("Node"), "c6", "7fffffff");
        byte[] hugeArray = cat("00", "dd", "ffffffff");
        byte[] hugeMap = cat("0d", "df", "ffffffff");
        for (byte[] m : List.of(tooManyNodes, tooMuchUserState, tooLongUserMessage, hugeBin, hugeArray, hugeMap)) {
            assertThat(kindOf(m, LIMIT)).as(TestBytes.hex(m)).isEqualTo(CodecException.Kind.OVER_LIMIT);
        }
        // Within the protocol limits but above this boundary's own limit: refused as well.
        byte[] userState = Messages.encodeStream(pushPull(0, 0, 5000, false));
        assertThat(kindOf(java.util.Arrays.copyOf(userState, 40), 1000)).isEqualTo(CodecException.Kind.OVER_LIMIT);
        byte[] str = cat("0d", "da", "1000"); // str16 of 4096 bytes, none sent
        assertThat(kindOf(str, 1000)).isEqualTo(CodecException.Kind.OVER_LIMIT);
        // The same shapes within the limits simply wait.
        assertThat(kindOf(java.util.Arrays.copyOf(userState, 40), LIMIT)).isNull();
        assertThat(kindOf(str, LIMIT)).isNull();
    }

    @Test
    void negativeCountsAreMalformed() {
        byte[] negativeNodes = cat("06", "83", key("Join"), "c2", key("Nodes"), "ff", key("UserStateLen"), "00");
        assertThat(kindOf(negativeNodes, LIMIT)).isEqualTo(CodecException.Kind.MALFORMED);
    }

    @Test
    void theNeverUsedByteIsRefused() {
        assertThat(kindOf(cat("00", "c1"), LIMIT)).isEqualTo(CodecException.Kind.MALFORMED);
        assertThat(kindOf(cat("0d", "81", key("E"), "c1"), LIMIT)).isEqualTo(CodecException.Kind.MALFORMED);
        assertThat(kindOf(cat("06", "83", key("Join"), "c1"), LIMIT)).isEqualTo(CodecException.Kind.MALFORMED);
    }

    @Test
    void typesNotValidOnAStreamAreRefused() {
        for (int type : new int[] {MessageType.INDIRECT_PING, MessageType.SUSPECT, MessageType.ALIVE,
                MessageType.DEAD, MessageType.COMPOUND, MessageType.ENCRYPT, MessageType.NACK_RESP,
                MessageType.HAS_CRC, 200}) {
            assertThat(kindOf(new byte[] {(byte) type, (byte) 0x80}, LIMIT)).as("type %d", type)
                    .isEqualTo(CodecException.Kind.UNSUPPORTED);
        }
    }

    @Test
    void nothingYetIsNotAnEnd() throws CodecException {
        StreamBoundary b = new StreamBoundary(LIMIT);
        assertThat(b.advance(new byte[0], 0, 0)).isEqualTo(-1);
        assertThat(b.work()).isZero();
    }
}
