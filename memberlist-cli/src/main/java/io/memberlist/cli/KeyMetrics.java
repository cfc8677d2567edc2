package io.memberlist.cli;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The node's own metrics as the live view lists them: every {@code memberlist.*} counter as a
 * total (summed over its tags), every timer as a count and a mean in milliseconds, every
 * distribution as a count and a mean. Gauges are left out: the only one, the member count per
 * state, is in the view already. Taken by name from the registry rather than from a fixed list,
 * so the page follows the library's metrics as they change.
 */
final class KeyMetrics {
    private static final String PREFIX = "memberlist.";

    private KeyMetrics() {}

    static Map<String, Number> from(MeterRegistry registry) {
        Map<String, Double> sums = new TreeMap<>();
        for (Meter m : registry.getMeters()) {
            String name = m.getId().getName();
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            if (m instanceof Counter c) {
                sums.merge(name, c.count(), Double::sum);
            } else if (m instanceof Timer t) {
                sums.merge(name + ".count", (double) t.count(), Double::sum);
                sums.merge(name + ".total_ms", t.totalTime(TimeUnit.MILLISECONDS), Double::sum);
            } else if (m instanceof DistributionSummary d) {
                sums.merge(name + ".count", (double) d.count(), Double::sum);
                sums.merge(name + ".total", d.totalAmount(), Double::sum);
            }
        }
        Map<String, Number> out = new TreeMap<>();
        for (Map.Entry<String, Double> e : sums.entrySet()) {
            String k = e.getKey();
            if (k.endsWith(".total_ms") || k.endsWith(".total")) {
                String base = k.substring(0, k.lastIndexOf('.'));
                double n = sums.getOrDefault(base + ".count", 0.0);
                String mean = base + (k.endsWith("_ms") ? ".mean_ms" : ".mean");
                out.put(mean, n == 0 ? 0.0 : Math.round(e.getValue() / n * 1000) / 1000.0);
            } else {
                out.put(k, Math.round(e.getValue()));
            }
        }
        return out;
    }
}
