package io.memberlist.bench.sim;

import io.memberlist.Config;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.Metrics;
import io.memberlist.core.MemberEvent;
import io.memberlist.testing.ConvergenceTracker;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Self-fencing ({@code Config.selfFenceRefutations}), issue 11 item 3. Four parts, each in
 * virtual time with the production node, LAN preset, 50 members:
 *
 * <ul>
 *   <li><b>gray</b>: one member loses 80% of what it sends and receives (datagrams and TCP legs),
 *       steadily or flipping between 80% and none every 20 s, for 12 minutes. Every 200 ms each
 *       other member's view of it is read as alive, suspect or gone (dead, left or unknown). Per
 *       observer: status changes in any 5-minute window (the most, over observers and windows),
 *       with the first minute of the failure and without it; agreement (share of readings where
 *       every observer has it live or every observer has it gone); the end state; healthy members
 *       declared dead by healthy ones; fences and rejoins of the gray member.
 *   <li><b>loss</b>: every member loses 5, 10 or 20% of its datagrams end to end (TCP legs alike)
 *       for 10 minutes: fences (there should be none), and the refutations that would count
 *       towards one: the most any member has within any window of the policy's length.
 *   <li><b>partition</b>: 50 members split 25 | 25 or 10 | 40 for 60 s, healed, 5 more minutes; and a
 *       25 | 25 split that comes and goes for 5 minutes (10 s cut, 10 s healed; or 5 s and 5 s),
 *       then 5 more minutes: fences.
 *   <li><b>stall</b>: 2 or 5 of the 50 members stall (receive path 10 s late in 10-20 s episodes,
 *       1-4 s apart) for 5 minutes, then 5 quiet minutes: fences of stalled and of healthy members.
 *   <li><b>stampede</b>: 100 members join one seed at the same instant, 3 minutes: fences.
 * </ul>
 *
 * <p>Settings: <b>fence</b> ({@code Config.lan()}: our defaults, fencing on) against the same with
 * the threshold set out of reach ({@code selfFenceRefutations(65536)}, labelled <b>ours</b> in the
 * gray part and <b>count</b> elsewhere): our defaults as they were before fencing, since the policy
 * then only counts, which gives the refutations that would count towards a fence.
 */
final class SelfFenceExperiment implements SimExperiment {
    static final int N = 50;
    static final double GRAY_LOSS = 0.8;
    static final Duration FLIP = Duration.ofSeconds(20);
    static final Duration READ_EVERY = Duration.ofMillis(200);
    static final Duration FIVE_MIN = Duration.ofMinutes(5);
    /** The window and threshold of the defaults, over which refutations are counted here too. */
    static final Duration W = Config.lan().name("w").build().selfFenceWindow();
    static final int R = Config.lan().name("r").build().selfFenceRefutations();
    /** Counts refutations without ever fencing. */
    static final int COUNT_ONLY = 65_536;

    @Override
    public String name() {
        return "fence";
    }

    @Override
    public String description() {
        return "self-fencing: a gray member of 50 (steady, flipping), uniform loss, partitions, a join stampede";
    }

    static Config.Builder fence() {
        return Config.lan();
    }

    static Config.Builder countOnly() {
        return Config.lan().selfFenceRefutations(COUNT_ONLY);
    }

