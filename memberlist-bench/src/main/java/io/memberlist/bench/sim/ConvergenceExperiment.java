package io.memberlist.bench.sim;

import io.memberlist.Config;
import io.memberlist.testing.ConvergenceTracker;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Convergence over time after a mass join, Go-like settings against the defaults: the share of
 * ordered (observer, subject) pairs in which the observer knows the subject alive, sampled on a
 * geometric time grid (the picture shows the share still missing, on a log scale, where the
 * push/pull tail of the Go-like setting is visible). Go-like: no direct self-announcement ({@code selfAnnounceFanout 0}) and no
 * push/pull after a gossip wave ({@code syncAfterGossipWave false}); everything else is the preset.
 *
 * <p>Cases: 64 and 256 nodes with the local preset, all joining node 0 at the same instant (as
 * {@code bench/cluster-compare.sh} does on sockets); 1,000 nodes with the LAN preset, the joins
 * spread evenly over the first second (999 at one instant would overflow the seed's 512 pending
 * connections: a join stampede, the subject of the join-retry work, not of this picture).
 */
final class ConvergenceExperiment implements SimExperiment {
    private record Case(String preset, Supplier<Config.Builder> builder, int n, Duration spread, Duration max) {}

    @Override
    public String name() {
        return "convergence";
    }

    @Override
    public String description() {
        return "mass join: share of pairs known over time, Go-like vs default settings (64, 256, 1,000 nodes)";
    }

    static Config.Builder goLike(Config.Builder b) {
        return b.selfAnnounceFanout(0).syncAfterGossipWave(false);
    }

    @Override
    public List<String> run(SimOptions o) throws IOException {
        List<Case> cases = new ArrayList<>(List.of(
                new Case("local", Config::local, 64, Duration.ZERO, Duration.ofSeconds(120)),
                new Case("local", Config::local, 256, Duration.ZERO, Duration.ofSeconds(120))));
        if (!o.quick()) {
            cases.add(new Case("lan", Config::lan, 1000, Duration.ofSeconds(1), Duration.ofSeconds(120)));
        }
        CsvTable csv = new CsvTable("preset", "n", "settings", "seed", "t_s", "pairs_known", "nodes_complete");
        List<String> summary = new ArrayList<>();
        for (Case c : cases) {
            SvgChart chart = new SvgChart(String.format(Locale.ROOT, "Mass join of %,d nodes (%s preset)", c.n, c.preset),
                    "time since the joins started (s, virtual)", "share of pairs not yet known (0 = converged)").logX()
                    .logY().xRange(0.001, c.max.toSeconds()).legend(false, true);
            for (boolean go : new boolean[] {true, false}) {
                String label = go ? "Go-like (no self-announce, no sync after gossip)" : "defaults";
                Supplier<Config.Builder> b = go ? () -> goLike(c.builder.get()) : c.builder;
                long wall0 = System.nanoTime();
                List<double[]> curve = run(c, b, o.seed());
                double[] t = new double[curve.size()];
                double[] k = new double[curve.size()];
                double[] missing = new double[curve.size()];
                double t99 = Double.NaN;
                double tAll = Double.NaN;
                for (int i = 0; i < t.length; i++) {
                    t[i] = curve.get(i)[0];
                    k[i] = curve.get(i)[1];
                    missing[i] = 1 - k[i];
                    csv.row(c.preset, c.n, go ? "go-like" : "default", o.seed(), t[i], k[i], (long) curve.get(i)[2]);
                    if (Double.isNaN(t99) && k[i] >= 0.99) {
                        t99 = t[i];
                    }
                    if (Double.isNaN(tAll) && curve.get(i)[2] == c.n) {
                        tAll = t[i];
                    }
                }
                chart.add(label, t, missing, go ? SvgChart.Style.DASHED : SvgChart.Style.LINE);
                String line = String.format(Locale.ROOT, "convergence n=%d %s %s: 99%% of pairs at %s s, every node complete at %s s (wall %.1f s)",
                        c.n, c.preset, go ? "go-like" : "default", fmt(t99), fmt(tAll), (System.nanoTime() - wall0) / 1e9);
                o.say(line);
                summary.add(line);
            }
            chart.note(String.format(Locale.ROOT, "memberlist simulator, seed %d, %s%s; real framing", o.seed(), c.preset,
                    c.spread.isZero() ? ", all joins at t = 0" : ", joins spread over " + c.spread.toMillis() + " ms"));
            chart.write(o.out().resolve("convergence-n" + c.n + ".svg"));
        }
        csv.write(o.out().resolve("convergence.csv"));
        return summary;
    }

    private static String fmt(double s) {
        return Double.isNaN(s) ? "never" : String.format(Locale.ROOT, "%.2f", s);
    }

    /** Samples (t seconds, share of pairs, complete nodes) from 1 ms on, ×1.12 per step. */
    static List<double[]> run(Case c, Supplier<Config.Builder> preset, long seed) {
        SimNetwork sim = SimNetwork.builder().seed(seed).build();
        ConvergenceTracker tracker = ConvergenceTracker.install(sim, c.n);
        List<SimNode> nodes = new ArrayList<>();
        for (int i = 0; i < c.n; i++) {
            nodes.add(sim.addNode("node-" + i, preset.get()));
        }
        long spread = c.spread.toNanos();
        for (int i = 1; i < c.n; i++) {
            SimNode joiner = nodes.get(i);
            long at = spread * (i - 1) / Math.max(1, c.n - 1);
            sim.schedule(Duration.ofNanos(at), () -> sim.join(joiner, nodes.get(0)));
        }
        List<double[]> out = new ArrayList<>();
        double t = 0.001;
        double end = c.max.toNanos() / 1e9;
        while (t <= end * 1.0001) {
            sim.runUntilTime((long) (t * 1e9));
            out.add(new double[] {t, tracker.pairKnowledge(), tracker.completeNodes()});
            if (tracker.completeNodes() == c.n) {
                break;
            }
            t *= 1.12;
        }
        return out;
    }
}
