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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Issue 13 item 6: does a refused connection ({@code Config.refusedConnectionSuspicion}) detect
 * crashes sooner without more false positives?
 *
 * <p>Detection: 64 nodes, LAN preset, one random member at a time crashes, 5 s apart; either its
 * process only (host up: connections to it are refused) or its whole host (silent). Measured from
 * the crash to the first death declaration and to every live member's. Loss "10%" is a lossy
 * network for datagrams and streams alike: every node loses {@code 1 - sqrt(0.9)} of what it
 * sends and of what it receives, so a datagram is lost with 10% and each TCP leg is retransmitted
 * as TCP does (the simulator's gray-failure model applied to every node).
 *
 * <p>False positives: 64 nodes, nobody crashes, 5 minutes per run; every death declaration is
 * false. Loss sweep (datagrams and streams, as above, TCP fallback on) and stalls (members whose
 * receive path runs 10 s late in 10-20 s episodes, as the lifeguard experiment).
 *
 * <p>Three configurations: the local policies off (Go's detection; our other additions on),
 * the refused-connection rule alone, and the defaults (with {@code flappingSuspicionMult} and
 * {@code checkAccusations}, whose cost on crash detection under loss shows here too, and, since
 * it was added, {@code verifyLoneSuspicion}, which the first two turn off: experiment {@code lone}).
 */
final class RefusedConnectionExperiment implements SimExperiment {
    static final int N = 64;

    @Override
    public String name() {
        return "refused";
    }

    @Override
    public String description() {
        return "crash detection and false positives with and without the refused-connection rule (64 nodes)";
    }

    /** The configurations compared, by label. */
    static Map<String, Config.Builder> configs() {
        Map<String, Config.Builder> m = new LinkedHashMap<>();
        m.put("policies off", Config.lan().refusedConnectionSuspicion(Duration.ZERO).flappingSuspicionMult(1)
                .checkAccusations(false).selfFenceRefutations(0).verifyLoneSuspicion(false));
        m.put("refused rule only", Config.lan().flappingSuspicionMult(1).checkAccusations(false)
                .selfFenceRefutations(0).verifyLoneSuspicion(false));
        // The defaults as table A measured them, before self-fencing and the check of lone
        // suspicions (their own experiments: fence, lone).
        m.put("defaults", Config.lan().selfFenceRefutations(0).verifyLoneSuspicion(false));
        return m;
    }

    @Override
    public List<String> run(SimOptions o) throws IOException {
        List<String> summary = new ArrayList<>();
        int crashes = o.quick() ? 8 : 20;
        int seeds = o.quick() ? 1 : 3;
        CsvTable det = new CsvTable("config", "crash", "loss", "seed", "n", "first_declaration_s", "all_declared_s");
        SvgChart chart = new SvgChart("Crash seen dead by every member (64 nodes, LAN)", "seconds after the crash",
                "share of crashes (CDF)").yRange(0, 1).legend(true, true);
        for (double loss : new double[] {0, 0.1}) {
            for (boolean process : new boolean[] {true, false}) {
                for (Map.Entry<String, Config.Builder> cfg : configs().entrySet()) {
                    List<Double> firsts = new ArrayList<>();
                    List<Double> all = new ArrayList<>();
                    int falseDecl = 0;
                    for (int k = 0; k < seeds; k++) {
                        long seed = o.seed() + k;
                        int[] fp = {0};
                        for (double[] d : detection(cfg.getValue(), process, loss, seed, crashes, fp)) {
                            det.row(cfg.getKey(), process ? "process" : "host", loss, seed, firsts.size(), d[0], d[1]);
                            firsts.add(d[0]);
                            all.add(d[1]);
                        }
                        falseDecl += fp[0];
                    }
                    String label = String.format(Locale.ROOT, "%s crash, loss %.0f%%, %s",
                            process ? "process" : "host", loss * 100, cfg.getKey());
                    if (loss == 0 && !cfg.getKey().equals("refused rule only")) {
                        CrashExperiment.cdf(chart, label, all);
                    }
                    o.say(String.format(Locale.ROOT,
                            "refused %s: first median %.2f s p90 %.2f s; all median %.2f s p90 %.2f s max %.2f s;"
                                    + " %d crashes; healthy declared dead meanwhile %d",
                            label, CrashExperiment.quantile(firsts, 0.5), CrashExperiment.quantile(firsts, 0.9),
                            CrashExperiment.quantile(all, 0.5), CrashExperiment.quantile(all, 0.9),
                            CrashExperiment.quantile(all, 1.0), all.size(), falseDecl));
                }
            }
        }
        chart.note(String.format(Locale.ROOT, "%d crashes x %d seeds from %d per curve", crashes, seeds, o.seed()))
                .write(o.out().resolve("refused-detection.svg"));
        det.write(o.out().resolve("refused-detection.csv"));

        Duration length = o.quick() ? Duration.ofMinutes(2) : Duration.ofMinutes(5);
        CsvTable fpCsv = new CsvTable("sweep", "loss", "stalled", "config", "seeds", "virtual_hours",
                "declarations_about_healthy", "declarations_about_stalled");
        double[] losses = o.quick() ? new double[] {0.2} : new double[] {0.1, 0.2, 0.3};
        int[] stalled = o.quick() ? new int[] {5} : new int[] {2, 5};
        for (Map.Entry<String, Config.Builder> cfg : configs().entrySet()) {
            for (double loss : losses) {
                fpRow(o, fpCsv, cfg, loss, 0, seeds, length);
            }
            for (int st : stalled) {
                fpRow(o, fpCsv, cfg, 0, st, seeds, length);
            }
        }
        fpCsv.write(o.out().resolve("refused-false-positives.csv"));
        summary.add("refused: see refused-detection.csv, refused-detection.svg, refused-false-positives.csv");
        return summary;
    }

    private static void fpRow(SimOptions o, CsvTable csv, Map.Entry<String, Config.Builder> cfg, double loss,
            int stalled, int seeds, Duration length) {
        int healthy = 0;
        int aboutStalled = 0;
        for (int k = 0; k < seeds; k++) {
            int[] r = falsePositives(cfg.getValue(), loss, stalled, o.seed() + k, length);
            healthy += r[0];
            aboutStalled += r[1];
        }
        double hours = seeds * length.toNanos() / 3.6e12;
        csv.row(stalled > 0 ? "stalls" : "loss", loss, stalled, cfg.getKey(), seeds, hours, healthy, aboutStalled);
        o.say(String.format(Locale.ROOT, "refused fp %s, loss %.0f%%, stalled %d: %d declarations about healthy"
                + " members, %d about stalled ones (%.2f virtual h)", cfg.getKey(), loss * 100, stalled, healthy,
                aboutStalled, hours));
    }

    private static SimNetwork cluster(Config.Builder cfg, long seed, List<SimNode> nodes) {
        SimNetwork sim = SimNetwork.builder().seed(seed).realFraming(false).build();
        ConvergenceTracker tracker = ConvergenceTracker.install(sim, N);
        for (int i = 0; i < N; i++) {
            nodes.add(sim.addNode("node-" + i, cfg));
        }
        sim.joinAll(nodes.get(0));
        if (!sim.runUntil(s -> tracker.completeNodes() == N, Duration.ofSeconds(60), Duration.ofMillis(100))) {
            throw new IllegalStateException(N + " nodes did not converge (seed " + seed + ")");
        }
        sim.runFor(Duration.ofSeconds(10));
        return sim;
    }

    /** Lossy links for datagrams and streams: {@code loss} per datagram end to end. */
    static void lossyEverywhere(SimNetwork sim, List<SimNode> nodes, double loss) {
        double perEnd = 1 - Math.sqrt(1 - loss);
        for (SimNode n : nodes) {
            sim.setNodeLoss(n, perEnd);
        }
    }

    /** Per crash: seconds to the first declaration and to every live member's (NaN: not within 60 s). */
    static List<double[]> detection(Config.Builder cfg, boolean process, double loss, long seed, int crashes,
            int[] falseDecl) {
        List<SimNode> nodes = new ArrayList<>();
        SimNetwork sim = cluster(cfg, seed, nodes);
        lossyEverywhere(sim, nodes, loss);
        Set<String> down = new HashSet<>();
        String[] victim = {null};
        long[] firstAt = {-1};
        int[] declared = {0};
        sim.onEvent((node, e) -> {
            if (e instanceof MemberEvent.Left l && l.member().state() == MemberState.DEAD && !down.contains(node.name())) {
                String who = l.member().name();
                if (who.equals(victim[0])) {
                    declared[0]++;
                    if (firstAt[0] < 0) {
                        firstAt[0] = sim.nowNanos();
                    }
                } else if (!down.contains(who)) {
                    falseDecl[0]++;
                }
            }
        });
        SplittableRandom r = new SplittableRandom(seed ^ 0xC4A5L);
        List<double[]> out = new ArrayList<>();
        for (int c = 0; c < crashes; c++) {
            SimNode x;
            do {
                x = nodes.get(1 + r.nextInt(N - 1));
            } while (down.contains(x.name()));
            victim[0] = x.name();
            firstAt[0] = -1;
            declared[0] = 0;
            down.add(x.name());
            int live = N - down.size();
            long t0 = sim.nowNanos();
            if (process) {
                sim.crashProcess(x);
            } else {
                sim.crash(x);
            }
            boolean all = sim.runUntil(s -> declared[0] >= live, Duration.ofSeconds(60), Duration.ofMillis(10));
            out.add(new double[] {firstAt[0] < 0 ? Double.NaN : (firstAt[0] - t0) / 1e9,
                all ? (sim.nowNanos() - t0) / 1e9 : Double.NaN});
            sim.runFor(Duration.ofSeconds(5));
        }
        return out;
    }

    /** Death declarations about healthy and about stalled members over {@code length} plus 30 s. */
    static int[] falsePositives(Config.Builder cfg, double loss, int stalled, long seed, Duration length) {
        List<SimNode> nodes = new ArrayList<>();
        SimNetwork sim = cluster(cfg, seed, nodes);
        Set<String> victims = new HashSet<>();
        for (SimNode v : nodes.subList(N - stalled, N)) {
            victims.add(v.name());
        }
        int[] n = {0, 0};
        sim.onEvent((node, e) -> {
            if (e instanceof MemberEvent.Left l && l.member().state() == MemberState.DEAD) {
                n[victims.contains(l.member().name()) ? 1 : 0]++;
            }
        });
        lossyEverywhere(sim, nodes, loss);
        SplittableRandom script = new SplittableRandom(seed ^ 0x5EEDL);
        long end = sim.nowNanos() + length.toNanos();
        for (SimNode v : nodes.subList(N - stalled, N)) {
            LifeguardExperiment.scheduleStalls(sim, v, script.split(), end);
        }
        sim.runFor(length);
        lossyEverywhere(sim, nodes, 0);
        sim.runFor(Duration.ofSeconds(30));
        return n;
    }
}
