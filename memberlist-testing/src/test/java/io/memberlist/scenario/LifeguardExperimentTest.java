package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.MemberState;
import io.memberlist.testing.MembershipInvariants;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Lifeguard experiment: 100 nodes, 5 of them repeatedly stalled (1 to 3 s pauses, 1 to 4 s
 * apart, like long GC pauses or CPU starvation). A stalled node processes nothing: its probes
 * time out, it suspects healthy members, and it cannot refute in time. Counted: death
 * declarations (observer → subject DEAD) about healthy nodes (never paused) and about the stalled
 * ones, with Lifeguard on (Go's defaults) and off (awarenessMaxMultiplier 1, suspicion k = 0,
 * no buddy pings).
 */
class LifeguardExperimentTest {
    record Outcome(int healthyDeclarations, int healthySubjects, int pausedDeclarations, int pausedSubjects) {}

    /**
     * The LAN preset with our four local failure-detection policies off (refused connections,
     * flapping suspicion, accusation checks, lone-suspicion checks: BENCHMARKS.md), so that on and off compare Lifeguard
     * alone, as Go runs it; the policies have their own experiments and tests.
     */
    static Config.Builder lan() {
        return Config.lan().refusedConnectionSuspicion(Duration.ZERO).flappingSuspicionMult(1)
                .checkAccusations(false).verifyLoneSuspicion(false);
    }

    /**
     * Stall pattern: stalls of U[pauseMin, pauseMax] separated by U[gapMin, gapMax]. With
     * {@code slowMs == 0} a stall is a pause (nothing runs); otherwise it is a slow-receive
     * episode: inputs arrive {@code slowMs} late while timers run on time.
     */
    record Stalls(long pauseMinMs, long pauseMaxMs, long gapMinMs, long gapMaxMs, long slowMs) {}

    static Outcome run(boolean lifeguard, long seed, int n, int stalled, Duration length, Stalls stalls,
            Supplier<Config.Builder> preset, double loss) {
        SimNetwork sim = SimNetwork.builder().seed(seed).realFraming(false).loss(loss).build();
        Supplier<Config.Builder> cfg = lifeguard ? preset
                : () -> preset.get().awarenessMaxMultiplier(1).lifeguardSuspicion(false).lifeguardBuddy(false);
        Cluster c = Cluster.of(sim, 13).add(n, "n", cfg).joinAllToSeed();
        c.converge(Duration.ofSeconds(30));
        List<SimNode> victims = c.nodes.subList(n - stalled, n);
        SplittableRandom script = new SplittableRandom(seed ^ 0x5EEDL);
        long end = sim.nowNanos() + length.toNanos();
        for (SimNode v : victims) {
            scheduleStalls(sim, v, script.split(), end, stalls);
        }
        sim.runFor(length);
        sim.runFor(Duration.ofSeconds(30)); // let the last suspicions resolve
        Set<String> names = new HashSet<>();
        victims.forEach(v -> names.add(v.name()));
        int healthy = 0;
        int paused = 0;
        Set<String> healthySubjects = new HashSet<>();
        Set<String> pausedSubjects = new HashSet<>();
        for (MembershipInvariants.Death d : c.invariants.deaths()) {
            if (d.state() != MemberState.DEAD) {
                continue;
            }
            if (names.contains(d.subject())) {
                paused++;
                pausedSubjects.add(d.subject());
            } else {
                healthy++;
                healthySubjects.add(d.subject());
            }
        }
        return new Outcome(healthy, healthySubjects.size(), paused, pausedSubjects.size());
    }

    private static void scheduleStalls(SimNetwork sim, SimNode v, SplittableRandom r, long end, Stalls s) {
        long gap = s.gapMinMs() + r.nextLong(s.gapMaxMs() - s.gapMinMs() + 1);
        long pause = s.pauseMinMs() + r.nextLong(s.pauseMaxMs() - s.pauseMinMs() + 1);
        if (sim.nowNanos() + Duration.ofMillis(gap + pause).toNanos() > end) {
            return;
        }
        sim.schedule(Duration.ofMillis(gap), () -> {
            if (s.slowMs() > 0) {
                sim.slow(v, Duration.ofMillis(s.slowMs()), Duration.ofMillis(pause));
            } else {
                sim.pause(v, Duration.ofMillis(pause));
            }
            sim.schedule(Duration.ofMillis(pause), () -> scheduleStalls(sim, v, r, end, s));
        });
    }

    private static void print(String what, Outcome on, Outcome off) {
        System.out.printf("lifeguard %s ON : healthy nodes declared dead %d times (%d distinct), stalled nodes %d times (%d distinct)%n",
                what, on.healthyDeclarations(), on.healthySubjects(), on.pausedDeclarations(), on.pausedSubjects());
        System.out.printf("lifeguard %s OFF: healthy nodes declared dead %d times (%d distinct), stalled nodes %d times (%d distinct)%n",
                what, off.healthyDeclarations(), off.healthySubjects(), off.pausedDeclarations(), off.pausedSubjects());
    }

    /**
     * The stalls of the brief: whole-process pauses of 1 to 3 s every 1 to 4 s. At N = 100 the
     * suspicion minimum is 8 s, far above a 3 s pause, and a paused node's own probes are saved
     * by refutations it reads as soon as it wakes: neither mode declares anyone dead here.
     */
    @Test
    void shortPausesCauseNoFalsePositivesEitherWay() {
        Stalls stalls = new Stalls(1_000, 3_000, 1_000, 4_000, 0);
        Outcome on = run(true, 4242, 100, 5, Duration.ofMinutes(2), stalls, LifeguardExperimentTest::lan, 0);
        Outcome off = run(false, 4242, 100, 5, Duration.ofMinutes(2), stalls, LifeguardExperimentTest::lan, 0);
        print("pauses 1-3 s", on, off);
        assertThat(on.healthyDeclarations()).isLessThanOrEqualTo(off.healthyDeclarations());
        assertThat(on.healthyDeclarations() + on.pausedDeclarations())
                .isLessThanOrEqualTo(off.healthyDeclarations() + off.pausedDeclarations());
    }

    /**
     * The anomaly Lifeguard targets: 5 nodes whose receive path lags 10 s behind (episodes of
     * 10 to 20 s, 1 to 4 s apart) while their timers run on time. Their probes all time out, so
     * they accuse healthy members, and the refutations reach them after their suspicion timers
     * fired. Lifeguard on: the slow node's health score stretches its probes, its lone
     * accusations need confirmations nobody gives (timeout 48 s instead of 8 s), so healthy
     * members are (almost) never declared dead.
     */
    @Test
    void lifeguardMarkedlyCutsFalsePositivesFromSlowNodes() {
        Stalls stalls = new Stalls(10_000, 20_000, 1_000, 4_000, 10_000);
        Outcome on = run(true, 4242, 100, 5, Duration.ofMinutes(2), stalls, LifeguardExperimentTest::lan, 0);
        Outcome off = run(false, 4242, 100, 5, Duration.ofMinutes(2), stalls, LifeguardExperimentTest::lan, 0);
        print("slow receive 10 s", on, off);
        assertThat(off.healthyDeclarations()).isGreaterThan(20);
        assertThat(on.healthyDeclarations()).isLessThanOrEqualTo(off.healthyDeclarations() / 10);
        assertThat(on.pausedDeclarations()).isLessThan(off.pausedDeclarations());
    }
}
