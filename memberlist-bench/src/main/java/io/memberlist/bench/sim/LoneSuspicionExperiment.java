package io.memberlist.bench.sim;

import io.memberlist.Config;
import io.memberlist.MemberState;
import io.memberlist.Metrics;
import io.memberlist.core.MemberEvent;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What {@code Config.verifyLoneSuspicion} costs and buys: a suspicion that runs out on one
 * accuser's word is checked with a probe of the suspect before the death.
 *
 * <p>Cost, on real deaths: a silent host crash (no refused connection, so the suspicion runs its
 * course) in clusters of 2, 3 and 5 members (a fresh cluster per crash) and of 64 (one crash at a
 * time, 5 s apart, as the {@code refused} experiment), no loss and 10% loss (datagrams and TCP
 * legs alike); seconds from the crash to the first death declaration and to every live member's,
 * and how many suspicions were checked (and answered) meanwhile, with the check off and on.
 *
 * <p>Gain, on false deaths: 64 members, nobody crashes, 5 minutes per run; death declarations
 * about healthy members under loss (10-30%) and next to stalled members (receive path 10 s late
 * in 10-20 s episodes), as in the {@code refused} experiment. LAN preset throughout; the other
 * policies at their defaults.
 */
final class LoneSuspicionExperiment implements SimExperiment {
    static final String VERIFIED = "memberlist.suspicion.verified";
    static final String ANSWERED = "memberlist.suspicion.answered";

    @Override
    public String name() {
        return "lone";
    }

    @Override
    public String description() {
        return "crash detection and false deaths with and without the check of lone suspicions (verifyLoneSuspicion)";
    }

    /** Counts the check's two counters across every node of a run. */
    static final class Checks implements Metrics {
        final AtomicLong verified = new AtomicLong();
        final AtomicLong answered = new AtomicLong();

        @Override
        public void counter(String name, long delta) {
            if (name.equals(VERIFIED)) {
                verified.addAndGet(delta);
            } else if (name.equals(ANSWERED)) {
                answered.addAndGet(delta);
            }
        }

        @Override
        public void gauge(String name, double value) {}

        @Override
        public void sample(String name, double value) {}

        @Override
        public void timer(String name, long nanos) {}
    }

    /** The two configurations, by label, each with the given metrics sink. */
    static Map<String, Function<Metrics, Config.Builder>> configs() {
        Map<String, Function<Metrics, Config.Builder>> m = new LinkedHashMap<>();
        m.put("check off", x -> Config.lan().verifyLoneSuspicion(false).metrics(x));
        m.put("check on (defaults)", x -> Config.lan().metrics(x));
        return m;
    }

    @Override
    public List<String> run(SimOptions o) throws IOException {
        List<String> summary = new ArrayList<>();
        int crashes = o.quick() ? 6 : 20;
        int seeds = o.quick() ? 1 : 3;
        CsvTable det = new CsvTable("config", "n", "loss", "seed", "crash", "first_declaration_s", "all_declared_s");
        CsvTable checks = new CsvTable("config", "n", "loss", "crashes", "checks", "answered", "healthy_declared_dead");
        for (int n : new int[] {2, 3, 5, 64}) {
            for (double loss : new double[] {0, 0.1}) {
                for (Map.Entry<String, Function<Metrics, Config.Builder>> cfg : configs().entrySet()) {
                    Checks counted = new Checks();
                    int[] falseDecl = {0};
                    List<Double> firsts = new ArrayList<>();
                    List<Double> all = new ArrayList<>();
                    for (int k = 0; k < seeds; k++) {
                        long seed = o.seed() + k;
                        List<double[]> runs = n == RefusedConnectionExperiment.N
                                ? RefusedConnectionExperiment.detection(cfg.getValue().apply(counted), false, loss,
                                        seed, crashes, falseDecl)
                                : smallClusters(cfg.getValue().apply(counted), n, loss, seed, crashes, falseDecl);
                        for (double[] d : runs) {
                            det.row(cfg.getKey(), n, loss, seed, firsts.size(), d[0], d[1]);
                            firsts.add(d[0]);
                            all.add(d[1]);
                        }
                    }
                    checks.row(cfg.getKey(), n, loss, all.size(), counted.verified.get(), counted.answered.get(),
                            falseDecl[0]);
                    String line = String.format(Locale.ROOT,
                            "lone N=%d loss %.0f%% %s: first median %.2f s p90 %.2f s max %.2f s; all median %.2f s"
                                    + " p90 %.2f s max %.2f s; %d crashes, %d checks (%d answered), healthy declared"
                                    + " dead %d",
                            n, loss * 100, cfg.getKey(), CrashExperiment.quantile(firsts, 0.5),
                            CrashExperiment.quantile(firsts, 0.9), CrashExperiment.quantile(firsts, 1.0),
                            CrashExperiment.quantile(all, 0.5), CrashExperiment.quantile(all, 0.9),
                            CrashExperiment.quantile(all, 1.0), all.size(), counted.verified.get(),
                            counted.answered.get(), falseDecl[0]);
                    o.say(line);
                    summary.add(line);
                }
            }
        }
        det.write(o.out().resolve("lone-detection.csv"));
        checks.write(o.out().resolve("lone-checks.csv"));

        Duration length = o.quick() ? Duration.ofMinutes(2) : Duration.ofMinutes(5);
        CsvTable fp = new CsvTable("sweep", "loss", "stalled", "config", "seeds", "virtual_hours",
                "declarations_about_healthy", "declarations_about_stalled", "checks", "answered");
        double[] losses = o.quick() ? new double[] {0.2} : new double[] {0.1, 0.2, 0.3};
        int[] stalled = o.quick() ? new int[] {5} : new int[] {2, 5};
        for (Map.Entry<String, Function<Metrics, Config.Builder>> cfg : configs().entrySet()) {
            for (double loss : losses) {
                summary.add(fpRow(o, fp, cfg, loss, 0, seeds, length));
            }
            for (int st : stalled) {
                summary.add(fpRow(o, fp, cfg, 0, st, seeds, length));
            }
        }
        fp.write(o.out().resolve("lone-false-positives.csv"));
        return summary;
    }

