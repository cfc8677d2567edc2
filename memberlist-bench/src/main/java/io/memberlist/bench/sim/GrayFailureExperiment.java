package io.memberlist.bench.sim;

import io.memberlist.Config;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.testing.ConvergenceTracker;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 11 item 3, the gray failure of the Rapid paper (USENIX ATC '18): one member in 50 loses
 * 80% of its packets in both directions (its TCP connections retransmit as TCP does, see
 * {@code SimNetwork.setNodeLoss}); separately, one that flips between healthy and 80% loss every
 * 20 s. Does its status flap in the others' views, and do the views agree?
 *
 * <p>Every 200 ms of virtual time, each other member's view of the gray member is read. Counted
 * per observer: status changes (alive, suspect, dead: any change) and membership changes (between
 * live, i.e. alive or suspect, and dead: what an application sees as join and leave events).
 * Agreement: the share of readings at which every observer has it live, or every observer dead.
 * The outcome: what the observers say at the end. Healthy members declared dead (by anyone,
 * the gray member included) are counted too.
 *
 * <p>Settings: Go's ({@code Config.lan().goCompatible()}); ours without the two policies
 * ({@code Config.lan().flappingSuspicionMult(1).checkAccusations(false)}); ours with the
 * accusation checks only ({@code flappingSuspicionMult(1)}); ours (both). All of ours without
 * self-fencing ({@code selfFenceRefutations(0)}) and without the check of lone suspicions
 * ({@code verifyLoneSuspicion(false)}), which came later and have their own experiments
 * ({@code fence}, {@code lone}), so that they measure what they did.
 */
final class GrayFailureExperiment implements SimExperiment {
    static final int N = 50;
    static final double GRAY_LOSS = 0.8;
    static final Duration FLIP = Duration.ofSeconds(20);
    static final Duration READ_EVERY = Duration.ofMillis(200);

    @Override
    public String name() {
        return "gray";
    }

    @Override
    public String description() {
        return "gray failure: 1 of 50 members with 80% loss (steady, or flipping every 20 s); status flaps and agreement";
    }

    /** The settings compared, by label. */
    static Map<String, Config.Builder> settings() {
        Map<String, Config.Builder> m = new LinkedHashMap<>();
        m.put("go", Config.lan().goCompatible());
        m.put("ours-no-policy", Config.lan().flappingSuspicionMult(1).checkAccusations(false)
                .selfFenceRefutations(0).verifyLoneSuspicion(false));
        m.put("ours-checks", Config.lan().flappingSuspicionMult(1).selfFenceRefutations(0)
                .verifyLoneSuspicion(false));
        m.put("ours", Config.lan().selfFenceRefutations(0).verifyLoneSuspicion(false));
        return m;
    }

    record Outcome(double statusChangesPerObserverMinute, double membershipChangesPerObserverMinute,
            int maxMembershipChangesOneObserver, int maxMembershipChangesIn5Min, double agreedShare, String end,
            int healthyDeclaredDead, int healthyDeclaredDeadByGray, double minutes) {}

    @Override
    public List<String> run(SimOptions o) throws IOException {
        Duration length = o.quick() ? Duration.ofMinutes(3) : Duration.ofMinutes(10);
        int seeds = o.quick() ? 1 : 3;
        List<String> summary = new ArrayList<>();
        CsvTable csv = new CsvTable("settings", "pattern", "seed", "minutes", "status_changes_per_observer_minute",
                "membership_changes_per_observer_minute", "max_membership_changes_one_observer",
                "max_membership_changes_one_observer_5min", "agreed_share", "end",
                "healthy_declared_dead_by_healthy", "healthy_declared_dead_by_gray");
        for (boolean flipping : new boolean[] {false, true}) {
            for (Map.Entry<String, Config.Builder> s : settings().entrySet()) {
                for (int k = 0; k < seeds; k++) {
                    long seed = o.seed() + k;
                    Outcome r = run(s.getValue(), flipping, seed, length);
                    String pattern = flipping ? "flip-20s" : "steady";
                    csv.row(s.getKey(), pattern, seed, r.minutes, r.statusChangesPerObserverMinute,
                            r.membershipChangesPerObserverMinute, r.maxMembershipChangesOneObserver,
                            r.maxMembershipChangesIn5Min, r.agreedShare, r.end, r.healthyDeclaredDead,
                            r.healthyDeclaredDeadByGray);
                    String line = String.format(Locale.ROOT,
                            "gray %-14s %-8s seed %d: %.2f status changes/observer/min, %.2f membership changes/observer/min"
                                    + " (max %d for one observer in %.0f min, %d in 5 min), views agree %.1f%% of the"
                                    + " time, end: %s; healthy declared dead by healthy %d, by the gray one %d",
                            s.getKey(), pattern, seed, r.statusChangesPerObserverMinute,
                            r.membershipChangesPerObserverMinute, r.maxMembershipChangesOneObserver, r.minutes,
                            r.maxMembershipChangesIn5Min, 100 * r.agreedShare, r.end, r.healthyDeclaredDead,
                            r.healthyDeclaredDeadByGray);
                    o.say(line);
                }
            }
        }
        csv.write(o.out().resolve("gray-failure.csv"));
        summary.add("gray: see gray-failure.csv (" + csv.size() + " rows)");
        return summary;
    }

    static Outcome run(Config.Builder cfg, boolean flipping, long seed, Duration length) {
        SimNetwork sim = SimNetwork.builder().seed(seed).realFraming(false).build();
        ConvergenceTracker tracker = ConvergenceTracker.install(sim, N);
        List<SimNode> nodes = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            nodes.add(sim.addNode("node-" + i, cfg));
        }
        sim.joinAll(nodes.get(0));
        if (!sim.runUntil(s -> tracker.completeNodes() == N, Duration.ofSeconds(60), Duration.ofMillis(100))) {
            throw new IllegalStateException(N + " nodes did not converge (seed " + seed + ")");
        }
        sim.runFor(Duration.ofSeconds(30));
        SimNode gray = nodes.get(N - 1);
        ViewWatch.HealthyDeaths healthyDead = ViewWatch.HealthyDeaths.count(sim, gray);
        sim.setNodeLoss(gray, GRAY_LOSS);
        long end = sim.nowNanos() + length.toNanos();
        if (flipping) {
            ViewWatch.flip(sim, gray, GRAY_LOSS, FLIP, true, end);
        }
        List<SimNode> observers = nodes.subList(0, N - 1);
        ViewWatch<MemberState> watch = ViewWatch.watch(sim, observers, gray.name(), READ_EVERY, end,
                GrayFailureExperiment::state, st -> st != MemberState.DEAD);
        double minutes = length.toNanos() / 6e10;
        int maxMembership = 0;
        int max5 = 0;
        int totalMembership = 0;
        long window = Duration.ofMinutes(5).toNanos();
        for (int i = 0; i < watch.observers(); i++) {
            // joins and leaves as the application sees them: into or out of dead
            List<Long> times = watch.times(i, (from, to) -> (from == MemberState.DEAD) != (to == MemberState.DEAD));
            totalMembership += times.size();
            maxMembership = Math.max(maxMembership, times.size());
            max5 = Math.max(max5, ViewWatch.maxInWindow(times, window, Long.MIN_VALUE));
        }
        int views = watch.observers();
        return new Outcome(watch.changes().size() / (views * minutes), totalMembership / (views * minutes),
                maxMembership, max5, watch.agreement(), watch.outcome("alive", "dead"), healthyDead.byOthers,
                healthyDead.byGray, minutes);
    }

    /** A view of the gray member: its state, left and absent counted as dead. */
    private static MemberState state(Member m) {
        return m == null ? MemberState.DEAD : m.state() == MemberState.LEFT ? MemberState.DEAD : m.state();
    }
}
