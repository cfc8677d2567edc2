package io.memberlist.bench.sim;

import io.memberlist.Config;
import io.memberlist.Delegate;
import io.memberlist.Member;
import io.memberlist.core.MemberEvent;
import io.memberlist.testing.ConvergenceTracker;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.io.IOException;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How fast one rumor reaches everyone, in gossip rounds, against the {@link EpidemicModel}. The
 * rumor is a metadata update of node 0 (a new incarnation gossiped as an alive); Go-like settings
 * (no direct self-announcement, which would otherwise send it to up to 512 members at once), LAN
 * preset: 3 gossip targets every 200 ms, retransmit limit 4 × ceil(log10(n + 1)).
 *
 * <p>Up to 1,000 nodes the cluster has full views, built by real joins (spread over the first
 * second) and run until every node knows every other. Beyond, {@link PartialViews}: each node
 * knows {@code view} random members, and the rumor's subject is allowed everywhere. The model
 * then uses the limit of a table of {@code view + 1} entries. Compound-only framing from 10,000
 * nodes up (no CRC, compression or encryption on datagrams; streams keep the real codec).
 */
final class DisseminationExperiment implements SimExperiment {
    static final int FULL_VIEW_MAX = 1000;
    static final int SLOTS = 40;
    static final int PERIODS = 60;
    static final int PLOTTED_PERIODS = 12;

    @Override
    public String name() {
        return "dissemination";
    }

    @Override
    public String description() {
        return "one rumor's spread in gossip rounds vs the epidemic model (1,000, 10,000 and 100,000 nodes)";
    }

    /** The outcome of one size. */
    record Result(int n, int view, int limit, double[] periods, double[] simInformed, double[] model,
            long wallMillis, long heapMb) {}

