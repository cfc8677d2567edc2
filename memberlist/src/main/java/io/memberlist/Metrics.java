package io.memberlist;

import java.util.Map;

/**
 * Where the library reports its metrics, by the names the Go library emits (PROTOCOL.md §13.1,
 * e.g. {@code memberlist.msg.alive}). Implementations must be cheap and thread-safe: methods are
 * called on protocol threads. The default is {@link #NOOP}; an adapter to Micrometer lives in its
 * own module.
 *
 * <p>Labels: every metric the library reports carries {@link Config#metricLabels()} (Go's
 * {@code MetricLabels}), through the labelled forms below; {@code memberlist.node.instances} adds
 * {@code node_state}. A sink that only implements the four unlabelled methods receives every
 * metric without labels (the labelled forms default to them); implement the labelled forms to
 * see the labels.
 */
public interface Metrics {
    /** Adds {@code delta} to a counter. */
    void counter(String name, long delta);

    /**
     * Adds {@code delta} to a counter with labels (e.g. {@code reason=over_limit} on
     * {@code memberlist.packet.dropped}). The default ignores the labels.
     */
    default void counter(String name, long delta, Map<String, String> labels) {
        counter(name, delta);
    }

    /** Sets a gauge. */
    void gauge(String name, double value);

    /** Sets a gauge with labels (e.g. {@code node_state=alive}). */
    default void gauge(String name, double value, Map<String, String> labels) {
        gauge(name, value);
    }

    /** Records one observation of a distribution. */
    void sample(String name, double value);

    /** Records one observation of the distribution of {@code name} with {@code labels}. */
    default void sample(String name, double value, Map<String, String> labels) {
        sample(name, value);
    }

    /** Records one duration, in nanoseconds. */
    void timer(String name, long nanos);

    /** Records one duration, in nanoseconds, for the timer of {@code name} with {@code labels}. */
    default void timer(String name, long nanos, Map<String, String> labels) {
        timer(name, nanos);
    }

    /** Discards everything. */
    Metrics NOOP = new Metrics() {
        @Override
        public void counter(String name, long delta) {}

        @Override
        public void gauge(String name, double value) {}

        @Override
        public void sample(String name, double value) {}

        @Override
        public void timer(String name, long nanos) {}
    };
}
