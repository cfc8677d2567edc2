package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.core.MemberEvent;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Self-fencing ({@code Config.selfFenceRefutations}), issue 11 item 3: a member with a gray
 * failure (80% loss both ways) fences itself off and every view agrees that it left, instead of
 * holding it alive and flapping it to suspect and back a dozen times a minute; it comes back
 * (with a higher incarnation) once its network works, and stays out while it does not. Healthy
 * members never fence: not under loss on every link, not after a partition heals. BENCHMARKS.md,
 * "Failure-detection policies", has the figures over seeds.
 */
class SelfFenceScenarioTest {
    static final int N = 50;

    /** Our defaults: fencing is on. */
    static Config.Builder fencing() {
        return Config.lan();
    }

    /** How each observer's view of one member changed: the times of its changes among alive, suspect and gone. */
    private static final class Watch {
        final SimNetwork sim;
        final List<SimNode> observers;
        final String subject;
        final long[] lastState;
        final List<List<Long>> changes = new ArrayList<>();

        Watch(SimNetwork sim, List<SimNode> observers, String subject) {
            this.sim = sim;
            this.observers = observers;
            this.subject = subject;
            this.lastState = new long[observers.size()];
            for (int i = 0; i < observers.size(); i++) {
                lastState[i] = state(observers.get(i));
                changes.add(new ArrayList<>());
            }
        }

        /** 0 alive, 1 suspect, 2 gone (dead, left or unknown). */
        long state(SimNode o) {
            Member m = sim.viewOf(o, subject);
            if (m == null || m.state() == MemberState.DEAD || m.state() == MemberState.LEFT) {
                return 2;
            }
            return m.state() == MemberState.SUSPECT ? 1 : 0;
        }

        void runFor(Duration d) {
            long end = sim.nowNanos() + d.toNanos();
            while (sim.nowNanos() < end) {
                sim.runFor(Duration.ofMillis(200));
                for (int i = 0; i < observers.size(); i++) {
                    long s = state(observers.get(i));
                    if (s != lastState[i]) {
                        changes.get(i).add(sim.nowNanos());
                        lastState[i] = s;
                    }
                }
            }
        }

        /** The most changes any observer saw at or after {@code from}. */
        int maxChangesSince(long from) {
            int max = 0;
            for (List<Long> c : changes) {
                max = Math.max(max, (int) c.stream().filter(t -> t >= from).count());
            }
            return max;
        }

        boolean goneEverywhere() {
            for (SimNode o : observers) {
                if (state(o) != 2) {
                    return false;
                }
            }
            return true;
        }
    }

    private record Gray(Cluster c, SimNode gray, List<SimNode> healthy, List<MemberEvent> grayEvents,
            List<String> fencedHealthy) {}

    private static Gray grayCluster(long seed, int n, Supplier<Config.Builder> cfg) {
        SimNetwork sim = SimNetwork.builder().seed(seed).realFraming(false).build();
        Cluster c = Cluster.of(sim, 64).add(n, "n", cfg).joinAllToSeed();
        c.converge(Duration.ofSeconds(30));
        sim.runFor(Duration.ofSeconds(30));
        SimNode gray = c.nodes.get(n - 1);
        List<MemberEvent> events = new ArrayList<>();
        List<String> fencedHealthy = new ArrayList<>();
        sim.onEvent((node, e) -> {
            if (node == gray) {
                events.add(e);
            } else if (e instanceof MemberEvent.Fenced) {
                fencedHealthy.add(node.name());
            }
        });
        return new Gray(c, gray, c.nodes.subList(0, n - 1), events, fencedHealthy);
    }

    private static long healthyDeathsByHealthy(Gray g) {
        return g.c().invariants.deaths().stream()
                .filter(d -> d.state() == MemberState.DEAD && !d.subject().equals(g.gray().name())
                        && !d.observer().equals(g.gray().name()))
                .count();
    }

    @Test
    void aGrayMemberFencesItselfAndEveryViewAgreesThatItLeft() {
        Gray g = grayCluster(2, N, SelfFenceScenarioTest::fencing);
        SimNetwork sim = g.c().sim;
        Watch w = new Watch(sim, g.healthy(), g.gray().name());
        long start = sim.nowNanos();
        sim.setNodeLoss(g.gray(), 0.8);
        w.runFor(Duration.ofMinutes(5));
        long minute = start + Duration.ofMinutes(1).toNanos();
        assertThat(w.maxChangesSince(minute)).as("status changes of the gray member in one view after the first"
                + " minute (without fencing: dozens)").isLessThanOrEqualTo(1);
        assertThat(g.gray().engine().isFenced()).as("the gray member fenced itself off").isTrue();
        assertThat(w.goneEverywhere()).as("every view has it gone").isTrue();
        assertThat(g.c().sim.converged()).as("the healthy members agree").isTrue();
        assertThat(g.fencedHealthy()).as("healthy members that fenced").isEmpty();
        assertThat(healthyDeathsByHealthy(g)).as("healthy members declared dead by healthy ones").isZero();
        assertThat(g.grayEvents()).anySatisfy(e -> assertThat(e).isInstanceOf(MemberEvent.Fenced.class));
    }