    @Override
    public List<String> run(SimOptions o) throws IOException {
        String only = System.getProperty("fence.only", "");
        int seeds = o.quick() ? 1 : Integer.getInteger("fence.seeds", 3);
        List<String> summary = new ArrayList<>();
        if (only.isEmpty() || only.contains("gray")) {
            Duration length = o.quick() ? Duration.ofMinutes(4) : Duration.ofMinutes(12);
            CsvTable csv = new CsvTable("settings", "pattern", "seed", "minutes", "max_changes_5min_with_first_minute",
                    "max_changes_5min_after_first_minute", "changes_per_observer_5min", "agreed_share", "end",
                    "healthy_declared_dead_by_healthy", "healthy_declared_dead_by_gray", "fences", "failed_trials",
                    "rejoins", "first_fence_s", "max_counted_refutations_in_window");
            for (boolean flipping : new boolean[] {false, true}) {
                for (String s : new String[] {"ours", "fence"}) {
                    for (int k = 0; k < seeds; k++) {
                        long seed = o.seed() + k;
                        GrayOutcome r = gray(s.equals("fence") ? SelfFenceExperiment::fence
                                : SelfFenceExperiment::countOnly,
                                flipping, seed, length);
                        String pattern = flipping ? "flip-20s" : "steady";
                        csv.row(s, pattern, seed, length.toMinutes(), r.maxWithFirst, r.maxAfterFirst,
                                r.perObserver5Min, r.agreed, r.end, r.healthyDead, r.healthyDeadByGray, r.fences,
                                r.failedTrials, r.rejoins, r.firstFenceS, r.maxCounted);
                        o.say(String.format(Locale.ROOT, "fence gray %-5s %-8s seed %d: status changes per observer"
                                + " in 5 min: max %d with the first minute, %d after it, mean %.2f; agree %.2f%%;"
                                + " end %s; healthy dead by healthy %d, by gray %d; fences %d (first at %.0f s),"
                                + " failed trials %d, rejoins %d; counted refutations max %d in %d s",
                                s, pattern, seed, r.maxWithFirst, r.maxAfterFirst, r.perObserver5Min,
                                100 * r.agreed, r.end, r.healthyDead, r.healthyDeadByGray, r.fences, r.firstFenceS,
                                r.failedTrials, r.rejoins, r.maxCounted, W.toSeconds()));
                    }
                }
            }
            csv.write(o.out().resolve("fence-gray.csv"));
            summary.add("fence gray: fence-gray.csv (" + csv.size() + " rows)");
        }
        if (only.isEmpty() || only.contains("loss")) {
            Duration length = o.quick() ? Duration.ofMinutes(3) : Duration.ofMinutes(10);
            CsvTable csv = new CsvTable("settings", "loss", "seed", "minutes", "fences", "max_counted_refutations_in_window",
                    "members_with_counted_refutations", "counted_refutations", "members_reaching_threshold");
            for (double loss : new double[] {0.05, 0.10, 0.20}) {
                for (int k = 0; k < seeds; k++) {
                    long seed = o.seed() + k;
                    for (String s : new String[] {"count", "fence"}) {
                        Quiet q = uniformLoss(s.equals("fence") ? SelfFenceExperiment::fence : SelfFenceExperiment::countOnly,
                                loss, seed, length);
                        csv.row(s, loss, seed, length.toMinutes(), q.fences, q.maxCounted, q.membersCounted, q.counted,
                                q.reaching);
                        o.say(String.format(Locale.ROOT, "fence loss %.0f%% %-5s seed %d: fences %d; counted"
                                + " refutations %d (%d members), most by one member within %d s: %d; members reaching"
                                + " %d within %d s: %d", loss * 100, s, seed, q.fences, q.counted, q.membersCounted,
                                W.toSeconds(), q.maxCounted, R, W.toSeconds(), q.reaching));
                    }
                }
            }
            csv.write(o.out().resolve("fence-loss.csv"));
            summary.add("fence loss: fence-loss.csv (" + csv.size() + " rows)");
        }
        if (only.isEmpty() || only.contains("partition")) {
            CsvTable csv = new CsvTable("settings", "case", "seed", "fences", "max_counted_refutations_in_window",
                    "counted_refutations", "converged_after", "members_reaching_threshold");
            for (String kase : new String[] {"split-25-25", "split-10-40", "split-flapping-10s", "split-flapping-5s"}) {
                for (int k = 0; k < seeds; k++) {
                    long seed = o.seed() + k;
                    for (String s : new String[] {"count", "fence"}) {
                        Quiet q = partition(s.equals("fence") ? SelfFenceExperiment::fence : SelfFenceExperiment::countOnly,
                                kase, seed);
                        csv.row(s, kase, seed, q.fences, q.maxCounted, q.counted, q.converged, q.reaching);
                        o.say(String.format(Locale.ROOT, "fence partition %s %-5s seed %d: fences %d; counted"
                                + " refutations %d, most by one member within %d s: %d (members reaching %d: %d);"
                                + " converged after heal: %s", kase, s, seed, q.fences, q.counted, W.toSeconds(),
                                q.maxCounted, R, q.reaching, q.converged));
                    }
                }
            }
            csv.write(o.out().resolve("fence-partition.csv"));
            summary.add("fence partition: fence-partition.csv (" + csv.size() + " rows)");
        }
        if (only.isEmpty() || only.contains("stall")) {
            CsvTable csv = new CsvTable("settings", "stalled", "seed", "fences_of_stalled", "fences_of_healthy",
                    "max_counted_refutations_in_window");
            for (int stalled : new int[] {2, 5}) {
                for (int k = 0; k < seeds; k++) {
                    long seed = o.seed() + k;
                    int[] f = stalls(SelfFenceExperiment::fence, stalled, seed);
                    csv.row("fence", stalled, seed, f[0], f[1], f[2]);
                    o.say(String.format(Locale.ROOT, "fence stall %d of %d seed %d: fences of stalled members %d,"
                            + " of healthy ones %d; counted refutations, most by one member within %d s: %d",
                            stalled, N, seed, f[0], f[1], W.toSeconds(), f[2]));
                }
            }
            csv.write(o.out().resolve("fence-stall.csv"));
            summary.add("fence stall: fence-stall.csv (" + csv.size() + " rows)");
        }
        if (only.isEmpty() || only.contains("stampede")) {
            CsvTable csv = new CsvTable("settings", "n", "seed", "fences", "max_counted_refutations_in_window",
                    "counted_refutations");
            for (int k = 0; k < seeds; k++) {
                long seed = o.seed() + k;
                Quiet q = stampede(SelfFenceExperiment::fence, 100, seed);
                csv.row("fence", 100, seed, q.fences, q.maxCounted, q.counted);
                o.say(String.format(Locale.ROOT, "fence stampede 100 seed %d: fences %d; counted refutations %d,"
                        + " most by one member within %d s: %d", seed, q.fences, q.counted, W.toSeconds(),
                        q.maxCounted));
            }
            csv.write(o.out().resolve("fence-stampede.csv"));
            summary.add("fence stampede: fence-stampede.csv (" + csv.size() + " rows)");
        }
        return summary;
    }

