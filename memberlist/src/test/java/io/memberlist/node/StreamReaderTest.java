package io.memberlist.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.codec.CodecException;
import io.memberlist.codec.CodecOptions;
import io.memberlist.codec.Compression;
import io.memberlist.codec.Keyring;
import io.memberlist.codec.Limits;
import io.memberlist.codec.Message;
import io.memberlist.codec.MessageType;
import io.memberlist.codec.Messages;
import io.memberlist.codec.PushNodeState;
import io.memberlist.codec.PushPull;
import io.memberlist.codec.StreamCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamReader}: one stream message from pieces of any size, label checked first, the
 * stage of a failure (label, framing, body) reported for the node's answer rule.
 */
class StreamReaderTest {
    private static final int MAX = NodeLimits.STREAM_BYTES;
    private static final byte[] KEY = "0123456789abcdef".getBytes();
    private static final byte[] OTHER_KEY = "fedcba9876543210".getBytes();

    private static StreamCodec codec(String label, byte[] key, boolean compression) {
        CodecOptions.Builder b = CodecOptions.builder().label(label).compression(compression);
        if (key != null) {
            b.keyring(Keyring.of(key));
        }
        return new StreamCodec(b.build());
    }

    static PushPull pushPull(int states, int metaBytes, int userStateBytes) {
        List<PushNodeState> list = new ArrayList<>();
        for (int i = 0; i < states; i++) {
            byte[] meta = new byte[metaBytes];
            Arrays.fill(meta, (byte) i);
            list.add(new PushNodeState("node-" + i, new byte[] {10, 0, (byte) (i >>> 8), (byte) i}, 7946,
                    meta, i + 1L, 0, new byte[] {1, 5, 2, 0, 0, 0}));
        }
        return new PushPull(false, list, new byte[userStateBytes]);
    }

    /** What a dialer with {@code c} writes: its label header, then the framed message. */
    private static byte[] request(StreamCodec c, Message m) {
        byte[] label = c.labelHeader();
        byte[] body = c.encodeMessage(Messages.encodeStream(m), new SplittableRandom(1));
        byte[] out = Arrays.copyOf(label, label.length + body.length);
        System.arraycopy(body, 0, out, label.length, body.length);
        return out;
    }

    private static Message readWhole(StreamReader r, byte[] bytes) throws CodecException {
        r.append(bytes, 0, bytes.length);
        return r.poll();
    }

    /** Appends one byte at a time, polling after each; the message must come only at the last. */
    private static Message readByteByByte(StreamReader r, byte[] bytes) throws CodecException {
        for (int i = 0; i < bytes.length; i++) {
            r.append(bytes, i, 1);
            Message m = r.poll();
            if (m != null) {
                assertThat(i).as("message before its last byte").isEqualTo(bytes.length - 1);
                return m;
            }
        }
        return null;
    }

    private static StreamReader.Stage failureStage(StreamCodec c, boolean listener, byte[] bytes, int pieces) {
        StreamReader r = new StreamReader(c, listener, MAX);
        try {
            for (int off = 0; off < bytes.length; off += pieces) {
                r.append(bytes, off, Math.min(pieces, bytes.length - off));
                if (r.poll() != null) {
                    return null;
                }
            }
        } catch (CodecException e) {
            return r.stage();
        }
        throw new AssertionError("neither a message nor a failure");
    }

    @Test
    void plainCompressedAndEncryptedMessagesReadWholeAndByteByByte() throws CodecException {
        PushPull pp = pushPull(3, 10, 50);
        for (StreamCodec c : List.of(codec("", null, false), codec("", null, true), codec("", KEY, false),
                codec("", KEY, true), codec("east", null, false), codec("east", KEY, true))) {
            byte[] bytes = request(c, pp);
            assertThat(readWhole(new StreamReader(c, true, MAX), bytes)).as(c.options().toString()).isEqualTo(pp);
            assertThat(readByteByByte(new StreamReader(c, true, MAX), bytes)).as(c.options().toString())
                    .isEqualTo(pp);
        }
    }

    @Test
    void theDialerReadsTheReplyWithoutALabel() throws CodecException {
        StreamCodec c = codec("east", KEY, true);
        byte[] reply = c.encodeMessage(Messages.encodeStream(pushPull(1, 0, 0)), new SplittableRandom(2));
        assertThat(readByteByByte(new StreamReader(c, false, MAX), reply)).isEqualTo(pushPull(1, 0, 0));
    }

    @Test
    void theFrameStartsAfterTheLabelHeader() throws CodecException {
        StreamCodec c = codec("east", null, false);
        byte[] bytes = request(c, pushPull(1, 0, 0));
        int header = c.labelHeader().length;
        StreamReader r = new StreamReader(c, true, MAX);
        r.append(bytes, 0, header);
        assertThat(r.poll()).isNull();
        assertThat(r.frameStarted()).isFalse();
        r.append(bytes, header, 1);
        assertThat(r.poll()).isNull();
        assertThat(r.frameStarted()).isTrue();
    }

