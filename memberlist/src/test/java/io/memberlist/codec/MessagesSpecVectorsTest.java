package io.memberlist.codec;

import static io.memberlist.codec.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every hex example of PROTOCOL.md §3 and §5.4: encode gives those bytes, decode gives the value back. */
class MessagesSpecVectorsTest {
    private static final byte[] IP1 = {10, 0, 0, 1};
    private static final byte[] IP2 = {10, 0, 0, 2};
    private static final byte[] VSN = {1, 5, 2, 0, 0, 0};

    private static void assertPacket(Message m, String hexBytes) throws CodecException {
        byte[] expected = hex(hexBytes);
        for (IntStyle style : IntStyle.values()) {
            assertThat(hex(Messages.encode(m, style))).as(style.name()).isEqualTo(hex(expected));
            assertThat(Messages.encodedSize(m, style)).isEqualTo(expected.length);
        }
        assertThat(Messages.decodePacket(expected, 0, expected.length)).isEqualTo(m);
    }

    @Test
    void minimalPing() throws CodecException {
        assertPacket(Ping.of(1, "n"), "00 82 a4 4e6f6465 a1 6e a5 5365714e6f 01");
    }

    @Test
    void fullPing() throws CodecException {
        assertPacket(new Ping(300, "node-b", IP1, 7946, "node-a"),
                "0085a44e6f6465a66e6f64652d62a55365714e6fcd012caa536f7572636541646472a40a000001"
                        + "aa536f757263654e6f6465a66e6f64652d61aa536f75726365506f7274cd1f0a");
    }

    @Test
    void pingIsAlsoAStreamMessage() throws CodecException {
        byte[] b = hex("0085a44e6f6465a66e6f64652d62a55365714e6fcd012caa536f7572636541646472a40a000001"
                + "aa536f757263654e6f6465a66e6f64652d61aa536f75726365506f7274cd1f0a");
        Ping p = new Ping(300, "node-b", IP1, 7946, "node-a");
        assertThat(Messages.encodeStream(p)).isEqualTo(b);
        assertThat(Messages.decodeStream(b, 0, b.length)).isEqualTo(new Messages.Decoded(p, b.length));
    }

    @Test
    void indirectPingReq() throws CodecException {
        assertPacket(new IndirectPingReq(70000, IP2, 7946, "node-c", true, IP1, 7946, "node-a"),
                "0188a44e61636bc3a44e6f6465a66e6f64652d63a4506f7274cd1f0aa55365714e6fce00011170"
                        + "aa536f7572636541646472a40a000001aa536f757263654e6f6465a66e6f64652d61"
                        + "aa536f75726365506f7274cd1f0aa6546172676574a40a000002");
    }

    @Test
    void ackWithNilPayload() throws CodecException {
        assertPacket(AckResp.of(5), "02 82 a7 5061796c6f6164 c0 a5 5365714e6f 05");
    }

    @Test
    void ackWithEmptyPayloadIsDistinctFromNil() throws CodecException {
        assertPacket(new AckResp(5, new byte[0]), "02 82 a7 5061796c6f6164 a0 a5 5365714e6f 05");
    }

    @Test
    void nack() throws CodecException {
        assertPacket(new NackResp(200), "0b 81 a5 5365714e6f cc c8");
    }

    @Test
    void suspect() throws CodecException {
        assertPacket(new Suspect(3, "node-b", "node-a"),
                "0383a446726f6da66e6f64652d61ab496e6361726e6174696f6e03a44e6f6465a66e6f64652d62");
    }

    @Test
    void deadLeave() throws CodecException {
        Dead leave = Dead.leave(9, "node-b");
        assertThat(leave.isLeave()).isTrue();
        assertPacket(leave,
                "0583a446726f6da66e6f64652d62ab496e6361726e6174696f6e09a44e6f6465a66e6f64652d62");
    }

    @Test
    void alive() throws CodecException {
        assertPacket(new Alive(1, "node-a", IP1, 7946, null, Alive.vsn(1, 5, 2, 0, 0, 0)),
                "0486a441646472a40a000001ab496e6361726e6174696f6e01a44d657461c0a44e6f6465a66e6f64652d61"
                        + "a4506f7274cd1f0aa356736ea6010502000000");
    }

    @Test
    void errResp() throws CodecException {
        ErrResp e = new ErrResp("boom");
        byte[] b = hex("0d81a54572726f72a4626f6f6d");
        assertThat(Messages.encodeStream(e)).isEqualTo(b);
        assertThat(Messages.decodeStream(b, 0, b.length)).isEqualTo(new Messages.Decoded(e, b.length));
    }

    @Test
    void userMessageOnAStream() throws CodecException {
        byte[] b = hex("08 81 aa 557365724d73674c656e 05 68656c6c6f");
        UserMessage u = new UserMessage(TestBytes.ascii("hello"));
        assertThat(Messages.encodeStream(u)).isEqualTo(b);
        assertThat(Messages.decodeStream(b, 0, b.length)).isEqualTo(new Messages.Decoded(u, b.length));
    }

