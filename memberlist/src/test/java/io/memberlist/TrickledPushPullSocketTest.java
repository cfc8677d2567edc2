package io.memberlist;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.codec.Alive;
import io.memberlist.codec.Messages;
import io.memberlist.codec.PushNodeState;
import io.memberlist.codec.PushPull;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, row "a valid push/pull sent in 1,000-byte writes instead of one write", on real
 * sockets. The old stream reader parsed the buffer from its start on every read: 140× the CPU,
 * one such connection about 70% of a core. The node now parses incrementally.
 *
 * <p>The assertion is on the node's parse work counter (bytes examined), not on time: the
 * trickled push/pull may cost only a few examinations per write more than the whole one. The
 * CPU time of the node's loop thread for each is printed (ThreadMXBean), as the row's figure.
 *
 * <p>The push/pull: 1,000 node states with 512-byte metadata, all dead (a receiver ignores dead
 * states of members it does not know, so the node does the same work each time and nothing is
 * probed afterwards), and 64 KiB of user state: about 640 KB. Each write is followed by a pause
 * of 1 ms so that the node reads it on its own (loopback would otherwise merge writes).
 */
class TrickledPushPullSocketTest {
    private static final int PIECE = 1000;
    private static final int ROUNDS = 3;

    static byte[] pushPull() {
        List<PushNodeState> states = new ArrayList<>();
        byte[] vsn = Alive.vsn(1, 5, 2, 0, 0, 0);
        for (int i = 0; i < 1000; i++) {
            byte[] meta = new byte[512];
            Arrays.fill(meta, (byte) ('a' + i % 26));
            states.add(new PushNodeState("dead-member-" + i, new byte[] {127, 0, 1, (byte) i}, 7946, meta, 1,
                    PushNodeState.STATE_DEAD, vsn));
        }
        byte[] user = new byte[64 * 1024];
        new SplittableRandom(5).nextBytes(user);
        return Messages.encodeStream(new PushPull(false, states, user));
    }

    /** Sends {@code message} in pieces of {@code piece} bytes and reads the reply to its end. */
    private static void send(Memberlist seed, byte[] message, int piece) throws Exception {
        try (Socket s = RawStreams.connect(seed, "127.0.0.1")) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            for (int off = 0; off < message.length; off += piece) {
                out.write(message, off, Math.min(piece, message.length - off));
                out.flush();
                if (piece < message.length) {
                    LockSupport.parkNanos(1_000_000L);
                }
            }
            InputStream in = s.getInputStream();
            int got = 0;
            while (in.read() >= 0) {
                got++;
            }
            assertThat(got).as("the node's push/pull reply").isPositive();
        }
    }

    /** {parse work, loop CPU nanoseconds} of one push/pull sent in pieces of {@code piece}. */
    private static long[] measure(Memberlist seed, long loopThread, byte[] message, int piece) throws Exception {
        long work0 = RawStreams.stats(seed).parseWork();
        long cpu0 = RawStreams.cpuNanos(loopThread);
        send(seed, message, piece);
        long cpu1 = RawStreams.cpuNanos(loopThread);
        long work1 = RawStreams.stats(seed).parseWork();
        return new long[] {work1 - work0, cpu1 - cpu0};
    }

    @Test
    void aPushPullInThousandByteWritesCostsLinearParseWork() throws Exception {
        byte[] message = pushPull();
        try (Memberlist seed = Memberlist.create(MemberlistTestSupport.local("seed")
                .tcpTimeout(java.time.Duration.ofSeconds(30)).build())) {
            long loop = RawStreams.loopThreadId(seed);
            measure(seed, loop, message, message.length); // warm-up
            measure(seed, loop, message, PIECE);
            long wholeWork = 0;
            long trickledWork = 0;
            long wholeCpu = 0;
            long trickledCpu = 0;
            for (int i = 0; i < ROUNDS; i++) {
                long[] w = measure(seed, loop, message, message.length);
                long[] t = measure(seed, loop, message, PIECE);
                wholeWork += w[0];
                wholeCpu += w[1];
                trickledWork += t[0];
                trickledCpu += t[1];
            }
            int writes = (message.length + PIECE - 1) / PIECE;
            System.out.printf("push/pull of %,d bytes: one write %,d parse work, %.2f ms loop CPU; %d writes of %d bytes "
                    + "%,d parse work, %.2f ms loop CPU (CPU ratio %.1f, parse work ratio %.3f; load %s)%n",
                    message.length, wholeWork / ROUNDS, wholeCpu / ROUNDS / 1e6, writes, PIECE,
                    trickledWork / ROUNDS, trickledCpu / ROUNDS / 1e6, (double) trickledCpu / wholeCpu,
                    (double) trickledWork / wholeWork, loadAverage());

            // Linear: at most the whole message's work plus a token header (9 bytes) per piece.
            // A parse from the start on every read would be about writes/2 = 320 times the work.
            assertThat(wholeWork / ROUNDS).isBetween((long) message.length, 3L * message.length);
            assertThat(trickledWork / ROUNDS).isLessThanOrEqualTo(wholeWork / ROUNDS + 16L * writes);
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
