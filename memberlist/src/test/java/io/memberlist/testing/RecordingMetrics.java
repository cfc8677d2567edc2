package io.memberlist.testing;

import io.memberlist.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Metrics} that keeps everything, for tests that assert exact counts. A counter with
 * labels is kept twice: under its name (the total) and under {@code name{k=v,...}} (labels in key
 * order), e.g. {@code memberlist.stream.refused{reason=label}}.
 */
public final class RecordingMetrics implements Metrics {
    private final Map<String, Long> counters = new ConcurrentHashMap<>();
    private final Map<String, Double> gauges = new ConcurrentHashMap<>();
    private final List<String> timers = new ArrayList<>();

    @Override
    public void counter(String name, long delta) {
        counters.merge(name, delta, Long::sum);
    }

    @Override
    public void counter(String name, long delta, Map<String, String> labels) {
        counter(name, delta);
        counters.merge(name + new TreeMap<>(labels), delta, Long::sum);
    }

    @Override
    public void gauge(String name, double value) {
        gauges.put(name, value);
    }

    @Override
    public void sample(String name, double value) {}

    @Override
    public synchronized void timer(String name, long nanos) {
        timers.add(name);
    }

    /** The counter's total, 0 if never counted. */
    public long count(String name) {
        return counters.getOrDefault(name, 0L);
    }

    /** The counter with one label, e.g. {@code count("memberlist.stream.refused", "reason", "label")}. */
    public long count(String name, String label, String value) {
        return counters.getOrDefault(name + "{" + label + "=" + value + "}", 0L);
    }

    /** Every counter kept, with and without labels. */
    public Map<String, Long> counters() {
        return Map.copyOf(counters);
    }

    /** Counters whose key starts with {@code prefix} (e.g. a metric name and its labelled variants). */
    public Map<String, Long> countersStartingWith(String prefix) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v);
            }
        });
        return out;
    }

    public synchronized List<String> timers() {
        return List.copyOf(timers);
    }
}