    @Override
    public List<String> run(SimOptions o) throws IOException {
        List<Integer> sizes = !o.sizes().isEmpty() ? o.sizes()
                : o.quick() ? List.of(1000, 10_000) : List.of(1000, 10_000, 100_000);
        CsvTable csv = new CsvTable("n", "view", "retransmit_limit", "t_periods", "sim_informed", "model_informed");
        CsvTable marks = new CsvTable("n", "view", "share", "sim_periods", "model_periods", "sim_over_model");
        List<String> summary = new ArrayList<>();
        SvgChart all = new SvgChart("One rumor, gossip only: simulator vs epidemic model",
                "time since the update (gossip periods of 200 ms)", "share of nodes informed").yRange(0, 1)
                .xRange(0, PLOTTED_PERIODS).legend(true, true);
        for (int n : sizes) {
            Result r = run(n, o.view(), o.seed(), o);
            SvgChart chart = new SvgChart(String.format(Locale.ROOT, "One rumor among %,d nodes%s", n,
                    r.view < n - 1 ? " (partial views of " + r.view + ")" : " (full views)"),
                    "time since the update (gossip periods of 200 ms)", "share of nodes informed").yRange(0, 1)
                    .xRange(0, PLOTTED_PERIODS).legend(true, true);
            double[] mt = new double[r.model.length];
            for (int i = 0; i < mt.length; i++) {
                mt[i] = (i + 1) / (double) SLOTS;
            }
            chart.add("simulator", r.periods, r.simInformed, SvgChart.Style.LINE);
            chart.add("model (L = " + r.limit + ")", mt, r.model, SvgChart.Style.DASHED);
            int color = sizes.indexOf(n);
            all.add(String.format(Locale.ROOT, "simulator, %,d", n), r.periods, r.simInformed, SvgChart.Style.LINE, color);
            all.add(String.format(Locale.ROOT, "model, %,d", n), mt, r.model, SvgChart.Style.DASHED, color);
            for (int i = 0; i < r.periods.length; i++) {
                int slot = (int) Math.round(r.periods[i] * SLOTS) - 1;
                double model = slot >= 0 && slot < r.model.length ? r.model[slot] : Double.NaN;
                csv.row(n, r.view, r.limit, r.periods[i], r.simInformed[i], model);
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "dissemination n=%d view=%d L=%d (wall %.1f s, live heap %d MB):", n, r.view, r.limit,
                    r.wallMillis / 1e3, r.heapMb));
            for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
                double sim = firstAt(r.periods, r.simInformed, q);
                double model = EpidemicModel.periodsTo(r.model, SLOTS, q);
                marks.row(n, r.view, q, sim, model, sim / model);
                line.append(String.format(Locale.ROOT, " %s%% sim %s / model %s (x%.2f);", fmtShare(q), fmt(sim), fmt(model),
                        sim / model));
            }
            double finalSim = r.simInformed[r.simInformed.length - 1];
            line.append(String.format(Locale.ROOT, " final sim %.5f, model %.5f", finalSim, r.model[r.model.length - 1]));
            chart.note(String.format(Locale.ROOT, "LAN preset, Go-like (no self-announce), seed %d; model: mean-field SIR, f = 3, L = %d, random phases",
                    o.seed(), r.limit));
            chart.write(o.out().resolve("dissemination-n" + n + ".svg"));
            o.say(line.toString());
            summary.add(line.toString());
        }
        all.note("solid: simulator; dashed: model (BENCHMARKS.md derives it)");
        all.write(o.out().resolve("dissemination.svg"));
        csv.write(o.out().resolve("dissemination.csv"));
        marks.write(o.out().resolve("dissemination-marks.csv"));
        return summary;
    }

    private static String fmtShare(double q) {
        return q == 0.999 ? "99.9" : String.format(Locale.ROOT, "%.0f", q * 100);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "never" : String.format(Locale.ROOT, "%.2f", v);
    }

    static double firstAt(double[] t, double[] share, double q) {
        for (int i = 0; i < t.length; i++) {
            if (share[i] >= q) {
                return t[i];
            }
        }
        return Double.NaN;
    }

    static Result run(int n, int view, long seed, SimOptions o) {
        long wall0 = System.nanoTime();
        boolean full = n <= FULL_VIEW_MAX;
        SimNetwork sim = SimNetwork.builder().seed(seed).realFraming(n < 10_000).build();
        Rumor rumor = new Rumor();
        PartialViews views = full ? null : new PartialViews(n, view, seed ^ 0x51E7L, 0);
        // Installed before the nodes start: it counts each node's own join too.
        ConvergenceTracker tracker = full ? ConvergenceTracker.install(sim, n) : null;
        List<SimNode> nodes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Config.Builder b = ConvergenceExperiment.goLike(Config.lan());
            if (i == 0) {
                b.delegate(rumor);
            }
            if (!full) {
                b.alive(views.filter(i));
            }
            nodes.add(sim.addNode("node-" + i, b));
        }
        int table;
        if (full) {
            for (int i = 1; i < n; i++) {
                SimNode joiner = nodes.get(i);
                sim.schedule(Duration.ofNanos(1_000_000_000L * (i - 1) / Math.max(1, n - 1)),
                        () -> sim.join(joiner, nodes.get(0)));
            }
            // Every pair known first: a member nobody knows yet gets no gossip and would show
            // up as a late receiver of the rumor (Go-like joins take tens of seconds here).
            if (!sim.runUntil(s -> tracker.completeNodes() == n, Duration.ofSeconds(600), Duration.ofMillis(100))) {
                throw new IllegalStateException("the " + n + "-node cluster did not converge in 600 s");
            }
            table = n;
        } else {
            views.install(nodes);
            sim.runFor(Duration.ofSeconds(1));
            table = view + 1;
        }
        o.say(String.format(Locale.ROOT, "dissemination n=%d: cluster ready at %.1f s virtual, wall %.1f s",
                n, sim.nowNanos() / 1e9, (System.nanoTime() - wall0) / 1e9));

        long[] informedAt = new long[n];
        Arrays.fill(informedAt, -1);
        byte[] meta = {42};
        sim.onEvent((node, e) -> {
            Member m = e instanceof MemberEvent.Updated u ? u.member()
                    : e instanceof MemberEvent.Joined j ? j.member() : null;
            if (m != null && m.name().equals("node-0") && Arrays.equals(m.meta(), meta) && informedAt[node.index()] < 0) {
                informedAt[node.index()] = sim.nowNanos();
            }
        });
        long t0 = sim.nowNanos();
        informedAt[0] = t0;
        rumor.meta = meta;
        sim.updateMeta(nodes.get(0), Duration.ofSeconds(1));
        long period = Config.lan().build().gossipInterval().toNanos();
        double[] periods = new double[PERIODS * 4];
        double[] informed = new double[periods.length];
        for (int i = 0; i < periods.length; i++) {
            long at = t0 + period * (i + 1) / 4;
            sim.runUntilTime(at);
            int count = 0;
            for (long x : informedAt) {
                if (x >= 0) {
                    count++;
                }
            }
            periods[i] = (i + 1) / 4.0;
            informed[i] = count / (double) n;
        }
        int limit = EpidemicModel.retransmitLimit(4, table);
        double[] model = new EpidemicModel(n, 3, limit, SLOTS).informed(PERIODS);
        Runtime rt = Runtime.getRuntime();
        System.gc(); // the live heap of the whole simulation, for the record (about a second)
        long heap = (rt.totalMemory() - rt.freeMemory()) / 1_000_000;
        Reference.reachabilityFence(sim); // the simulation must still be alive when measured
        return new Result(n, full ? n - 1 : view, limit, periods, informed, model,
                (System.nanoTime() - wall0) / 1_000_000, heap);
    }

    /** Node 0's metadata: set before the update that starts the rumor. */
    static final class Rumor implements Delegate {
        volatile byte[] meta = new byte[0];

        @Override
        public byte[] nodeMeta(int limit) {
            return meta;
        }
    }
}
