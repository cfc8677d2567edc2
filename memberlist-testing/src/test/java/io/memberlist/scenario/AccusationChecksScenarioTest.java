package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.codec.Dead;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code Config.checkAccusations}: accusations from a member held dead are ignored, and a dead
 * message about a member that is alive (not suspect) here becomes a suspicion it can refute. With
 * the checks off (Go) both kill at once.
 */
class AccusationChecksScenarioTest {
    static final int N = 6;

    private static Cluster cluster(SimNetwork sim, Supplier<Config.Builder> cfg) {
        Cluster c = Cluster.of(sim).add(N, "n", cfg).joinAllToSeed();
        c.converge(Duration.ofSeconds(10));
        return c;
    }

    /** Delivers {@code d} to {@code to} as if {@code from} had sent it. */
    private static void deliver(SimNode to, SimNode from, Dead d) {
        to.act((e, t) -> {
            e.onPacket(t, from.endpoint(), d);
            return null;
        });
    }

    private static Member view(SimNetwork sim, SimNode observer, SimNode subject) {
        return sim.viewOf(observer, subject.name());
    }

    /** Crashes {@code n5} and waits until every other member holds it dead. */
    private static SimNode deadAccuser(SimNetwork sim, Cluster c) {
        SimNode accuser = c.nodes.get(5);
        sim.crash(accuser);
        boolean dead = sim.runUntil(s -> c.invariants.deathsOf(accuser.name()).stream()
                .map(d -> d.observer()).distinct().count() == N - 1, Duration.ofSeconds(90), Duration.ofMillis(100));
        assertThat(dead).isTrue();
        return accuser;
    }

    @Test
    void anAccusationFromADeadMemberIsIgnored() {
        SimNetwork sim = SimNetwork.builder().seed(3).build();
        Cluster c = cluster(sim, Config::lan);
        SimNode accuser = deadAccuser(sim, c);
        SimNode observer = c.nodes.get(0);
        SimNode accused = c.nodes.get(1);
        long inc = view(sim, observer, accused).incarnation();
        deliver(observer, accuser, new Dead(inc, accused.name(), accuser.name()));
        assertThat(view(sim, observer, accused).state()).isEqualTo(MemberState.ALIVE);
        sim.runFor(Duration.ofSeconds(30));
        assertThat(c.invariants.deathsOf(accused.name())).isEmpty();
    }

    @Test
    void aDeathNobodySuspectedBecomesASuspicionThatIsRefuted() {
        SimNetwork sim = SimNetwork.builder().seed(4).build();
        Cluster c = cluster(sim, Config::lan);
        SimNode observer = c.nodes.get(0);
        SimNode accused = c.nodes.get(1);
        SimNode accuser = c.nodes.get(2);
        long inc = view(sim, observer, accused).incarnation();
        deliver(observer, accuser, new Dead(inc, accused.name(), accuser.name()));
        assertThat(view(sim, observer, accused).state()).isEqualTo(MemberState.SUSPECT);
        // more copies of that death (relayed by others) are the same accusation, not a second one
        deliver(observer, c.nodes.get(3), new Dead(inc, accused.name(), accuser.name()));
        assertThat(view(sim, observer, accused).state()).isEqualTo(MemberState.SUSPECT);
        sim.runFor(Duration.ofSeconds(30));
        assertThat(view(sim, observer, accused).state()).isEqualTo(MemberState.ALIVE);
        assertThat(view(sim, observer, accused).incarnation()).isGreaterThan(inc);
        assertThat(c.invariants.deathsOf(accused.name())).isEmpty();
        assertThat(sim.converged()).isTrue();
    }

    @Test
    void withTheChecksOffBothKillAtOnceAsInGo() {
        SimNetwork sim = SimNetwork.builder().seed(3).build();
        Cluster c = cluster(sim, () -> Config.lan().checkAccusations(false));
        SimNode accuser = deadAccuser(sim, c);
        SimNode observer = c.nodes.get(0);
        SimNode accused = c.nodes.get(1);
        deliver(observer, accuser, new Dead(view(sim, observer, accused).incarnation(), accused.name(),
                accuser.name()));
        assertThat(diedAt(c, observer, accused)).isTrue();
        SimNode other = c.nodes.get(2);
        SimNode living = c.nodes.get(3);
        SimNode target = c.nodes.get(4);
        deliver(other, living, new Dead(view(sim, other, target).incarnation(), target.name(), living.name()));
        assertThat(diedAt(c, other, target)).isTrue();
    }

    /** True when {@code observer} declared {@code subject} dead (dead members leave the member list). */
    private static boolean diedAt(Cluster c, SimNode observer, SimNode subject) {
        return c.invariants.deathsOf(subject.name()).stream().anyMatch(d -> d.observer().equals(observer.name())
                && d.state() == MemberState.DEAD);
    }
}
