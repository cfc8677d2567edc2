package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.testing.MembershipInvariants;
import io.memberlist.testing.SimCompletion;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Go memberlist issue #345, campaign seed 7488 (docs/TESTING.md): a process restarted under the
 * name and address of one the cluster declared dead at incarnation {@code i}, whose join reaches
 * only a member that never knew the old process.
 *
 * <p>The race, step by step: the survivors hold the name dead at {@code i}. A newcomer joins them
 * after the death; a dead entry about a member it does not know is not taken (§9.3, §9.4), so it
 * never knew the name. The process restarts and joins through the newcomer only. Starting at 1
 * (Go's start), its alive is at or below {@code i}: every survivor ignores it, and only the
 * newcomer holds it alive, until the process hears of its own death from someone holding the dead
 * entry and refutes, or the survivors reap the entry; meanwhile the newcomer can merge the dead
 * entry from a push/pull, suspect the process and declare it dead (what happened in seed 7488).
 * Started from the clock ({@code Config.initialIncarnationFromClock}, the default), the process is
 * above {@code i}: its first alive overrides the dead entry, and nothing needs refuting.
 */
class RestartRaceScenarioTest {
    /** Members before the crash, the victim included. */
    static final int N = 16;
    static final Duration PROBE = Duration.ofSeconds(1);
    /** The simulator's largest one-way delay: 0.5 ms latency + up to 0.5 ms jitter. */
    static final Duration ONE_WAY = Duration.ofMillis(1);
    /** See {@link #aRestartWhoseJoinReachesOnlyANewcomerIsAliveEverywhereAtOnce}. */
    static final Duration BOUND = ONE_WAY.multipliedBy(10);

    /**
     * The bound, derived: the join's push/pull hands the restarted process every survivor; it then
     * sends its alive directly to each of them at once (one batch: {@code selfAnnounceFanout}, 512,
     * covers N; one datagram each, one one-way delay of at most 1 ms here), and a survivor applies
     * an alive above the dead entry's incarnation at once (§9.2). So every member holds it alive
     * one one-way delay after the join completes; the bound allows ten. Without the higher start
     * no survivor applies any alive of it before it refutes, and it refutes only after hearing of
     * its death: in a push/pull of its own, moved forward once its join's gossip wave has drained
     * (the retransmit limit, 4 × ceil(log10(N + 1)) = 8, over 3 gossip targets a round), from the
     * newcomer's suspicion, which needs a push/pull of the newcomer's first, or from a survivor
     * once the survivors reap the entry, {@code gossipToTheDeadTime} (30 s) after the death. Over
     * 30 seeds of this scenario with Go's start, that took 127 ms to 32 s, and in one seed more
     * than a minute; with the clock's start, 1 ms in each.
     *
     * <p>Then, over a reap time and a maximal suspicion more, nobody holds it suspect or dead, it
     * is declared dead by nobody, and its incarnation stays the one it started with (it never had
     * anything to refute).
     *
     * @param raises how many times the old process raised its incarnation before the crash
     *     (metadata updates): the dead entry is at {@code 1 + raises} under Go's start
     */
    @ParameterizedTest(name = "old process raised its incarnation {0} times")
    @ValueSource(ints = {0, 3})
    void aRestartWhoseJoinReachesOnlyANewcomerIsAliveEverywhereAtOnce(int raises) {
        Race r = race(345 + raises, raises, Config::lan);
        long first = r.x.localMember().incarnation();
        long joined = r.join();
        boolean everywhere = r.sim.runUntil(s -> aliveEverywhereAt(r, r.x.localMember().incarnation()), BOUND,
                Duration.ofMillis(1));
        assertThat(everywhere).as("alive in every view within %s of the join; views: %s", BOUND, r.views())
                .isTrue();
        System.out.printf("restart race (%d raises): alive everywhere %.1f ms after the join, incarnation %d"
                + " over the dead entry's %d%n", raises, (r.sim.nowNanos() - joined) / 1e6, first, r.deadAt);

        // ... and it stays so: no suspicion, no death, no refutation, past the survivors' reap time.
        List<String> lapses = new ArrayList<>();
        r.sim.observe(1, s -> {
            if (lapses.size() < 10 && !aliveEverywhereAt(r, first)) {
                lapses.add(s.now() + ": " + r.views());
            }
        });
        long after = r.sim.nowNanos();
        r.sim.runFor(Duration.ofSeconds(30).plus(Formulas.suspicionMax(4, 6, N, PROBE)));
        assertThat(lapses).as("moments some view did not hold it alive at %d", first).isEmpty();
        assertThat(r.c.invariants.deathsOf(r.x.name())).filteredOn(d -> d.atNanos() >= after).isEmpty();
        assertThat(r.x.localMember().incarnation()).as("never refuted").isEqualTo(first);
    }

    /**
     * Go's start ({@code initialIncarnationFromClock(false)}, as {@code goCompatible()} sets), the
     * same race: the restarted process starts at 1, at or below the dead entry, so after its join
     * (the same bound) no survivor holds it alive: they ignore its alive, and only the newcomer
     * holds it. It comes back only by refuting once it hears of its death, or once the survivors
     * reap the entry (the sweep quoted above).
     */
    @ParameterizedTest(name = "old process raised its incarnation {0} times")
    @ValueSource(ints = {0, 3})
    void withGosStartTheSurvivorsIgnoreTheRestartedProcess(int raises) {
        Race r = race(345 + raises, raises, () -> Config.lan().initialIncarnationFromClock(false));
        assertThat(r.x.localMember().incarnation()).isEqualTo(1);
        assertThat(r.deadAt).isEqualTo(1 + raises);

        r.join();
        r.sim.runFor(BOUND);
        for (SimNode o : r.survivors) {
            assertThat(r.holdsDead(o)).as("%s ignored the alive", o.name()).isTrue();
        }
        assertThat(r.sim.viewOf(r.newcomer, r.x.name()).state()).isEqualTo(MemberState.ALIVE);
        assertThat(r.x.localMember().incarnation()).isEqualTo(1);
    }

    /** The cluster, the crash and the newcomer, up to the restart (not joined yet). */
    private static Race race(long seed, int raises, Supplier<Config.Builder> cfg) {
        SimNetwork sim = SimNetwork.builder().seed(seed).build();
        Cluster c = Cluster.of(sim).add(N, "n", cfg).joinAllToSeed();
        c.converge(Duration.ofSeconds(10));
        SimNode x = c.nodes.get(N - 1);
        for (int i = 0; i < raises; i++) {
            sim.updateMeta(x, Duration.ofSeconds(1));
            sim.runFor(Duration.ofSeconds(2));
        }
        c.converge(Duration.ofSeconds(10));
        long deadAt = x.localMember().incarnation();
        List<SimNode> survivors = new ArrayList<>(c.nodes.subList(0, N - 1));

        sim.crashProcess(x);
        boolean dead = sim.runUntil(s -> observersOf(c, x).size() == N - 1, Duration.ofSeconds(60),
                Duration.ofMillis(10));
        assertThat(dead).as("declared dead by every survivor").isTrue();
        assertThat(c.invariants.deathsOf(x.name())).allMatch(d -> d.incarnation() == deadAt);

        SimNode newcomer = sim.addNode("late", cfg.get());
        sim.join(newcomer, survivors.get(0));
        List<SimNode> live = new ArrayList<>(survivors);
        live.add(newcomer);
        boolean in = sim.runUntil(s -> live.stream().allMatch(o -> s.seesExactlyAlive(o, live)),
                Duration.ofSeconds(10), Duration.ofMillis(10));
        assertThat(in).as("the newcomer joined").isTrue();
        assertThat(sim.viewOf(newcomer, x.name())).as("the newcomer never knew the old process").isNull();

        assertThat(newcomer.engine().estimatedClusterSize()).as("the newcomer's table: the survivors and itself")
                .isEqualTo(N);
        // The dead message has been gossiped out (each member re-gossips a fact a bounded number
        // of times): the gossip a survivor still sends to the recently dead no longer carries it,
        // as in seed 7488, where the process came back 8.6 s after its crash.
        boolean drained = sim.runUntil(s -> live.stream().allMatch(o -> o.engine().queuedBroadcasts() == 0),
                Duration.ofSeconds(10), Duration.ofMillis(10));
        assertThat(drained).as("gossip queues drained").isTrue();

        sim.restart(x);
        Race r = new Race(sim, c, x, deadAt, survivors, newcomer);
        for (SimNode o : survivors) {
            assertThat(r.holdsDead(o)).as("%s still holds the dead entry", o.name()).isTrue();
        }
        return r;
    }

    private record Race(SimNetwork sim, Cluster c, SimNode x, long deadAt, List<SimNode> survivors,
            SimNode newcomer) {
        /** Joins the restarted process through the newcomer only; returns when the join completed. */
        long join() {
            SimCompletion<SimNetwork.JoinOutcome> j = sim.join(x, newcomer);
            assertThat(sim.runUntil(s -> j.isDone(), Duration.ofSeconds(10), Duration.ofMillis(1))).isTrue();
            assertThat(j.get().joined()).isEqualTo(1);
            return sim.nowNanos();
        }

        /**
         * {@code o} holds the process's entry, dead: not alive or suspect, yet its table has an
         * entry for every member of the run (the survivors, the newcomer and the process).
         */
        boolean holdsDead(SimNode o) {
            return sim.viewOf(o, x.name()) == null && o.engine().estimatedClusterSize() == N + 1;
        }

        String views() {
            StringBuilder b = new StringBuilder();
            for (SimNode o : sim.liveNodes()) {
                if (o != x) {
                    Member m = sim.viewOf(o, x.name());
                    b.append("\n  ").append(o.name()).append(": ")
                            .append(m == null ? "dead or unknown" : m.state() + " inc=" + m.incarnation());
                }
            }
            return b.toString();
        }
    }

    /** Every live member other than the process holds it alive, at its address and {@code inc}. */
    private static boolean aliveEverywhereAt(Race r, long inc) {
        for (SimNode o : r.sim.liveNodes()) {
            if (o == r.x) {
                continue;
            }
            Member m = r.sim.viewOf(o, r.x.name());
            if (m == null || m.state() != MemberState.ALIVE || m.incarnation() != inc
                    || !m.endpoint().equals(r.x.endpoint())) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> observersOf(Cluster c, SimNode victim) {
        Set<String> by = new HashSet<>();
        for (MembershipInvariants.Death d : c.invariants.deathsOf(victim.name())) {
            by.add(d.observer());
        }
        return by;
    }
}