    @Test
    void aRefusedLabelFailsAtTheLabelStageAsSoonAsItsHeaderIsComplete() {
        StreamCodec east = codec("east", null, false);
        StreamCodec west = codec("west", null, false);
        StreamCodec none = codec("", null, false);
        byte[] fromWest = request(west, pushPull(1, 0, 0));
        byte[] unlabelled = request(none, pushPull(1, 0, 0));
        // Wrong label, label missing, label not expected.
        assertThat(failureStage(east, true, fromWest, 1)).isEqualTo(StreamReader.Stage.LABEL);
        assertThat(failureStage(east, true, unlabelled, 1)).isEqualTo(StreamReader.Stage.LABEL);
        assertThat(failureStage(none, true, fromWest, 1)).isEqualTo(StreamReader.Stage.LABEL);
        // Only the header: refused before any message byte is buffered.
        StreamReader r = new StreamReader(east, true, MAX);
        assertThatThrownBy(() -> {
            r.append(fromWest, 0, west.labelHeader().length);
            r.poll();
        }).isInstanceOf(CodecException.class);
        assertThat(r.stage()).isEqualTo(StreamReader.Stage.LABEL);
        assertThat(r.frameStarted()).isFalse();
    }

    @Test
    void framingErrorsFailAtTheFramingStage() {
        StreamCodec encrypted = codec("", KEY, false);
        StreamCodec plain = codec("", null, false);
        // Another key.
        byte[] otherKey = request(codec("", OTHER_KEY, false), pushPull(1, 0, 0));
        assertThat(failureStage(encrypted, true, otherKey, 7)).isEqualTo(StreamReader.Stage.FRAMING);
        // Plain text while encryption is required.
        assertThat(failureStage(encrypted, true, request(plain, pushPull(1, 0, 0)), 7))
                .isEqualTo(StreamReader.Stage.FRAMING);
        // Encrypted while no key is configured.
        assertThat(failureStage(plain, true, otherKey, 7)).isEqualTo(StreamReader.Stage.FRAMING);
        // An envelope declaring more than 20 MiB: refused on its 5-byte header.
        byte[] huge = {(byte) MessageType.ENCRYPT, 0x01, 0x40, 0x00, 0x01};
        assertThat(failureStage(encrypted, true, huge, 1)).isEqualTo(StreamReader.Stage.FRAMING);
        // A compress message whose LZW data is broken, or whose msgpack is.
        byte[] compressed = Compression.compress(Messages.encodeStream(pushPull(2, 5, 5)));
        byte[] brokenLzw = compressed.clone();
        for (int i = compressed.length - 8; i < compressed.length; i++) {
            brokenLzw[i] = (byte) 0xff;
        }
        assertThat(failureStage(plain, true, brokenLzw, 3)).isEqualTo(StreamReader.Stage.FRAMING);
        byte[] neverUsed = {(byte) MessageType.COMPRESS, (byte) 0x82, (byte) 0xc1};
        assertThat(failureStage(plain, true, neverUsed, 1)).isEqualTo(StreamReader.Stage.FRAMING);
    }

    @Test
    void bodyErrorsFailAtTheBodyStage() {
        StreamCodec plain = codec("", null, false);
        StreamCodec encrypted = codec("", KEY, false);
        // A never-used msgpack byte inside a plain message.
        byte[] neverUsed = {(byte) MessageType.PUSH_PULL, (byte) 0x83, (byte) 0xc1};
        assertThat(failureStage(plain, true, neverUsed, 1)).isEqualTo(StreamReader.Stage.BODY);
        // A header whose Nodes is a string; a type that is not a stream message.
        byte[] wrongType = io.memberlist.codec.Messages.encodeStream(new io.memberlist.codec.ErrResp("x"));
        wrongType[0] = (byte) MessageType.ALIVE;
        assertThat(failureStage(plain, true, wrongType, 1)).isEqualTo(StreamReader.Stage.BODY);
        byte[] stringNodes = {(byte) MessageType.PUSH_PULL, (byte) 0x81, (byte) 0xa5, 'N', 'o', 'd', 'e', 's',
                (byte) 0xa1, 'x'};
        assertThat(failureStage(plain, true, stringNodes, 1)).isEqualTo(StreamReader.Stage.BODY);
        // A correctly encrypted envelope around a broken body.
        byte[] bad = new byte[] {(byte) MessageType.PUSH_PULL, (byte) 0x81, (byte) 0xa5, 'N', 'o', 'd', 'e', 's',
                (byte) 0xa1, 'x'};
        byte[] sealed = encrypted.encodeMessage(bad, new SplittableRandom(3));
        assertThat(failureStage(encrypted, true, sealed, 5)).isEqualTo(StreamReader.Stage.BODY);
    }

