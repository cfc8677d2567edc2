package io.memberlist;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Metrics} sink for tests: remembers every call with its labels. Thread-safe. */
public final class RecordingMetrics implements Metrics {

    /** One reported value: {@code kind} is counter, gauge, sample or timer. */
    public record Report(String kind, String name, double value, Map<String, String> labels) {}

    private final List<Report> reports = new CopyOnWriteArrayList<>();

    public List<Report> reports() {
        return List.copyOf(reports);
    }

    public void clear() {
        reports.clear();
    }

    /** Reports of {@code name}, any kind. */
    public List<Report> of(String name) {
        return reports.stream().filter(r -> r.name().equals(name)).toList();
    }

    /** How many times {@code name} was reported. */
    public int count(String name) {
        return of(name).size();
    }

    /** The sum of the values reported for {@code name} (a counter's total). */
    public double total(String name) {
        return of(name).stream().mapToDouble(Report::value).sum();
    }

    @Override
    public void counter(String name, long delta) {
        counter(name, delta, Map.of());
    }

    @Override
    public void counter(String name, long delta, Map<String, String> labels) {
        reports.add(new Report("counter", name, delta, Map.copyOf(labels)));
    }

    @Override
    public void gauge(String name, double value) {
        gauge(name, value, Map.of());
    }

    @Override
    public void gauge(String name, double value, Map<String, String> labels) {
        reports.add(new Report("gauge", name, value, Map.copyOf(labels)));
    }

    @Override
    public void sample(String name, double value) {
        sample(name, value, Map.of());
    }

    @Override
    public void sample(String name, double value, Map<String, String> labels) {
        reports.add(new Report("sample", name, value, Map.copyOf(labels)));
    }

    @Override
    public void timer(String name, long nanos) {
        timer(name, nanos, Map.of());
    }

    @Override
    public void timer(String name, long nanos, Map<String, String> labels) {
        reports.add(new Report("timer", name, nanos, Map.copyOf(labels)));
    }
}
