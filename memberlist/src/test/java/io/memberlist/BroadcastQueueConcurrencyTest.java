package io.memberlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 7: applications queue from their own threads while another thread takes
 * broadcasts, as Go's {@code TransmitLimitedQueue} allows. Every broadcast is sent exactly its
 * retransmit limit of times and finished exactly once, whatever the interleaving.
 */
class BroadcastQueueConcurrencyTest {
    private static final int PRODUCERS = 3;
    private static final int PER_PRODUCER = 20_000;

    @Test
    void concurrentQueueAndTakeLoseNothing() throws Exception {
        int total = PRODUCERS * PER_PRODUCER;
        int mult = 2;
        int nodes = 5; // limit = 2 × ceil(log10(6)) = 2
        int limit = BroadcastQueue.retransmitLimit(mult, nodes);
        BroadcastQueue q = new BroadcastQueue(() -> nodes, mult);
        AtomicIntegerArray sent = new AtomicIntegerArray(total);
        AtomicIntegerArray finished = new AtomicIntegerArray(total);
        AtomicBoolean producing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int base = p * PER_PRODUCER;
                producers.add(pool.submit(() -> {
                    start.await();
                    for (int i = base; i < base + PER_PRODUCER; i++) {
                        int id = i;
                        byte[] msg = ByteBuffer.allocate(4).putInt(id).array();
                        q.queue(new UniqueBroadcast() {
                            @Override
                            public byte[] message() {
                                return msg;
                            }

                            @Override
                            public void finished() {
                                finished.incrementAndGet(id);
                            }
                        });
                    }
                    return null;
                }));
            }
            Future<?> consumer = pool.submit(() -> {
                start.await();
                while (producing.get() || q.numQueued() > 0) {
                    for (byte[] m : q.getBroadcasts(2, 64)) {
                        sent.incrementAndGet(ByteBuffer.wrap(m).getInt());
                    }
                }
                return null;
            });
            start.countDown();
            for (Future<?> f : producers) {
                f.get(60, TimeUnit.SECONDS);
            }
            producing.set(false);
            consumer.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        int wrongSends = 0;
        int wrongFinishes = 0;
        for (int i = 0; i < total; i++) {
            wrongSends += sent.get(i) == limit ? 0 : 1;
            wrongFinishes += finished.get(i) == 1 ? 0 : 1;
        }
        assertThat(wrongSends).isZero();
        assertThat(wrongFinishes).isZero();
        assertThat(q.numQueued()).isZero();
    }
}
