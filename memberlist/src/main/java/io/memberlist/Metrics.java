package io.memberlist;

import java.util.Map;

/**
 * Where the library reports its metrics, by the names the Go library emits (PROTOCOL.md §13.1,
 * e.g. {@code memberlist.msg.alive}). Implementations must be cheap and thread-safe: methods are
 * called on protocol threads. The default is {@link #NOOP}; an adapter to Micrometer lives in its
 * own module.
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

    /** Records one duration, in nanoseconds. */
    void timer(String name, long nanos);

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
