package io.memberlist.bench.soak;

import io.memberlist.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The soak's metrics sink, shared by every node: counters summed over the cluster, and the
 * largest broadcast-queue depth any node reported ({@code memberlist.queue.broadcasts}, sampled
 * by each node every {@code queueCheckInterval}) since it was last read.
 */
final class SoakMetrics implements Metrics {
    static final String SUSPECT = "memberlist.msg.suspect";
    static final String DEGRADED_TIMEOUT = "memberlist.degraded.timeout";
    static final String QUEUE_BROADCASTS = "memberlist.queue.broadcasts";

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final AtomicLong queueMax = new AtomicLong();

    @Override
    public void counter(String name, long delta) {
        counters.computeIfAbsent(name, k -> new LongAdder()).add(delta);
    }

    @Override
    public void gauge(String name, double value) {}

    @Override
    public void sample(String name, double value) {
        if (QUEUE_BROADCASTS.equals(name)) {
            queueMax.accumulateAndGet((long) value, Math::max);
        }
    }

    @Override
    public void timer(String name, long nanos) {}

    long count(String name) {
        LongAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }

    /** The largest broadcast-queue sample since the previous call. */
    long takeQueueMax() {
        return queueMax.getAndSet(0);
    }
}
