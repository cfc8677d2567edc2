package io.memberlist;

import java.util.HashMap;
import java.util.Map;

/**
 * Adds the configured {@link Config#metricLabels()} to every metric before it reaches the
 * application's sink: the library reports through this wrapper, so no emitting site has to
 * remember the labels (Go passes {@code m.metricLabels} at each call instead).
 */
final class LabelledMetrics implements Metrics {
    private final Metrics sink;
    private final Map<String, String> labels;

    private LabelledMetrics(Metrics sink, Map<String, String> labels) {
        this.sink = sink;
        this.labels = Map.copyOf(labels);
    }

    /** {@code sink} itself when there are no labels (nothing to add, no extra call). */
    static Metrics wrap(Metrics sink, Map<String, String> labels) {
        return labels.isEmpty() || sink == Metrics.NOOP ? sink : new LabelledMetrics(sink, labels);
    }

    /** The configured sink underneath. */
    Metrics sink() {
        return sink;
    }

    @Override
    public void counter(String name, long delta) {
        sink.counter(name, delta, labels);
    }

    @Override
    public void counter(String name, long delta, Map<String, String> extra) {
        sink.counter(name, delta, merged(extra));
    }

    @Override
    public void gauge(String name, double value) {
        sink.gauge(name, value, labels);
    }

    @Override
    public void gauge(String name, double value, Map<String, String> extra) {
        sink.gauge(name, value, merged(extra));
    }

    @Override
    public void sample(String name, double value) {
        sink.sample(name, value, labels);
    }

    @Override
    public void sample(String name, double value, Map<String, String> extra) {
        sink.sample(name, value, merged(extra));
    }

    @Override
    public void timer(String name, long nanos) {
        sink.timer(name, nanos, labels);
    }

    @Override
    public void timer(String name, long nanos, Map<String, String> extra) {
        sink.timer(name, nanos, merged(extra));
    }

    /** The configured labels plus the call's own (the call's win on a clash, as appending does in Go). */
    private Map<String, String> merged(Map<String, String> extra) {
        if (extra.isEmpty()) {
            return labels;
        }
        Map<String, String> all = new HashMap<>(labels);
        all.putAll(extra);
        return Map.copyOf(all);
    }
}