    @Test
    void inputOverTheCapIsRefusedOnAppend() throws CodecException {
        StreamReader r = new StreamReader(codec("", null, false), true, 100);
        r.append(new byte[60], 0, 60);
        assertThatThrownBy(() -> r.append(new byte[41], 0, 41)).isInstanceOf(CodecException.class)
                .satisfies(e -> assertThat(((CodecException) e).kind()).isEqualTo(CodecException.Kind.OVER_LIMIT));
        r.append(new byte[40], 0, 40); // exactly at the cap
        assertThat(r.buffered()).isEqualTo(100);
    }

    @Test
    void aDeclaredSizeOverTheCapIsRefusedBeforeWaiting() {
        // A plain push/pull declaring 5,000 bytes of user state to a reader capped at 1,000.
        byte[] pp = Messages.encodeStream(pushPull(0, 0, 5000));
        StreamReader r = new StreamReader(codec("", null, false), true, 1000);
        assertThatThrownBy(() -> {
            r.append(pp, 0, 40);
            r.poll();
        }).isInstanceOf(CodecException.class)
                .satisfies(e -> assertThat(((CodecException) e).kind()).isEqualTo(CodecException.Kind.OVER_LIMIT));
    }

    @Test
    void bytesAfterTheMessageAreNotRead() throws CodecException {
        StreamCodec c = codec("", null, false);
        byte[] bytes = request(c, pushPull(1, 0, 0));
        StreamReader r = new StreamReader(c, true, MAX);
        r.append(bytes, 0, bytes.length);
        assertThat(r.poll()).isEqualTo(pushPull(1, 0, 0));
        r.append(new byte[] {1, 2, 3}, 0, 3);
        assertThat(r.poll()).isNull();
    }

    @Test
    void workIsLinearForAHundredKilobytePushPullFedOneByteAtATime() throws CodecException {
        for (StreamCodec c : List.of(codec("", null, false), codec("", null, true), codec("", KEY, false))) {
            byte[] bytes = request(c, pushPull(400, 200, 16 * 1024));
            StreamReader r = new StreamReader(c, true, MAX);
            assertThat(readByteByByte(r, bytes)).isNotNull();
            assertThat(bytes.length).isGreaterThan(c.options().compression() ? 1000 : 100_000);
            System.out.printf("StreamReader %s: %d bytes one at a time, work %d (%.2f per byte)%n",
                    c.options().compression() ? "compressed" : c.options().keyring() != null ? "encrypted" : "plain",
                    bytes.length, r.work(), r.work() / (double) bytes.length);
            assertThat(r.work()).isLessThanOrEqualTo(4L * bytes.length);
        }
        assertThat(Limits.MAX_ENCRYPTED_STREAM_BYTES).isLessThan(MAX);
    }

    @Test
    void workIsAtMostFourPerByteForALargeCompressedPushPullFedOneByteAtATime() throws CodecException {
        // Random metadata compresses badly: the LZW output is over 64 KiB, a str32.
        SplittableRandom rnd = new SplittableRandom(5);
        List<PushNodeState> states = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            byte[] meta = new byte[200];
            rnd.nextBytes(meta);
            states.add(new PushNodeState("node-" + i, new byte[] {10, 0, (byte) (i >>> 8), (byte) i}, 7946,
                    meta, 1, 0, new byte[] {1, 5, 2, 0, 0, 0}));
        }
        StreamCodec c = codec("", null, true);
        byte[] bytes = request(c, new PushPull(false, states, null));
        assertThat(bytes.length).isGreaterThan(65_536);
        StreamReader r = new StreamReader(c, true, MAX);
        assertThat(readByteByByte(r, bytes)).isNotNull();
        assertThat(r.work()).isLessThanOrEqualTo(4L * bytes.length);
    }

    @Test
    void workIsLinearForALargeCompressedPushPullFedOneByteAtATime() throws CodecException {
        SplittableRandom rnd = new SplittableRandom(5);
        List<PushNodeState> states = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            byte[] meta = new byte[200];
            rnd.nextBytes(meta);
            states.add(new PushNodeState("node-" + i, new byte[] {10, 0, (byte) (i >>> 8), (byte) i}, 7946,
                    meta, 1, 0, new byte[] {1, 5, 2, 0, 0, 0}));
        }
        StreamCodec c = codec("", null, true);
        byte[] bytes = request(c, new PushPull(false, states, null));
        StreamReader r = new StreamReader(c, true, MAX);
        assertThat(readByteByByte(r, bytes)).isNotNull();
        System.out.printf("StreamReader compressed (str32 Buf): %d bytes one at a time, work %d (%.2f per byte)%n",
                bytes.length, r.work(), r.work() / (double) bytes.length);
        assertThat(r.work()).isLessThanOrEqualTo(7L * bytes.length);
    }
}
