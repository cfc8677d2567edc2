package io.memberlist.bench.soak;

import com.fasterxml.jackson.jr.ob.JSON;
import io.memberlist.bench.sim.SvgChart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The soak's outputs besides its series: {@code summary.json} (the settings, the checks, the
 * totals, the first and last samples, any false death), the same in words ({@code summary.txt})
 * and three charts over time ({@code soak-heap.svg}, {@code soak-threads-fds.svg},
 * {@code soak-queues.svg}).
 */
final class SoakReport {
    private static final JSON PRETTY = JSON.builder().enable(JSON.Feature.PRETTY_PRINT_OUTPUT)
            .enable(JSON.Feature.WRITE_NULL_PROPERTIES).build();
    private static final int MAX_DEATHS_LISTED = 50;

    private SoakReport() {}

    static void write(Soak.Result r) throws IOException {
        Files.writeString(r.options().out().resolve("summary.json"), PRETTY.asString(summary(r)) + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(r.options().out().resolve("summary.txt"), text(r), StandardCharsets.UTF_8);
        charts(r);
    }

    static Map<String, Object> summary(Soak.Result r) {
        SoakOptions o = r.options();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", r.ok());
        m.put("n", o.n());
        m.put("preset", o.preset());
        m.put("loss_per_direction", o.loss());
        m.put("seed", o.seed());
        m.put("duration_s", o.duration().toSeconds());
        m.put("settle_s", o.settle().toSeconds());
        m.put("sample_s", o.sampleEvery().toMillis() / 1000.0);
        m.put("event_loop_threads", o.threads());
        m.put("planted_leak", o.leak().stream().map(Enum::name).toList());
        m.put("started", r.started().toString());
        m.put("ended", r.ended().toString());
        m.put("converge_ms", r.converge() == null ? null : r.converge().toMillis());
        m.put("load_start", r.loadStart());
        m.put("load_max", r.samples().stream().mapToDouble(s -> ((Number) s.get(SoakSample.LOAD)).doubleValue())
                .max().orElse(-1));
        m.put("load_end", r.loadEnd());
        m.put("join_attempts_failed", r.joinFailures());
        m.put("rejoins_after_converge", r.rejoins());
        List<Map<String, Object>> checks = new ArrayList<>();
        r.checks().forEach(c -> checks.add(c.toMap()));
        m.put("checks", checks);
        if (!r.samples().isEmpty()) {
            Map<String, Object> last = r.samples().get(r.samples().size() - 1);
            long sent = num(last, SoakSample.DATAGRAMS_SENT) + num(last, SoakSample.DATAGRAMS_DROPPED_OUT);
            long received = num(last, SoakSample.DATAGRAMS_RECEIVED) + num(last, SoakSample.DATAGRAMS_DROPPED_IN);
            m.put("measured_loss_out", sent == 0 ? 0 : (double) num(last, SoakSample.DATAGRAMS_DROPPED_OUT) / sent);
            m.put("measured_loss_in", received == 0 ? 0 : (double) num(last, SoakSample.DATAGRAMS_DROPPED_IN) / received);
            m.put("gc_ms_max", r.samples().stream().mapToDouble(s -> ((Number) s.get(SoakSample.GC_MS)).doubleValue())
                    .max().orElse(0));
            m.put("first_sample", r.samples().get(0));
            m.put("last_sample", last);
        }
        List<Map<String, Object>> deaths = new ArrayList<>();
        for (SoakCluster.FalseDeath d : r.falseDeaths().subList(0, Math.min(MAX_DEATHS_LISTED, r.falseDeaths().size()))) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("observer", d.observer());
            x.put("subject", d.subject());
            x.put("state", d.state().name().toLowerCase(Locale.ROOT));
            x.put("at_ms", d.atMillis());
            deaths.add(x);
        }
        m.put("false_deaths", deaths);
        return m;
    }

