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
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * False positives with Lifeguard on and off, against datagram loss and against the number of
 * stalled members. Nobody crashes, so every death declaration about a healthy member is false.
 *
 * <p>100 nodes, LAN preset. The loss sweep runs without the TCP fallback ping
 * ({@code disableTcpPings}): the simulator never loses stream bytes, so the fallback would
 * rescue every probe of a healthy member (as it does on a network that drops only UDP). "Off"
 * is SWIM without Lifeguard's three parts:
 * {@code awarenessMaxMultiplier 1} (no local health), {@code lifeguardSuspicion false} (no
 * confirmations: a fixed suspicion timeout), {@code lifeguardBuddy false} (no suspect flag in
 * pings). Stalled members have an overloaded receive path, the anomaly the paper injects: in
 * episodes of 10 to 20 s, 1 to 4 s apart, everything they receive is handled 10 s late while
 * their timers run on time, so their probes time out and they accuse healthy members.
 *
 * <p>Counted after a 30 s settle, over the run plus 30 s for the last suspicions: death
 * declarations (observer → subject DEAD) about healthy members, per hour of virtual time, over
 * the seeds.
 */
final class LifeguardExperiment implements SimExperiment {
    static final int N = 100;

    @Override
    public String name() {
        return "lifeguard";
    }

    @Override
    public String description() {
        return "false positives with Lifeguard on and off vs datagram loss and vs stalled members (100 nodes)";
    }

    record Outcome(int healthyDeclarations, int healthySubjects, int stalledDeclarations, double hours) {}

    /**
     * The LAN preset, Lifeguard on or off, with our four local failure-detection policies off
     * (they have their own experiments, {@code refused}, {@code gray} and {@code lone}): this measures Lifeguard
     * as Go runs it.
     */
    static Config.Builder lifeguard(boolean on) {
        Config.Builder b = Config.lan().refusedConnectionSuspicion(java.time.Duration.ZERO)
                .flappingSuspicionMult(1).checkAccusations(false).verifyLoneSuspicion(false);
        return on ? b : b.awarenessMaxMultiplier(1).lifeguardSuspicion(false).lifeguardBuddy(false);
    }

