package io.memberlist.codec;

import static io.memberlist.codec.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The encoders write into a buffer that starts small and grows: messages around and past its
 * first capacity come out byte for byte as a writer over an exactly sized array writes them.
 */
class EncodeGrowthTest {
    private static final byte[] IP = {10, 0, 0, 1};

    @Test
    void pingsAcrossTheFirstCapacity() throws CodecException {
        for (int nameLen = 0; nameLen <= 300; nameLen++) {
            Ping p = new Ping(70000, "n".repeat(nameLen), IP, 7946, "source-node");
            byte[] enc = Messages.encode(p);
            byte[] exact = new byte[1 + MsgpackWriter.sizeOf(w -> ProbeBodies.writePing(w, p))];
            exact[0] = (byte) MessageType.PING;
            ProbeBodies.writePing(new MsgpackWriter(exact, 1), p);
            assertThat(hex(enc)).isEqualTo(hex(exact));
            assertThat(Messages.encodedSize(p)).isEqualTo(enc.length);
            assertThat(Messages.decodePacket(enc)).isEqualTo(p);
        }
    }

    @Test
    void pushPullWithStatesLargerThanTheGuess() throws CodecException {
        List<PushNodeState> states = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            states.add(new PushNodeState("node-" + "x".repeat(200) + i, IP, 7946, new byte[300], i, 0,
                    new byte[] {1, 5, 2, 0, 0, 0}));
        }
        for (IntStyle style : IntStyle.values()) {
            PushPull p = new PushPull(true, states, new byte[70000]);
            byte[] enc = Messages.encodeStream(p, style);
            byte[] exact = new byte[1 + MsgpackWriter.sizeOf(w -> StreamBodies.writePushPull(w, p, style))];
            exact[0] = (byte) MessageType.PUSH_PULL;
            StreamBodies.writePushPull(new MsgpackWriter(exact, 1), p, style);
            assertThat(enc).isEqualTo(exact);
            assertThat(Messages.encodedSize(p, style)).isEqualTo(enc.length);
            assertThat(Messages.decodeStream(enc, 0, enc.length)).isEqualTo(new Messages.Decoded(p, enc.length));
        }
    }
}
