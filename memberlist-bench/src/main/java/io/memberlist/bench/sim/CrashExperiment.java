package io.memberlist.bench.sim;

import io.memberlist.Config;
import io.memberlist.MemberState;
import io.memberlist.core.MemberEvent;
import io.memberlist.testing.ConvergenceTracker;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Crash detection time, as a distribution: in a converged cluster of 128 nodes (LAN preset),
 * one random live member at a time crashes (stops silently); measured from the crash to the
 * first death declaration by anyone, and to the moment every live member has declared it dead.
 * The next crash follows 5 s later. Lifeguard on (defaults) and off (as in the lifeguard
 * experiment), each with and without 5% datagram loss.
 */
final class CrashExperiment implements SimExperiment {
    static final int N = 128;

    @Override
    public String name() {
        return "crash";
    }

    @Override
    public String description() {
        return "crash detection time distribution (first declaration, all members), Lifeguard on/off, loss 0/5%";
    }

    @Override
    public List<String> run(SimOptions o) throws IOException {
        int crashes = o.quick() ? 10 : 40;
        int seeds = o.quick() ? 1 : 2;
        CsvTable csv = new CsvTable("lifeguard", "loss", "seed", "crash", "first_declaration_s", "all_declared_s");
        List<String> summary = new ArrayList<>();
        SvgChart first = new SvgChart("Crash detection: first death declaration (128 nodes, LAN)",
                "seconds after the crash", "share of crashes (CDF)").yRange(0, 1).legend(true, true);
        SvgChart all = new SvgChart("Crash detection: every live member declared it dead (128 nodes, LAN)",
                "seconds after the crash", "share of crashes (CDF)").yRange(0, 1).legend(true, true);
        for (double loss : new double[] {0, 0.05}) {
            for (boolean on : new boolean[] {true, false}) {
                List<Double> firsts = new ArrayList<>();
                List<Double> everyone = new ArrayList<>();
                for (int k = 0; k < seeds; k++) {
                    long seed = o.seed() + k;
                    for (double[] d : run(on, loss, seed, crashes)) {
                        csv.row(on, loss, seed, firsts.size(), d[0], d[1]);
                        firsts.add(d[0]);
                        everyone.add(d[1]);
                    }
                }
                String label = String.format(Locale.ROOT, "%s, loss %.0f%%", on ? "Lifeguard on" : "Lifeguard off", loss * 100);
                cdf(first, label, firsts);
                cdf(all, label, everyone);
                String line = String.format(Locale.ROOT,
                        "crash %s: first declaration median %.2f s, p90 %.2f s; all members median %.2f s, p90 %.2f s, max %.2f s (%d crashes)",
                        label, quantile(firsts, 0.5), quantile(firsts, 0.9), quantile(everyone, 0.5),
                        quantile(everyone, 0.9), quantile(everyone, 1.0), everyone.size());
                o.say(line);
                summary.add(line);
            }
        }
        String note = String.format(Locale.ROOT, "%d crashes x %d seeds from %d per curve, one at a time, 5 s apart",
                crashes, seeds, o.seed());
        first.note(note).write(o.out().resolve("crash-first.svg"));
        all.note(note).write(o.out().resolve("crash-all.svg"));
        csv.write(o.out().resolve("crash-detection.csv"));
        return summary;
    }

    static void cdf(SvgChart chart, String label, List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(x -> !Double.isNaN(x)).sorted().toArray();
        double[] x = new double[v.length + 1];
        double[] y = new double[v.length + 1];
        x[0] = 0;
        y[0] = 0;
        for (int i = 0; i < v.length; i++) {
            x[i + 1] = v[i];
            y[i + 1] = (i + 1) / (double) values.size();
        }
        chart.add(label, x, y, SvgChart.Style.STEP);
    }

    static double quantile(List<Double> values, double q) {
        double[] v = values.stream().mapToDouble(d -> Double.isNaN(d) ? Double.POSITIVE_INFINITY : d).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int i = Math.max(0, (int) Math.ceil(q * v.length) - 1);
        return v[Math.min(v.length - 1, i)];
    }

    /** Per crash: seconds to the first declaration, and until all live members declared it (NaN: not within 60 s). */
    static List<double[]> run(boolean lifeguard, double loss, long seed, int crashes) {
        SimNetwork sim = SimNetwork.builder().seed(seed).realFraming(false).build();
        ConvergenceTracker tracker = ConvergenceTracker.install(sim, N);
        List<SimNode> nodes = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            nodes.add(sim.addNode("node-" + i, LifeguardExperiment.lifeguard(lifeguard)));
        }
        sim.joinAll(nodes.get(0));
        if (!sim.runUntil(s -> tracker.completeNodes() == N, Duration.ofSeconds(60), Duration.ofMillis(100))) {
            throw new IllegalStateException(N + " nodes did not converge (seed " + seed + ")");
        }
        sim.runFor(Duration.ofSeconds(10));
        sim.setLoss(loss);
        Map<String, Integer> declared = new HashMap<>();
        long[] firstAt = {-1};
        String[] victim = {null};
        boolean[] down = new boolean[N];
        sim.onEvent((node, e) -> {
            if (e instanceof MemberEvent.Left l && l.member().state() == MemberState.DEAD
                    && l.member().name().equals(victim[0]) && !down[node.index()]) {
                declared.merge(victim[0], 1, Integer::sum);
                if (firstAt[0] < 0) {
                    firstAt[0] = sim.nowNanos();
                }
            }
        });
        SplittableRandom r = new SplittableRandom(seed ^ 0xC4A5L);
        List<double[]> out = new ArrayList<>();
        for (int c = 0; c < crashes; c++) {
            int v;
            do {
                v = 1 + r.nextInt(N - 1);
            } while (down[v]);
            SimNode x = nodes.get(v);
            victim[0] = x.name();
            firstAt[0] = -1;
            down[v] = true;
            int live = (int) (N - Arrays.stream(toInts(down)).sum());
            long t0 = sim.nowNanos();
            sim.crash(x);
            boolean all = sim.runUntil(s -> declared.getOrDefault(victim[0], 0) >= live, Duration.ofSeconds(60),
                    Duration.ofMillis(10));
            out.add(new double[] {firstAt[0] < 0 ? Double.NaN : (firstAt[0] - t0) / 1e9,
                all ? (sim.nowNanos() - t0) / 1e9 : Double.NaN});
            sim.runFor(Duration.ofSeconds(5));
        }
        return out;
    }

    private static int[] toInts(boolean[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] ? 1 : 0;
        }
        return out;
    }
}
