package io.memberlist;

import static io.memberlist.MemberlistTestSupport.addr;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.codec.Messages;
import io.memberlist.codec.PushPull;
import io.memberlist.node.Node;
import io.memberlist.node.NodeLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, row "60 connections each sending 20 MiB of user state", on real sockets. Before the
 * global cap, every stream buffered its whole message: RSS went from 1.1 to 2.4 GB. Now the
 * bytes buffered across all inbound streams never exceed {@link NodeLimits#BUFFERED_BYTES}
 * (64 MiB); a stream whose next bytes would pass it is closed ({@code buffer_budget}).
 *
 * <p>The attack: 60 connections from 127.0.0.1 (within the per-source cap of 64), each a valid
 * push/pull whose header declares 20 MiB of user state, all writing at once in 64 KiB writes.
 * Measured in this JVM (the attacker's side holds one shared 20 MiB message): heap in use after
 * a full GC and RSS, before, during (peak) and after.
 */
class StreamMemorySocketTest {
    private static final int STREAMS = 60;
    private static final int USER_STATE = 20 * 1024 * 1024;
    private static final int WRITE = 64 * 1024;
    private static final long MIB = 1024 * 1024;

    @Test
    void sixtyStreamsOfTwentyMiBStayWithinTheGlobalBuffer() throws Exception {
        byte[] state = new byte[USER_STATE];
        new SplittableRandom(60).nextBytes(state);
        byte[] message = Messages.encodeStream(new PushPull(false, List.of(), state));
        RawStreams.Refusals refusals = new RawStreams.Refusals();
        ExecutorService pool = Executors.newFixedThreadPool(STREAMS + 1);
        try (Memberlist seed = Memberlist.create(MemberlistTestSupport.local("seed")
                .tcpTimeout(java.time.Duration.ofSeconds(30)).metrics(refusals).build())) {
            long heapBefore = RawStreams.heapAfterGc();
            long rssBefore = RawStreams.rssBytes();

            CountDownLatch connected = new CountDownLatch(STREAMS);
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong maxBuffered = new AtomicLong();
            AtomicLong peakHeap = new AtomicLong();
            AtomicLong peakRss = new AtomicLong();
            Future<?> sampler = pool.submit(() -> {
                connected.await(30, TimeUnit.SECONDS);
                int i = 0;
                while (!done.get()) {
                    try {
                        maxBuffered.accumulateAndGet(RawStreams.stats(seed).bufferedBytes(), Math::max);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    peakRss.accumulateAndGet(RawStreams.rssBytes(), Math::max);
                    if (i++ % 5 == 0) {
                        peakHeap.accumulateAndGet(RawStreams.heapAfterGc(), Math::max);
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
                }
                return null;
            });
            List<Future<Boolean>> senders = new ArrayList<>();
            for (int s = 0; s < STREAMS; s++) {
                senders.add(pool.submit(() -> send(seed, message, connected)));
            }
            int answered = 0;
            for (Future<Boolean> f : senders) {
                answered += f.get(120, TimeUnit.SECONDS) ? 1 : 0;
            }
            done.set(true);
            sampler.get(30, TimeUnit.SECONDS);

            Node.StreamStats after = RawStreams.stats(seed);
            long heapAfter = RawStreams.heapAfterGc();
            long rssAfter = RawStreams.rssBytes();
            System.out.printf("60 x 20 MiB push/pulls: %d answered, refused %s; node buffered at most %s; "
                    + "heap after GC %s -> peak %s -> %s; RSS %s -> peak %s -> %s%n",
                    answered, refusals, RawStreams.mib(maxBuffered.get()),
                    RawStreams.mib(heapBefore), RawStreams.mib(peakHeap.get()), RawStreams.mib(heapAfter),
                    RawStreams.mib(rssBefore), RawStreams.mib(peakRss.get()), RawStreams.mib(rssAfter));

            assertThat(maxBuffered.get()).isLessThanOrEqualTo(NodeLimits.BUFFERED_BYTES);
            // Every stream is answered or refused by a limit: the global cap, or (on a machine
            // so loaded that a sender thread's first bytes take more than 2 s to arrive) the
            // header deadline. Nothing is left hanging and nothing else refuses them.
            assertThat(answered + refusals.get("buffer_budget") + refusals.get("header_timeout"))
                    .isEqualTo(STREAMS);
            assertThat(refusals.get("buffer_budget")).as("most streams are cut at the global cap").isPositive();
            // 60 x 20 MiB = 1,200 MiB would be live without the cap. With it: at most 64 MiB of
            // bytes, held in arrays grown by doubling (up to 2x), plus one decode in progress.
            assertThat(peakHeap.get() - heapBefore).isLessThan(320 * MIB);
            assertThat(after.bufferedBytes()).isZero();
            assertThat(after.active() + after.pending() + after.waiting()).isZero();
            try (Memberlist joiner = Memberlist.create(MemberlistTestSupport.local("joiner").build())) {
                assertThat(joiner.join(addr(seed))).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends one push/pull; true when the node answered it, false when it closed the stream. */
    private static Boolean send(Memberlist seed, byte[] message, CountDownLatch connected) throws Exception {
        try (Socket s = RawStreams.connect(seed, "127.0.0.1")) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            try {
                // The first write at once (a connection that sends nothing for 2 s is closed at
                // its header deadline), then the rest when every connection is up.
                out.write(message, 0, WRITE);
                connected.countDown();
                connected.await(30, TimeUnit.SECONDS);
                for (int off = WRITE; off < message.length; off += WRITE) {
                    out.write(message, off, Math.min(WRITE, message.length - off));
                }
                out.flush();
            } catch (IOException closedByNode) {
                connected.countDown();
                return false;
            }
            InputStream in = s.getInputStream();
            try {
                return in.read() >= 0; // the node's push/pull reply, or EOF when it closed ours
            } catch (IOException reset) {
                return false;
            }
        }
    }
}