    @Test
    void aFencedMemberWhoseNetworkHealsComesBackAtAHigherIncarnation() {
        Gray g = grayCluster(3, 20, () -> fencing().selfFenceBackoff(Duration.ofMinutes(1)));
        SimNetwork sim = g.c().sim;
        sim.setNodeLoss(g.gray(), 0.8);
        assertThat(sim.runUntil(s -> g.gray().engine().isFenced(), Duration.ofMinutes(5), Duration.ofMillis(200)))
                .as("fenced within 5 minutes").isTrue();
        long left = g.gray().engine().localMember().incarnation();
        assertThat(g.gray().engine().localMember().state()).isEqualTo(MemberState.LEFT);
        assertThat(g.gray().engine().members()).as("its last view, itself excluded")
                .isNotEmpty().noneMatch(m -> m.name().equals(g.gray().name()));
        sim.setNodeLoss(g.gray(), 0);
        // the backoff, the 30-ping trial, then the rejoin spreads
        assertThat(sim.runUntil(s -> !g.gray().engine().isFenced() && s.converged(), Duration.ofMinutes(3),
                Duration.ofMillis(200))).as("back and alive in every view").isTrue();
        for (SimNode o : g.healthy()) {
            assertThat(sim.viewOf(o, g.gray().name()).incarnation()).as("incarnation in %s's view", o.name())
                    .isGreaterThan(left);
        }
        List<Class<?>> self = new ArrayList<>();
        for (MemberEvent e : g.grayEvents()) {
            if (e instanceof MemberEvent.Fenced) {
                self.add(e.getClass());
            } else if (e instanceof MemberEvent.Joined j && j.member().name().equals(g.gray().name())) {
                self.add(e.getClass());
            }
        }
        assertThat(self).containsExactly(MemberEvent.Fenced.class, MemberEvent.Joined.class);
        g.c().invariants.checkAll(); // among others: a left member comes back only at a higher incarnation
    }

    @Test
    void aMemberThatStaysGrayStaysOutAndTriesLessAndLessOften() {
        Gray g = grayCluster(4, 20, () -> fencing().selfFenceBackoff(Duration.ofMinutes(1)));
        SimNetwork sim = g.c().sim;
        sim.setNodeLoss(g.gray(), 0.8);
        assertThat(sim.runUntil(s -> g.gray().engine().isFenced(), Duration.ofMinutes(5), Duration.ofMillis(200)))
                .isTrue();
        Watch w = new Watch(sim, g.healthy(), g.gray().name());
        long fenced = sim.nowNanos();
        w.runFor(Duration.ofMinutes(6)); // trials after 1 and 1 + 0.5 + 2 minutes
        List<Long> waits = new ArrayList<>();
        for (MemberEvent e : g.grayEvents()) {
            if (e instanceof MemberEvent.Fenced f) {
                waits.add(Duration.ofNanos(f.rejoinTrialInNanos()).toSeconds());
            }
            assertThat(e instanceof MemberEvent.Joined j && j.member().name().equals(g.gray().name()))
                    .as("rejoined while still gray").isFalse();
        }
        assertThat(waits).as("each failed trial doubles the wait").startsWith(60L, 120L, 240L);
        assertThat(g.gray().engine().isFenced()).isTrue();
        assertThat(w.maxChangesSince(fenced + Duration.ofSeconds(30).toNanos()))
                .as("no status change once its leave is known").isZero();
    }

    @Test
    void healthyMembersDoNotFenceUnderLossOnEveryLink() {
        for (double loss : new double[] {0.10, 0.20}) {
            SimNetwork sim = SimNetwork.builder().seed(5).realFraming(false).build();
            Cluster c = Cluster.of(sim, 64).add(N, "n", SelfFenceScenarioTest::fencing).joinAllToSeed();
            c.converge(Duration.ofSeconds(30));
            List<String> fenced = new ArrayList<>();
            sim.onEvent((node, e) -> {
                if (e instanceof MemberEvent.Fenced) {
                    fenced.add(node.name());
                }
            });
            double perEnd = 1 - Math.sqrt(1 - loss);
            for (SimNode n : c.nodes) {
                sim.setNodeLoss(n, perEnd);
            }
            sim.runFor(Duration.ofMinutes(5));
            assertThat(fenced).as("members fenced at %.0f%% loss", loss * 100).isEmpty();
        }
    }

