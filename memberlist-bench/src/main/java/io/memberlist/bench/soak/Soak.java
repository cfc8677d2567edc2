package io.memberlist.bench.soak;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The soak (issue 11, item 5): {@code n} real nodes in one JVM, sockets on loopback, datagrams
 * dropped by a seeded {@link LossyTransport} in each direction, watched for a long time. Every
 * {@code -sample} period it runs a full GC and records the heap after it, threads, file
 * descriptors, every node's queue and stream depths ({@link io.memberlist.Memberlist#stats()}),
 * suspicions and false deaths, as one JSON line in {@code soak.jsonl}; at the end
 * {@link SoakVerdict} judges the series, {@link SoakReport} writes the summary and the charts,
 * and the exit status is 0 only when every check held. A benchmark command, not a test: run it
 * with {@code bench/soak.sh} (the options are in {@link SoakOptions#USAGE}).
 */
public final class Soak {
    private static final JSON JSON_LINE = JSON.builder().build();

    /** What a soak produced: its series, its checks, and what else the summary reports. */
    record Result(SoakOptions options, Duration converge, List<Map<String, Object>> samples,
            List<SoakVerdict.Check> checks, List<SoakCluster.FalseDeath> falseDeaths, long rejoins, long joinFailures,
            double loadStart, double loadEnd, Instant started, Instant ended) {
        boolean ok() {
            return SoakVerdict.allOk(checks);
        }
    }

    private Soak() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("-judge")) {
            judgeFile(java.nio.file.Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        SoakOptions o;
        try {
            o = SoakOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Result r = run(o);
        System.out.print(SoakReport.text(r));
        System.exit(r.ok() ? 0 : 1);
    }

    /** {@code Soak -judge soak.jsonl N}: applies the rules again to a saved series; exit 1 when one fails. */
    private static void judgeFile(java.nio.file.Path jsonl, int n) throws IOException {
        List<Map<String, Object>> samples = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                samples.add(JSON.std.mapFrom(line));
            }
        }
        List<SoakVerdict.Check> checks = SoakVerdict.judge(samples, n);
        for (SoakVerdict.Check c : checks) {
            System.out.printf(Locale.ROOT, "  %-4s %-24s %s%n", c.ok() ? "ok" : "FAIL", c.name(), c.detail());
        }
        System.exit(SoakVerdict.allOk(checks) ? 0 : 1);
    }

    /** Runs one soak and writes its files under {@code options.out()}. */
    static Result run(SoakOptions o) throws IOException, InterruptedException {
        Files.createDirectories(o.out());
        Instant started = Instant.now();
        double loadStart = ProcessGauges.loadAverage();
        log("soak: n=%d preset=%s loss=%.3f/direction seed=%d duration=%s settle=%s sample=%s threads=%d load=%.2f",
                o.n(), o.preset(), o.loss(), o.seed(), o.duration(), o.settle(), o.sampleEvery(), o.threads(), loadStart);
        List<Map<String, Object>> samples = new ArrayList<>();
        Duration converge;
        List<SoakCluster.FalseDeath> deaths;
        long rejoins;
        long joinFailures;
        try (SoakCluster cluster = new SoakCluster(o);
                PlantedLeak leak = new PlantedLeak(o.leak());
                BufferedWriter jsonl = Files.newBufferedWriter(o.out().resolve("soak.jsonl"), StandardCharsets.UTF_8)) {
            cluster.start();
            converge = cluster.joinAndConverge(o.joinTimeout());
            log("soak: %s (%d join attempts failed and were retried)", converge == null
                    ? "did not converge within " + o.joinTimeout() : "converged in " + converge.toMillis() + " ms",
                    cluster.joinFailures());
            long t0 = System.nanoTime();
            long period = o.sampleEvery().toNanos();
            long end = t0 + o.duration().toNanos();
            for (long due = t0; ; ) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                double t = (System.nanoTime() - t0) / 1e9;
                if (leak.active() && t >= o.settle().toMillis() / 1000.0) {
                    leak.grow();
                }
                Map<String, Object> s = sample(cluster, t, t >= o.settle().toMillis() / 1000.0);
                samples.add(s);
                jsonl.write(JSON_LINE.asString(s));
                jsonl.newLine();
                jsonl.flush();
                log("soak: t=%.0fs heap=%.1fMB gc=%.0fms threads=%s fds=%s members_min=%s bq=%s streams=%s "
                                + "suspicions=%s false_deaths=%s load=%s",
                        t, ((Number) s.get(SoakSample.HEAP_AFTER_GC)).longValue() / 1e6, s.get(SoakSample.GC_MS),
                        s.get(SoakSample.THREADS), s.get(SoakSample.FDS), s.get(SoakSample.MEMBERS_MIN),
                        s.get(SoakSample.BROADCAST_QUEUE_TOTAL), s.get(SoakSample.STREAMS_OPEN_TOTAL),
                        s.get(SoakSample.SUSPICIONS), s.get(SoakSample.FALSE_DEATHS), s.get(SoakSample.LOAD));
                if (due + period > end) {
                    break;
                }
                // A sample that took longer than a period (a loop answering late) skips the
                // slots it overran rather than sampling back to back to catch up.
                due += period * Math.max(1, (System.nanoTime() - due) / period + 1);
                due = Math.min(due, end);
            }
            deaths = cluster.falseDeaths();
            rejoins = cluster.rejoins();
            joinFailures = cluster.joinFailures();
        }
        List<SoakVerdict.Check> checks = SoakVerdict.judge(samples, o.n());
        if (converge == null) {
            checks = new ArrayList<>(checks);
            checks.add(0, new SoakVerdict.Check("joined", false, "did not converge within " + o.joinTimeout()));
        }
        Result r = new Result(o, converge, samples, checks, deaths, rejoins, joinFailures, loadStart,
                ProcessGauges.loadAverage(), started, Instant.now());
        SoakReport.write(r);
        return r;
    }

    private static Map<String, Object> sample(SoakCluster cluster, double t, boolean settled) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put(SoakSample.T, Math.round(t * 10) / 10.0);
        s.put(SoakSample.SETTLED, settled);
        s.put(SoakSample.LOAD, ProcessGauges.loadAverage());
        ProcessGauges.Heap heap = ProcessGauges.heapAfterGc();
        s.put(SoakSample.HEAP_AFTER_GC, heap.usedBytes());
        s.put(SoakSample.HEAP_COMMITTED, heap.committedBytes());
        s.put(SoakSample.GC_MS, Math.round(heap.gcMillis() * 10) / 10.0);
        s.put(SoakSample.THREADS, ProcessGauges.threads());
        s.put(SoakSample.FDS, ProcessGauges.fileDescriptors());
        cluster.measure(s);
        return s;
    }

    static void log(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }
}