    static String text(Soak.Result r) {
        SoakOptions o = r.options();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "soak %s: %d nodes, %s preset, loss %.1f %% per direction, seed %d, %s "
                        + "(settle %s, a sample every %s), %d samples%n", r.ok() ? "PASSED" : "FAILED", o.n(), o.preset(),
                o.loss() * 100, o.seed(), o.duration(), o.settle(), o.sampleEvery(), r.samples().size()));
        b.append(String.format(Locale.ROOT, "converged in %s (%d join attempts failed and were retried); "
                        + "load average %.2f at start, %.2f at end%n",
                r.converge() == null ? "(never)" : r.converge().toMillis() + " ms", r.joinFailures(), r.loadStart(),
                r.loadEnd()));
        for (SoakVerdict.Check c : r.checks()) {
            b.append(String.format(Locale.ROOT, "  %-4s %-24s %s%n", c.ok() ? "ok" : "FAIL", c.name(), c.detail()));
        }
        for (SoakCluster.FalseDeath d : r.falseDeaths().subList(0, Math.min(10, r.falseDeaths().size()))) {
            b.append(String.format(Locale.ROOT, "  false death: %s saw %s %s at %d%n", d.observer(), d.subject(),
                    d.state(), d.atMillis()));
        }
        b.append("files: ").append(o.out().toAbsolutePath()).append("/{soak.jsonl,summary.json,summary.txt,*.svg}\n");
        return b.toString();
    }

    private static void charts(Soak.Result r) throws IOException {
        List<Map<String, Object>> s = r.samples();
        if (s.isEmpty()) {
            return;
        }
        double[] minutes = column(s, SoakSample.T, 1 / 60.0);
        String note = String.format(Locale.ROOT, "%d nodes in one JVM, %s preset, %.1f %% loss per direction, seed %d; "
                        + "load average %.2f at start, %.2f at end", r.options().n(), r.options().preset(),
                r.options().loss() * 100, r.options().seed(), r.loadStart(), r.loadEnd());
        new SvgChart("Soak: heap after a full GC", "minutes since convergence", "MB")
                .add("heap after GC", minutes, column(s, SoakSample.HEAP_AFTER_GC, 1e-6), SvgChart.Style.LINE_MARKERS)
                .yRange(0, max(column(s, SoakSample.HEAP_AFTER_GC, 1e-6)) * 1.25)
                .legend(true, true).note(note).write(r.options().out().resolve("soak-heap.svg"));
        double[] threads = column(s, SoakSample.THREADS, 1);
        double[] fds = column(s, SoakSample.FDS, 1);
        new SvgChart("Soak: threads and file descriptors", "minutes since convergence", "count")
                .add("threads", minutes, threads, SvgChart.Style.LINE_MARKERS)
                .add("file descriptors", minutes, fds, SvgChart.Style.LINE_MARKERS)
                .yRange(0, Math.max(max(threads), max(fds)) * 1.25)
                .legend(true, true).note(note).write(r.options().out().resolve("soak-threads-fds.svg"));
        double[] queue = column(s, SoakSample.BROADCAST_QUEUE_TOTAL, 1);
        double[] streams = column(s, SoakSample.STREAMS_OPEN_TOTAL, 1);
        double[] handoff = column(s, SoakSample.HANDOFF_QUEUED_TOTAL, 1);
        new SvgChart("Soak: queue depths, summed over the nodes", "minutes since convergence", "entries")
                .add("broadcast queues", minutes, queue, SvgChart.Style.LINE_MARKERS)
                .add("open streams", minutes, streams, SvgChart.Style.LINE_MARKERS)
                .add("handoff queues", minutes, handoff, SvgChart.Style.LINE_MARKERS)
                .yRange(0, Math.max(1, Math.max(max(queue), Math.max(max(streams), max(handoff)))) * 1.25)
                .legend(true, false).note(note).write(r.options().out().resolve("soak-queues.svg"));
    }

    private static double[] column(List<Map<String, Object>> s, String key, double scale) {
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((Number) s.get(i).get(key)).doubleValue() * scale;
        }
        return v;
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static long num(Map<String, Object> s, String key) {
        return ((Number) s.get(key)).longValue();
    }
}