    @Test
    void noSideFencesItselfWhenAPartitionHeals() {
        SimNetwork sim = SimNetwork.builder().seed(6).realFraming(false).build();
        Cluster c = Cluster.of(sim, 64).add(N, "n", SelfFenceScenarioTest::fencing).joinAllToSeed();
        c.converge(Duration.ofSeconds(30));
        List<String> fenced = new ArrayList<>();
        sim.onEvent((node, e) -> {
            if (e instanceof MemberEvent.Fenced) {
                fenced.add(node.name());
            }
        });
        List<SimNode> a = c.nodes.subList(0, N / 2);
        List<SimNode> b = c.nodes.subList(N / 2, N);
        for (int i = 0; i < 30; i++) { // a link that comes and goes: 5 s cut, 5 s healed, 5 minutes
            sim.partition(a, b);
            sim.runFor(Duration.ofSeconds(5));
            sim.heal();
            sim.runFor(Duration.ofSeconds(5));
        }
        sim.partition(a, b); // then a long cut: each side declares the other dead
        sim.runFor(Duration.ofSeconds(60));
        sim.heal();
        assertThat(sim.runUntil(SimNetwork::converged, Duration.ofMinutes(3), Duration.ofMillis(200))).isTrue();
        sim.runFor(Duration.ofMinutes(2));
        assertThat(fenced).as("members fenced").isEmpty();
    }

    @Test
    void leaveWhileFencedCompletesAtOnceAndKeepsItOut() {
        Gray g = grayCluster(7, 20, () -> fencing().selfFenceBackoff(Duration.ofMinutes(1)));
        SimNetwork sim = g.c().sim;
        sim.setNodeLoss(g.gray(), 0.8);
        assertThat(sim.runUntil(s -> g.gray().engine().isFenced(), Duration.ofMinutes(5), Duration.ofMillis(200)))
                .isTrue();
        sim.setNodeLoss(g.gray(), 0);
        var done = sim.leave(g.gray(), Duration.ofSeconds(5));
        sim.runFor(Duration.ofMillis(1));
        assertThat(done.isDone()).as("a leave while fenced completes at once").isTrue();
        sim.runFor(Duration.ofMinutes(3)); // past the backoff and a trial that would pass
        assertThat(g.gray().engine().localMember().state()).isEqualTo(MemberState.LEFT);
        assertThat(g.gray().engine().isFenced()).isTrue();
        for (SimNode o : g.healthy()) {
            Member m = sim.viewOf(o, g.gray().name());
            assertThat(m == null || m.state() == MemberState.LEFT || m.state() == MemberState.DEAD)
                    .as("%s sees it gone", o.name()).isTrue();
        }
        sim.shutdown(g.gray());
        sim.runFor(Duration.ofSeconds(10));
        assertThat(g.c().sim.converged()).isTrue();
    }

    @Test
    void anExplicitJoinEndsTheFenceAtOnce() {
        Gray g = grayCluster(8, 20, () -> fencing().selfFenceBackoff(Duration.ofMinutes(30)));
        SimNetwork sim = g.c().sim;
        sim.setNodeLoss(g.gray(), 0.8);
        assertThat(sim.runUntil(s -> g.gray().engine().isFenced(), Duration.ofMinutes(5), Duration.ofMillis(200)))
                .isTrue();
        long left = g.gray().engine().localMember().incarnation();
        sim.setNodeLoss(g.gray(), 0);
        sim.join(g.gray(), g.healthy().get(0));
        sim.runFor(Duration.ofMillis(1));
        assertThat(g.gray().engine().isFenced()).as("out of the fence at once").isFalse();
        assertThat(sim.runUntil(SimNetwork::converged, Duration.ofMinutes(1), Duration.ofMillis(200))).isTrue();
        assertThat(g.gray().engine().localMember().incarnation()).isGreaterThan(left);
    }

    @Test
    void withGoSettingsNothingFences() {
        Gray g = grayCluster(2, 20, () -> fencing().goCompatible());
        g.c().sim.setNodeLoss(g.gray(), 0.8);
        g.c().sim.runFor(Duration.ofMinutes(3));
        assertThat(g.gray().engine().isFenced()).isFalse();
        assertThat(g.grayEvents()).noneMatch(e -> e instanceof MemberEvent.Fenced);
    }
}
