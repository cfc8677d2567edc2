package io.memberlist.micrometer;

import io.memberlist.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports memberlist's metrics to a Micrometer {@link MeterRegistry}, under the names the Go
 * library emits (PROTOCOL.md §13.1): {@code memberlist.msg.alive} becomes a Micrometer counter of
 * that name, which a Prometheus registry exposes as {@code memberlist_msg_alive_total}.
 *
 * <ul>
 *   <li>{@link #counter} → {@link Counter}, incremented by the delta (byte counts such as
 *       {@code memberlist.udp.sent} are counters of bytes, as in Go); labels become tags, so
 *       {@code memberlist.packet.dropped} has one counter per {@code reason};
 *   <li>{@link #gauge} → {@link Gauge} reading the last value set; labels become tags, so
 *       {@code memberlist.node.instances} has one gauge per {@code node_state};
 *   <li>{@link #timer} → {@link Timer} (nanoseconds);
 *   <li>{@link #sample} → {@link DistributionSummary}.
 * </ul>
 *
 * <p>Labels become tags on every kind of meter, one meter per name and label set: the library
 * passes {@code Config.metricLabels} (Go's {@code MetricLabels}) with every metric, so configuring
 * them on the node is enough. Common tags given to the constructor are added to every meter too.
 *
 * <p>Thread-safe and cheap after a meter's first use: meters are cached by name and labels, so the
 * protocol thread does one map lookup per report. It never throws into the protocol: a name that
 * the registry refuses (for instance one already registered as another meter type) is logged once
 * and then ignored.
 */
public final class MicrometerMetrics implements Metrics {
    private static final Logger LOG = LoggerFactory.getLogger(MicrometerMetrics.class);

    private final MeterRegistry registry;
    private final Tags commonTags;
    private final Map<MeterKey, Counter> counters = new ConcurrentHashMap<>();
    private final Map<MeterKey, Timer> timers = new ConcurrentHashMap<>();
    private final Map<MeterKey, DistributionSummary> summaries = new ConcurrentHashMap<>();
    private final Map<MeterKey, AtomicLong> gauges = new ConcurrentHashMap<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    /** Reports to {@code registry} with no extra tags. */
    public MicrometerMetrics(MeterRegistry registry) {
        this(registry, Map.of());
    }

    /**
     * Reports to {@code registry}, adding {@code commonTags} (for instance the node name, or the
     * configured metric labels) to every meter.
     */
    public MicrometerMetrics(MeterRegistry registry, Map<String, String> commonTags) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.commonTags = toTags(Objects.requireNonNull(commonTags, "commonTags"));
    }

    /** The registry the meters are registered in. */
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void counter(String name, long delta) {
        counter(name, delta, Map.of());
    }

    @Override
    public void counter(String name, long delta, Map<String, String> labels) {
        if (delta <= 0) {
            return; // counters only go up; a zero delta would only create an empty meter
        }
        MeterKey key = MeterKey.of(name, labels);
        Counter c = counters.get(key);
        if (c == null) {
            c = create(name, () -> Counter.builder(name).tags(tags(key)).register(registry));
            if (c == null) {
                return;
            }
            counters.putIfAbsent(key, c);
        }
        c.increment(delta);
    }

    @Override
    public void gauge(String name, double value) {
        gauge(name, value, Map.of());
    }

    @Override
    public void gauge(String name, double value, Map<String, String> labels) {
        MeterKey key = MeterKey.of(name, labels);
        AtomicLong holder = gauges.get(key);
        if (holder == null) {
            AtomicLong fresh = new AtomicLong(Double.doubleToLongBits(value));
            Gauge g = create(name, () -> Gauge.builder(name, fresh, h -> Double.longBitsToDouble(h.get()))
                    .tags(tags(key))
                    .strongReference(true)
                    .register(registry));
            if (g == null) {
                return;
            }
            holder = gauges.putIfAbsent(key, fresh);
            if (holder == null) {
                return; // the fresh holder already has the value
            }
        }
        holder.set(Double.doubleToLongBits(value));
    }

    @Override
    public void sample(String name, double value) {
        sample(name, value, Map.of());
    }

    @Override
    public void sample(String name, double value, Map<String, String> labels) {
        MeterKey key = MeterKey.of(name, labels);
        DistributionSummary s = summaries.get(key);
        if (s == null) {
            s = create(name, () -> DistributionSummary.builder(name).tags(tags(key)).register(registry));
            if (s == null) {
                return;
            }
            summaries.putIfAbsent(key, s);
        }
        s.record(value);
    }

    @Override
    public void timer(String name, long nanos) {
        timer(name, nanos, Map.of());
    }

    @Override
    public void timer(String name, long nanos, Map<String, String> labels) {
        MeterKey key = MeterKey.of(name, labels);
        Timer t = timers.get(key);
        if (t == null) {
            t = create(name, () -> Timer.builder(name).tags(tags(key)).register(registry));
            if (t == null) {
                return;
            }
            timers.putIfAbsent(key, t);
        }
        t.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    private Tags tags(MeterKey key) {
        return key.labels().isEmpty() ? commonTags : commonTags.and(toTags(key.labels()));
    }

    private <M> M create(String name, java.util.function.Supplier<M> registration) {
        if (refused.contains(name)) {
            return null;
        }
        try {
            return registration.get();
        } catch (RuntimeException e) {
            if (refused.add(name)) {
                LOG.warn("metric {} refused by the registry, ignoring it from now on: {}", name,
                        e.toString());
            }
            return null;
        }
    }

    private static Tags toTags(Map<String, String> labels) {
        Tags tags = Tags.empty();
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            tags = tags.and(Tag.of(e.getKey(), e.getValue()));
        }
        return tags;
    }

    /** A meter's identity: its name and its labels (sorted, so equal sets are equal keys). */
    private record MeterKey(String name, Map<String, String> labels) {
        static MeterKey of(String name, Map<String, String> labels) {
            return new MeterKey(name, labels.isEmpty() ? Map.of() : new TreeMap<>(labels));
        }
    }
}