    @Override
    public List<String> run(SimOptions o) throws IOException {
        Duration length = o.quick() ? Duration.ofMinutes(2) : Duration.ofMinutes(5);
        int seeds = o.quick() ? 1 : 3;
        double[] losses = o.quick() ? new double[] {0, 0.2, 0.4} : new double[] {0, 0.1, 0.2, 0.3, 0.4, 0.5};
        int[] stalled = o.quick() ? new int[] {0, 5} : new int[] {0, 1, 2, 5, 10, 20};
        CsvTable csv = new CsvTable("sweep", "loss", "stalled", "lifeguard", "seeds", "virtual_hours",
                "false_declarations", "false_declarations_per_hour", "distinct_healthy_subjects", "declarations_about_stalled");
        List<String> summary = new ArrayList<>();

        SvgChart byLoss = new SvgChart("False positives vs datagram loss (100 nodes, no TCP fallback)", "datagram loss rate",
                "false death declarations per hour").logY();
        SvgChart byStall = new SvgChart("False positives vs stalled members (100 nodes)", "stalled members (of 100)",
                "declarations about healthy members per hour").logY();
        for (boolean on : new boolean[] {true, false}) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (double loss : losses) {
                Outcome out = sum(o, seeds, on, loss, 0, false, length);
                xs.add(loss);
                ys.add(out.healthyDeclarations / out.hours);
                csv.row("loss", loss, 0, on, seeds, out.hours, out.healthyDeclarations,
                        out.healthyDeclarations / out.hours, out.healthySubjects, out.stalledDeclarations);
                o.say(String.format(Locale.ROOT, "lifeguard %s loss %.2f: %d false declarations (%.1f/h)", on ? "on " : "off",
                        loss, out.healthyDeclarations, out.healthyDeclarations / out.hours));
            }
            byLoss.add(on ? "Lifeguard on (defaults)" : "Lifeguard off", xs, ys, SvgChart.Style.LINE_MARKERS);
            xs = new ArrayList<>();
            ys = new ArrayList<>();
            for (int s : stalled) {
                Outcome out = sum(o, seeds, on, 0, s, true, length);
                xs.add((double) s);
                ys.add(out.healthyDeclarations / out.hours);
                csv.row("stalls", 0.0, s, on, seeds, out.hours, out.healthyDeclarations,
                        out.healthyDeclarations / out.hours, out.healthySubjects, out.stalledDeclarations);
                o.say(String.format(Locale.ROOT, "lifeguard %s stalled %d: %d false declarations (%.1f/h), %d about the stalled",
                        on ? "on " : "off", s, out.healthyDeclarations, out.healthyDeclarations / out.hours,
                        out.stalledDeclarations));
            }
            byStall.add(on ? "Lifeguard on (defaults)" : "Lifeguard off", xs, ys, SvgChart.Style.LINE_MARKERS);
        }
        String note = String.format(Locale.ROOT, "LAN preset, %d seed(s) from %d, %d min each",
                seeds, o.seed(), length.toMinutes());
        byLoss.note(note);
        byStall.note(note + "; stalls: receive path 10 s late in 10-20 s episodes");
        byLoss.write(o.out().resolve("lifeguard-loss.svg"));
        byStall.write(o.out().resolve("lifeguard-stalls.svg"));
        csv.write(o.out().resolve("lifeguard.csv"));
        summary.add("lifeguard: see lifeguard.csv (" + csv.size() + " rows), lifeguard-loss.svg, lifeguard-stalls.svg");
        return summary;
    }

    private static Outcome sum(SimOptions o, int seeds, boolean on, double loss, int stalled, boolean tcpPings,
            Duration length) {
        int healthy = 0;
        int stalledDecl = 0;
        Set<String> subjects = new HashSet<>();
        double hours = 0;
        for (int k = 0; k < seeds; k++) {
            Outcome r = run(on, o.seed() + k, loss, stalled, tcpPings, length, subjects);
            healthy += r.healthyDeclarations;
            stalledDecl += r.stalledDeclarations;
            hours += r.hours;
        }
        return new Outcome(healthy, subjects.size(), stalledDecl, hours);
    }

    static Outcome run(boolean on, long seed, double loss, int stalled, boolean tcpPings, Duration length,
            Set<String> subjects) {
        SimNetwork sim = SimNetwork.builder().seed(seed).realFraming(false).build();
        ConvergenceTracker tracker = ConvergenceTracker.install(sim, N);
        List<SimNode> nodes = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            // The loss sweep turns the TCP fallback ping off: simulated streams are never lost,
            // so with it no probe of a healthy member ever fails, whatever the datagram loss.
            nodes.add(sim.addNode("node-" + i, lifeguard(on).disableTcpPings(!tcpPings)));
        }
        sim.joinAll(nodes.get(0));
        if (!sim.runUntil(s -> tracker.completeNodes() == N, Duration.ofSeconds(60), Duration.ofMillis(100))) {
            throw new IllegalStateException("100 nodes did not converge (seed " + seed + ")");
        }
        sim.runFor(Duration.ofSeconds(30));
        Set<String> victims = new HashSet<>();
        for (SimNode v : nodes.subList(N - stalled, N)) {
            victims.add(v.name());
        }
        int[] healthy = {0};
        int[] aboutStalled = {0};
        sim.onEvent((node, e) -> {
            if (e instanceof MemberEvent.Left l && l.member().state() == MemberState.DEAD) {
                if (victims.contains(l.member().name())) {
                    aboutStalled[0]++;
                } else { // whoever the observer is (a stalled one included), this one is false
                    healthy[0]++;
                    subjects.add(l.member().name());
                }
            }
        });
        sim.setLoss(loss);
        SplittableRandom script = new SplittableRandom(seed ^ 0x5EEDL);
        long end = sim.nowNanos() + length.toNanos();
        for (SimNode v : nodes.subList(N - stalled, N)) {
            scheduleStalls(sim, v, script.split(), end);
        }
        sim.runFor(length);
        sim.setLoss(0);
        sim.runFor(Duration.ofSeconds(30));
        return new Outcome(healthy[0], 0, aboutStalled[0], length.toNanos() / 3.6e12);
    }

    /** Slow-receive episodes of 10-20 s, 1-4 s apart, inputs 10 s late (as LifeguardExperimentTest). */
    static void scheduleStalls(SimNetwork sim, SimNode v, SplittableRandom r, long end) {
        long gap = 1_000 + r.nextLong(3_001);
        long episode = 10_000 + r.nextLong(10_001);
        if (sim.nowNanos() + Duration.ofMillis(gap + episode).toNanos() > end) {
            return;
        }
        sim.schedule(Duration.ofMillis(gap), () -> {
            sim.slow(v, Duration.ofSeconds(10), Duration.ofMillis(episode));
            sim.schedule(Duration.ofMillis(episode), () -> scheduleStalls(sim, v, r, end));
        });
    }
}
