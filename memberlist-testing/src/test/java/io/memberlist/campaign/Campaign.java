package io.memberlist.campaign;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault campaign from the command line (docs/TESTING.md):
 *
 * <pre>
 * Campaign --seeds 4096 [--first 0] [--ticks 5000] [--threads 1] [--log results.tsv] [--verbose]
 * Campaign --replay SEED [--ticks 5000] [--trace 400]
 * </pre>
 *
 * <p>A campaign runs seeds {@code first .. first + seeds - 1}, each independently (one simulation
 * per thread), prints every failing seed with the command that replays it, and ends with the
 * figures: seeds, ticks, wall time, seed-ticks per wall minute, violations. {@code --log} appends
 * one tab-separated line per seed (seed, outcome, virtual ms, wall ms) so a long campaign can run
 * in chunks. A replay runs one seed with a readable trace and prints the cluster, the bounds, the
 * whole schedule, the last trace lines and the outcome. Exit status 1 when a seed failed.
 */
public final class Campaign {
    private Campaign() {}

    public static void main(String[] args) throws Exception {
        // The nodes log every conflict and failed exchange the faults cause: noise here.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        long first = 0;
        long seeds = 64;
        int ticks = 5000;
        int threads = 1;
        int trace = 400;
        Long replay = null;
        Path log = null;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--first" -> { first = Long.parseLong(v); i++; }
                case "--seeds" -> { seeds = Long.parseLong(v); i++; }
                case "--ticks" -> { ticks = Integer.parseInt(v); i++; }
                case "--threads" -> { threads = Integer.parseInt(v); i++; }
                case "--trace" -> { trace = Integer.parseInt(v); i++; }
                case "--replay" -> { replay = Long.parseLong(v); i++; }
                case "--log" -> { log = Path.of(v); i++; }
                case "--verbose" -> verbose = true;
                default -> {
                    System.err.println("unknown argument " + a);
                    System.exit(2);
                }
            }
        }
        boolean ok = replay != null ? replay(replay, ticks, trace, System.out)
                : campaign(first, seeds, ticks, threads, log, verbose, System.out);
        System.exit(ok ? 0 : 1);
    }

    /** Runs one seed with a trace and prints everything about it; true when it passed. */
    static boolean replay(long seed, int ticks, int traceLines, PrintStream out) {
        CampaignRun run = new CampaignRun(seed, ticks, traceLines);
        out.println("seed " + seed + ", " + ticks + " ticks of " + CampaignRun.TICK.toMillis() + " ms");
        out.println("cluster: " + run.shape());
        out.println("bounds: " + run.bounds());
        out.println("schedule: " + run.schedule().summary());
        for (Fault f : run.schedule().faults()) {
            out.println("  " + f);
        }
        SeedResult r = run.run();
        out.println("trace (last " + traceLines + " lines, virtual time in seconds):");
        for (String line : run.sim().traceLines()) {
            out.println("  " + seconds(line));
        }
        out.println(r);
        if (r.error() != null) {
            r.error().printStackTrace(out);
        }
        return r.passed();
    }

    /** Runs a band of seeds and prints the figures; true when every seed passed. */
    static boolean campaign(long first, long seeds, int ticks, int threads, Path log, boolean verbose,
            PrintStream out)
            throws Exception {
        String load = loadAverage();
        long wall = System.nanoTime();
        AtomicLong virtual = new AtomicLong();
        Counts totals = new Counts();
        long maxWall = 0;
        List<SeedResult> failed = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<SeedResult>> results = new ArrayList<>();
            for (long s = first; s < first + seeds; s++) {
                long seed = s;
                results.add(pool.submit(() -> new CampaignRun(seed, ticks, 0).run()));
            }
            long done = 0;
            for (Future<SeedResult> f : results) {
                SeedResult r = f.get();
                done++;
                virtual.addAndGet(r.virtualNanos());
                totals.addAll(r.figures());
                maxWall = Math.max(maxWall, r.wallNanos());
                if (log != null) {
                    append(log, r.seed() + "\t" + r.outcome().replace('\t', ' ').replace('\n', ' ') + "\t"
                            + r.virtualNanos() / 1_000_000 + "\t" + r.wallNanos() / 1_000_000 + "\n");
                }
                if (verbose && r.passed()) {
                    out.println(r);
                }
                if (!r.passed()) {
                    failed.add(r);
                    out.println(r);
                    out.println("  replay: bin/campaign --replay " + r.seed() + " --ticks " + ticks);
                }
                if (done % 64 == 0) {
                    out.printf("%d/%d seeds, %d failed, %d s%n", done, seeds, failed.size(),
                            (System.nanoTime() - wall) / 1_000_000_000);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double minutes = (System.nanoTime() - wall) / 60e9;
        out.printf("campaign: seeds %d..%d (%d), %d ticks of %d ms each, %d threads%n", first, first + seeds - 1,
                seeds, ticks, CampaignRun.TICK.toMillis(), threads);
        out.printf("wall %.1f min, %.0f seed-ticks per wall minute (fault ticks; with the quiet phases %.0f "
                + "virtual s in all), violations %d%n", minutes, seeds * (double) ticks / minutes,
                virtual.get() / 1e9, failed.size());
        out.printf("slowest seed %.1f s; totals: %s%n", maxWall / 1e9, totals);
        out.println("load average before: " + load + ", after: " + loadAverage());
        return failed.isEmpty();
    }

    /** A trace line with its leading time in nanoseconds shown as seconds. */
    static String seconds(String line) {
        int sp = line.indexOf(' ');
        try {
            long ns = Long.parseLong(line.substring(0, sp));
            return String.format("%d.%09d", ns / 1_000_000_000L, ns % 1_000_000_000L) + line.substring(sp);
        } catch (RuntimeException e) {
            return line;
        }
    }

    private static void append(Path log, String line) {
        try {
            Files.writeString(log, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