    // ---------------------------------------------------------------- gray

    record GrayOutcome(int maxWithFirst, int maxAfterFirst, double perObserver5Min, double agreed, String end,
            int healthyDead, int healthyDeadByGray, int fences, int failedTrials, int rejoins, double firstFenceS,
            int maxCounted) {}

    enum Seen { ALIVE, SUSPECT, GONE }

    static GrayOutcome gray(Supplier<Config.Builder> cfg, boolean flipping, long seed, Duration length) {
        SimNetwork sim = SimNetwork.builder().seed(seed).realFraming(false).build();
        Counted counted = new Counted(N);
        List<SimNode> nodes = cluster(sim, cfg, N, counted);
        SimNode gray = nodes.get(N - 1);
        int[] rejoins = {0};
        long[] firstFence = {-1};
        long start = sim.nowNanos();
        ViewWatch.HealthyDeaths healthyDead = ViewWatch.HealthyDeaths.count(sim, gray);
        sim.onEvent((node, e) -> {
            if (e instanceof MemberEvent.Fenced && node == gray) {
                if (node.engine().localMember().state() == MemberState.LEFT && firstFence[0] < 0) {
                    firstFence[0] = sim.nowNanos() - start;
                }
            }
            if (e instanceof MemberEvent.Joined j && node == gray && j.member().name().equals(gray.name())) {
                rejoins[0]++;
            }
        });
        counted.reset(sim);
        sim.setNodeLoss(gray, GRAY_LOSS);
        long end = start + length.toNanos();
        if (flipping) {
            ViewWatch.flip(sim, gray, GRAY_LOSS, FLIP, true, end);
        }
        ViewWatch<Seen> watch = ViewWatch.watch(sim, nodes.subList(0, N - 1), gray.name(), READ_EVERY, end,
                SelfFenceExperiment::seen, st -> st != Seen.GONE);
        String outcome = watch.outcome("live", "gone") + (gray.engine().isFenced() ? ", fenced" : "");
        int maxWith = 0;
        int maxAfter = 0;
        long minute = Duration.ofMinutes(1).toNanos();
        for (int i = 0; i < watch.observers(); i++) {
            List<Long> times = watch.times(i, (from, to) -> true);
            maxWith = Math.max(maxWith, ViewWatch.maxInWindow(times, FIVE_MIN.toNanos(), Long.MIN_VALUE));
            maxAfter = Math.max(maxAfter, ViewWatch.maxInWindow(times, FIVE_MIN.toNanos(), minute));
        }
        double per5 = watch.changes().size() / (double) watch.observers()
                / (length.toNanos() / (double) FIVE_MIN.toNanos());
        return new GrayOutcome(maxWith, maxAfter, per5, watch.agreement(), outcome, healthyDead.byOthers,
                healthyDead.byGray, (int) counted.fences[N - 1], (int) counted.trials[N - 1], rejoins[0],
                firstFence[0] < 0 ? Double.NaN : firstFence[0] / 1e9, counted.maxInWindow(W.toNanos()));
    }

