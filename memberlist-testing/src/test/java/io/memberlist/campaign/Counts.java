package io.memberlist.campaign;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named figures of one seed, or of a whole campaign: sums, except the figures named
 * {@code max ...}, which keep the largest value. In insertion order, for reports.
 */
final class Counts {
    private final Map<String, Long> values = new LinkedHashMap<>();

    Counts add(String name, long v) {
        values.merge(name, v, name.startsWith("max ") ? Math::max : Long::sum);
        return this;
    }

    /** Adds every figure of {@code other} (summed, or the larger for {@code max ...}). */
    Counts addAll(Counts other) {
        other.values.forEach(this::add);
        return this;
    }

    long get(String name) {
        return values.getOrDefault(name, 0L);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append(' ').append(v));
        return b.toString();
    }
}