    private static String fpRow(SimOptions o, CsvTable csv, Map.Entry<String, Function<Metrics, Config.Builder>> cfg,
            double loss, int stalled, int seeds, Duration length) {
        Checks counted = new Checks();
        int healthy = 0;
        int aboutStalled = 0;
        for (int k = 0; k < seeds; k++) {
            int[] r = RefusedConnectionExperiment.falsePositives(cfg.getValue().apply(counted), loss, stalled,
                    o.seed() + k, length);
            healthy += r[0];
            aboutStalled += r[1];
        }
        double hours = seeds * length.toNanos() / 3.6e12;
        csv.row(stalled > 0 ? "stalls" : "loss", loss, stalled, cfg.getKey(), seeds, hours, healthy, aboutStalled,
                counted.verified.get(), counted.answered.get());
        String line = String.format(Locale.ROOT, "lone fp %s, loss %.0f%%, stalled %d: %d declarations about healthy"
                + " members, %d about stalled ones, %d checks (%d answered) (%.2f virtual h)", cfg.getKey(),
                loss * 100, stalled, healthy, aboutStalled, counted.verified.get(), counted.answered.get(), hours);
        o.say(line);
        return line;
    }

    /**
     * {@code crashes} fresh clusters of {@code n} (seeded from {@code seed}), each converged and
     * settled, then one member other than the first crashes silently; per crash, seconds to the
     * first declaration and to every live member's (NaN: not within 120 s).
     */
    static List<double[]> smallClusters(Config.Builder cfg, int n, double loss, long seed, int crashes,
            int[] falseDecl) {
        List<double[]> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(seed ^ 0x10AEL);
        for (int c = 0; c < crashes; c++) {
            SimNetwork sim = SimNetwork.builder().seed(seed * 1000 + c).realFraming(false).build();
            List<SimNode> nodes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                nodes.add(sim.addNode("node-" + i, cfg));
            }
            sim.joinAll(nodes.get(0));
            if (!sim.runUntil(SimNetwork::converged, Duration.ofSeconds(30), Duration.ofMillis(100))) {
                throw new IllegalStateException(n + " nodes did not converge (seed " + seed + ")");
            }
            sim.runFor(Duration.ofSeconds(10));
            RefusedConnectionExperiment.lossyEverywhere(sim, nodes, loss);
            SimNode victim = nodes.get(1 + r.nextInt(n - 1));
            long[] firstAt = {-1};
            int[] declared = {0};
            sim.onEvent((node, e) -> {
                if (e instanceof MemberEvent.Left l && l.member().state() == MemberState.DEAD && node != victim) {
                    if (l.member().name().equals(victim.name())) {
                        declared[0]++;
                        if (firstAt[0] < 0) {
                            firstAt[0] = sim.nowNanos();
                        }
                    } else {
                        falseDecl[0]++;
                    }
                }
            });
            long t0 = sim.nowNanos();
            sim.crash(victim);
            boolean everyone = sim.runUntil(s -> declared[0] >= n - 1, Duration.ofSeconds(120), Duration.ofMillis(10));
            out.add(new double[] {firstAt[0] < 0 ? Double.NaN : (firstAt[0] - t0) / 1e9,
                everyone ? (sim.nowNanos() - t0) / 1e9 : Double.NaN});
        }
        return out;
    }
}