    /** A view of the gray member: live (alive or suspect) or gone (dead, left or absent). */
    private static Seen seen(Member m) {
        if (m == null || m.state() == MemberState.DEAD || m.state() == MemberState.LEFT) {
            return Seen.GONE;
        }
        return m.state() == MemberState.SUSPECT ? Seen.SUSPECT : Seen.ALIVE;
    }

    // ---------------------------------------------------------------- healthy clusters

    record Quiet(int fences, int maxCounted, int membersCounted, long counted, String converged, int reaching) {}

    static Quiet uniformLoss(Supplier<Config.Builder> cfg, double loss, long seed, Duration length) {
        SimNetwork sim = SimNetwork.builder().seed(seed).realFraming(false).build();
        Counted counted = new Counted(N);
        List<SimNode> nodes = cluster(sim, cfg, N, counted);
        counted.reset(sim);
        double perEnd = 1 - Math.sqrt(1 - loss);
        for (SimNode n : nodes) {
            sim.setNodeLoss(n, perEnd);
        }
        sim.runFor(length);
        return counted.quiet(W.toNanos(), "");
    }

    static Quiet partition(Supplier<Config.Builder> cfg, String kase, long seed) {
        SimNetwork sim = SimNetwork.builder().seed(seed).realFraming(false).build();
        Counted counted = new Counted(N);
        List<SimNode> nodes = cluster(sim, cfg, N, counted);
        counted.reset(sim);
        int small = kase.equals("split-10-40") ? 10 : 25;
        List<SimNode> a = nodes.subList(0, small);
        List<SimNode> b = nodes.subList(small, N);
        if (kase.startsWith("split-flapping-")) {
            Duration half = Duration.ofSeconds(kase.endsWith("5s") ? 5 : 10);
            long until = sim.nowNanos() + Duration.ofMinutes(5).toNanos();
            while (sim.nowNanos() < until) {
                sim.partition(a, b);
                sim.runFor(half);
                sim.heal();
                sim.runFor(half);
            }
        } else {
            sim.partition(a, b);
            sim.runFor(Duration.ofSeconds(60));
            sim.heal();
        }
        long healed = sim.nowNanos();
        boolean ok = sim.runUntil(SimNetwork::converged, Duration.ofMinutes(5), Duration.ofMillis(200));
        String conv = ok ? String.format(Locale.ROOT, "%.1f s", (sim.nowNanos() - healed) / 1e9) : "no (5 min)";
        sim.runUntilTime(healed + Duration.ofMinutes(5).toNanos());
        return counted.quiet(W.toNanos(), conv);
    }

