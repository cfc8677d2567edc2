package io.memberlist.campaign;

import io.memberlist.Metrics;
import java.util.HashMap;
import java.util.Map;

/**
 * The metrics sink of one process: keeps every counter's running total (labels folded in) and
 * hands each update to the {@link MetricsChecker} as it happens, the way a monitoring system
 * scraping the process would see it.
 */
final class RecordingMetrics implements Metrics {
    private final MetricsChecker checker;
    private final String process;
    private final Map<String, Long> counters = new HashMap<>();

    RecordingMetrics(MetricsChecker checker, String process) {
        this.checker = checker;
        this.process = process;
    }

    @Override
    public void counter(String name, long delta) {
        long before = counters.getOrDefault(name, 0L);
        long after = before + delta;
        counters.put(name, after);
        checker.counter(process, name, before, after);
    }

    @Override
    public void gauge(String name, double value) {}

    @Override
    public void sample(String name, double value) {}

    @Override
    public void timer(String name, long nanos) {
        checker.timer(process, name, nanos);
    }

    /** The running total of a counter (0 when never counted). */
    long total(String name) {
        return counters.getOrDefault(name, 0L);
    }
}
