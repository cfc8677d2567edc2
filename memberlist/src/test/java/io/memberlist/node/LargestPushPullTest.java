package io.memberlist.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Delegate;
import io.memberlist.Endpoint;
import io.memberlist.RecordingMetrics;
import io.memberlist.codec.Alive;
import io.memberlist.codec.CodecOptions;
import io.memberlist.codec.Keyring;
import io.memberlist.codec.Messages;
import io.memberlist.codec.PushNodeState;
import io.memberlist.codec.PushPull;
import io.memberlist.codec.StreamCodec;
import io.memberlist.core.MemberEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The largest push/pulls a Go peer legitimately sends pass every limit of the production node
 * ({@link NodeLimits#defaults}): 1,000 members with names of 63 bytes and metadata of 512 bytes
 * (Go's {@code MetaMaxSize}), and a user state of several MiB up to Go's receive cap of 20 MiB
 * ({@code maxPushStateBytes}), framed plain, compressed (Go's default: a push/pull is always
 * compressed when {@code EnableCompression} is on), encrypted, and with a label; delivered in the
 * 64 KiB pieces the NIO transport reads.
 *
 * <p>The bytes are our encoder's, which the golden vectors prove identical to Go's for the same
 * message (field order, integer widths, LZW, AES-GCM). The user state is random, so compression
 * makes it larger (LZW expands incompressible data): the worst case for the stream size.
 */
class LargestPushPullTest {
    private static final int MEMBERS = 1000;
    private static final int MIB = 1024 * 1024;
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** A recording driver: what the node wrote and closed. */
    private static final class Io implements NodeIo {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        boolean closedGracefully;
        boolean aborted;

        @Override
        public void sendDatagram(Endpoint to, String toNode, byte[] datagram) {}

        @Override
        public void openStream(long streamId, Endpoint to, String toNode) {}

        @Override
        public void writeStream(long streamId, byte[] bytes) {
            written.writeBytes(bytes);
        }

        @Override
        public void closeStream(long streamId, boolean abort) {
            if (abort) {
                aborted = true;
            } else {
                closedGracefully = true;
            }
        }

        @Override
        public void event(MemberEvent event) {}
    }

    static PushPull largest(int userStateBytes) {
        List<PushNodeState> states = new ArrayList<>(MEMBERS);
        byte[] vsn = Alive.vsn(1, 5, 2, 0, 0, 0);
        for (int i = 0; i < MEMBERS; i++) {
            String name = String.format("%-59s%04d", "member-with-a-long-host-name.datacenter-1.example.internal", i)
                    .replace(' ', 'x');
            byte[] meta = new byte[Config.META_MAX_SIZE];
            Arrays.fill(meta, (byte) ('a' + i % 26));
            states.add(new PushNodeState(name, new byte[] {10, (byte) (i >> 8), (byte) i, 1}, 7946, meta, i + 1,
                    PushNodeState.STATE_ALIVE, vsn));
        }
        byte[] user = new byte[userStateBytes];
        new SplittableRandom(userStateBytes).nextBytes(user);
        return new PushPull(false, states, user);
    }

    @ParameterizedTest(name = "{0} MiB of user state, compressed={1} encrypted={2} label={3}")
    @CsvSource({
        "4, false, false, false",
        "4, true, false, false",
        "4, true, true, true",
        "4, false, true, false",
        "12, true, true, false",
        "20, false, false, false",
        "20, true, false, true",
    })
    void isAcceptedAndMerged(int userMiB, boolean compressed, boolean encrypted, boolean label) {
        PushPull pp = largest(userMiB * MIB);
        CodecOptions.Builder o = CodecOptions.builder().compression(compressed).label(label ? "dc1" : "");
        Config.Builder c = Config.lan().name("receiver").enableCompression(compressed).label(label ? "dc1" : "");
        if (encrypted) {
            o.keyring(Keyring.of(KEY));
            c.secretKey(KEY);
        }
        StreamCodec sender = new StreamCodec(o.build());
        byte[] body = sender.encodeMessage(Messages.encodeStream(pp), new SplittableRandom(1));
        byte[] labelHeader = sender.labelHeader();
        if (encrypted && body.length > 20 * MIB + 5) {
            return; // Go's receiver refuses an encrypted message over 20 MiB itself: not legitimate
        }

        AtomicReference<byte[]> merged = new AtomicReference<>();
        RecordingMetrics metrics = new RecordingMetrics();
        Config config = c.metrics(metrics).delegate(new Delegate() {
            @Override
            public void mergeRemoteState(byte[] state, boolean join) {
                merged.set(state);
            }
        }).build();
        Io io = new Io();
        long now = 1_000_000_000L;
        Node node = new Node(config, new Endpoint(new byte[] {10, 9, 9, 9}, 7946), new SplittableRandom(1),
                new SplittableRandom(2), io, now, false);
        node.start(now, 1_700_000_000L);
        long id = node.onStreamAccepted(now, new Endpoint(new byte[] {10, 0, 0, 2}, 7946));
        assertThat(id).isNotNegative();
        byte[] stream = new byte[labelHeader.length + body.length];
        System.arraycopy(labelHeader, 0, stream, 0, labelHeader.length);
        System.arraycopy(body, 0, stream, labelHeader.length, body.length);
        for (int off = 0; off < stream.length; off += 64 * 1024) {
            node.onStreamBytes(now, id, stream, off, Math.min(64 * 1024, stream.length - off));
        }
        System.out.printf("push/pull of %d members + %d MiB user state: %,d bytes on the wire (compressed=%s encrypted=%s)%n",
                MEMBERS, userMiB, stream.length, compressed, encrypted);

        assertThat(metrics.of(Node.STREAMS_REFUSED)).as("refusals").isEmpty();
        assertThat(io.aborted).isFalse();
        assertThat(io.closedGracefully).as("answered and closed").isTrue();
        assertThat(io.written.size()).as("our push/pull reply").isPositive();
        assertThat(node.members()).hasSize(MEMBERS + 1);
        assertThat(merged.get()).isEqualTo(pp.userState());
        assertThat(node.streamStats().bufferedBytes()).isZero();
    }
}