    /**
     * {@code stalled} members whose receive path runs 10 s late in 10-20 s episodes, 1-4 s apart,
     * for 5 minutes (the stall sweep of {@code RefusedConnectionExperiment}); then 5 more minutes.
     * Returns the fences of stalled members, of healthy ones, and the most counted refutations.
     */
    static int[] stalls(Supplier<Config.Builder> cfg, int stalled, long seed) {
        SimNetwork sim = SimNetwork.builder().seed(seed).realFraming(false).build();
        Counted counted = new Counted(N);
        List<SimNode> nodes = cluster(sim, cfg, N, counted);
        counted.reset(sim);
        java.util.SplittableRandom script = new java.util.SplittableRandom(seed ^ 0x5EEDL);
        long end = sim.nowNanos() + Duration.ofMinutes(5).toNanos();
        for (SimNode v : nodes.subList(N - stalled, N)) {
            LifeguardExperiment.scheduleStalls(sim, v, script.split(), end);
        }
        sim.runFor(Duration.ofMinutes(10));
        int ofStalled = 0;
        int ofHealthy = 0;
        for (int i = 0; i < N; i++) {
            if (i >= N - stalled) {
                ofStalled += (int) counted.fences[i];
            } else {
                ofHealthy += (int) counted.fences[i];
            }
        }
        return new int[] {ofStalled, ofHealthy, counted.maxInWindow(W.toNanos())};
    }

    static Quiet stampede(Supplier<Config.Builder> cfg, int n, long seed) {
        SimNetwork sim = SimNetwork.builder().seed(seed).realFraming(false).build();
        Counted counted = new Counted(n);
        List<SimNode> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(sim.addNode("node-" + i, cfg.get().metrics(counted.sink(i))));
        }
        sim.joinAll(nodes.get(0));
        sim.runFor(Duration.ofMinutes(3));
        return counted.quiet(W.toNanos(), "");
    }

    private static List<SimNode> cluster(SimNetwork sim, Supplier<Config.Builder> cfg, int n, Counted counted) {
        ConvergenceTracker tracker = ConvergenceTracker.install(sim, n);
        List<SimNode> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(sim.addNode("node-" + i, cfg.get().metrics(counted.sink(i))));
        }
        sim.joinAll(nodes.get(0));
        if (!sim.runUntil(s -> tracker.completeNodes() == n, Duration.ofSeconds(60), Duration.ofMillis(100))) {
            throw new IllegalStateException(n + " nodes did not converge (seed " + sim.seed() + ")");
        }
        sim.runFor(Duration.ofSeconds(30));
        return nodes;
    }

    /** Per member: the times of counted refutations, fences and failed trials (from its metrics). */
    static final class Counted {
        final List<List<Long>> times = new ArrayList<>();
        final long[] fences;
        final long[] trials;
        private SimNetwork sim;

        Counted(int n) {
            for (int i = 0; i < n; i++) {
                times.add(new ArrayList<>());
            }
            fences = new long[n];
            trials = new long[n];
        }

        void reset(SimNetwork s) {
            this.sim = s;
            for (List<Long> t : times) {
                t.clear();
            }
            java.util.Arrays.fill(fences, 0);
            java.util.Arrays.fill(trials, 0);
        }

        Metrics sink(int i) {
            return new Metrics() {
                @Override
                public void counter(String name, long delta) {
                    counter(name, delta, Map.of());
                }

                @Override
                public void counter(String name, long delta, Map<String, String> labels) {
                    if (sim == null) {
                        return;
                    }
                    if (name.equals("memberlist.fence.refutation")) {
                        times.get(i).add(sim.nowNanos());
                    } else if (name.equals("memberlist.fence")) {
                        if ("trial".equals(labels.get("reason"))) {
                            trials[i]++;
                        } else {
                            fences[i]++;
                        }
                    }
                }

                @Override
                public void gauge(String name, double value) {}

                @Override
                public void sample(String name, double value) {}

                @Override
                public void timer(String name, long nanos) {}
            };
        }

        int maxInWindow(long w) {
            int max = 0;
            for (List<Long> t : times) {
                max = Math.max(max, ViewWatch.maxInWindow(t, w, Long.MIN_VALUE));
            }
            return max;
        }

        Quiet quiet(long w, String converged) {
            int f = 0;
            int members = 0;
            int reaching = 0;
            long total = 0;
            for (int i = 0; i < times.size(); i++) {
                f += (int) fences[i];
                total += times.get(i).size();
                members += times.get(i).isEmpty() ? 0 : 1;
                reaching += ViewWatch.maxInWindow(times.get(i), w, Long.MIN_VALUE) >= R ? 1 : 0;
            }
            return new Quiet(f, maxInWindow(w), members, total, converged, reaching);
        }
    }
}