    @Test
    void userMessageInAPacketIsRaw() throws CodecException {
        UserMessage u = new UserMessage(TestBytes.ascii("hello"));
        assertPacket(u, "08 68656c6c6f");
    }

    @Test
    void pushPullHeaderBothIntStyles() {
        assertHeader(true, 2, 300, IntStyle.HEAD_SIGNED,
                "83 a44a6f696e c3 a54e6f646573 02 ac5573657253746174654c656e d1012c");
        assertHeader(true, 2, 300, IntStyle.V022_UNSIGNED,
                "83 a44a6f696e c3 a54e6f646573 02 ac5573657253746174654c656e cd012c");
        assertHeader(false, 200, 70000, IntStyle.HEAD_SIGNED,
                "83a44a6f696ec2a54e6f646573d100c8ac5573657253746174654c656ed200011170");
        assertHeader(false, 200, 70000, IntStyle.V022_UNSIGNED,
                "83a44a6f696ec2a54e6f646573ccc8ac5573657253746174654c656ece00011170");
    }

    private static void assertHeader(boolean join, int nodes, int userLen, IntStyle style, String h) {
        byte[] expected = hex(h);
        assertThat(MsgpackWriter.sizeOf(c -> StreamBodies.writePushPullHeader(c, join, nodes, userLen, style)))
                .isEqualTo(expected.length);
        byte[] out = new byte[expected.length];
        StreamBodies.writePushPullHeader(new MsgpackWriter(out, 0), join, nodes, userLen, style);
        assertThat(hex(out)).isEqualTo(hex(expected));
    }

    /** The §3.7 header examples as complete push/pull messages, in both int styles. */
    @Test
    void pushPullWithHeaderExamples() throws CodecException {
        for (IntStyle style : IntStyle.values()) {
            for (int[] c : new int[][] {{2, 300, 1}, {200, 70000, 0}}) {
                List<PushNodeState> states = new ArrayList<>();
                for (int i = 0; i < c[0]; i++) {
                    states.add(new PushNodeState("n" + i, IP1, 7946, null, i, 0, VSN));
                }
                byte[] user = new byte[c[1]];
                Arrays.fill(user, (byte) 7);
                PushPull p = new PushPull(c[2] == 1, states, user);
                byte[] enc = Messages.encodeStream(p, style);
                String header = style == IntStyle.HEAD_SIGNED
                        ? (c[0] == 2 ? "0683a44a6f696ec3a54e6f64657302ac5573657253746174654c656ed1012c"
                                : "0683a44a6f696ec2a54e6f646573d100c8ac5573657253746174654c656ed200011170")
                        : (c[0] == 2 ? "0683a44a6f696ec3a54e6f64657302ac5573657253746174654c656ecd012c"
                                : "0683a44a6f696ec2a54e6f646573ccc8ac5573657253746174654c656ece00011170");
                assertThat(hex(enc)).startsWith(header).endsWith(hex(user));
                assertThat(Messages.decodeStream(enc, 0, enc.length))
                        .isEqualTo(new Messages.Decoded(p, enc.length));
            }
        }
    }

    @Test
    void pushNodeState() {
        byte[] expected = hex("87a441646472a40a000001ab496e6361726e6174696f6e01a44d657461c0a44e616d65"
                + "a66e6f64652d61a4506f7274cd1f0aa5537461746501a356736ea6010502000000");
        PushNodeState s = new PushNodeState("node-a", IP1, 7946, null, 1, PushNodeState.STATE_SUSPECT, VSN);
        byte[] out = new byte[MsgpackWriter.sizeOf(
                c -> StreamBodies.writePushNodeState(c, s, IntStyle.V022_UNSIGNED))];
        StreamBodies.writePushNodeState(new MsgpackWriter(out, 0), s, IntStyle.V022_UNSIGNED);
        assertThat(hex(out)).isEqualTo(hex(expected));
    }

    /** §5.4: the decompressed plaintext of a HEAD listener's push/pull reply. */
    @Test
    void realPushPullReply() throws CodecException {
        byte[] b = hex("0683a44a6f696ec3a54e6f64657301ac5573657253746174654c656e0087a441646472a47f000001"
                + "ab496e6361726e6174696f6e01a44d657461c0a44e616d65a161a4506f7274cd4a02a5537461746500"
                + "a356736ea6010502000000");
        PushPull expected = PushPull.of(true,
                List.of(new PushNodeState("a", new byte[] {127, 0, 0, 1}, 18946, null, 1, 0, VSN)));
        assertThat(Messages.decodeStream(b, 0, b.length)).isEqualTo(new Messages.Decoded(expected, b.length));
        assertThat(Messages.encodeStream(expected, IntStyle.HEAD_SIGNED)).isEqualTo(b);
        assertThat(Messages.encodeStream(expected, IntStyle.V022_UNSIGNED)).isEqualTo(b);
    }
}
