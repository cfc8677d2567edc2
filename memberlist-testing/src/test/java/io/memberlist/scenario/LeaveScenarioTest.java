package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.MemberState;
import io.memberlist.testing.SimCompletion;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaveScenarioTest {
    @Test
    void gracefulLeaveIsSeenAsLeftByAllNotFailed() {
        int n = 20;
        SimNetwork sim = SimNetwork.builder().seed(20).build();
        Cluster c = Cluster.of(sim).add(n, "n", Config::lan).joinAllToSeed();
        c.converge(Duration.ofSeconds(10));
        SimNode leaver = c.nodes.get(5);
        long t0 = sim.nowNanos();
        SimCompletion<Void> done = sim.leave(leaver, Duration.ofSeconds(5));
        boolean all = sim.runUntil(s -> c.invariants.deaths().stream()
                .filter(d -> d.subject().equals(leaver.name()) && !d.observer().equals(leaver.name())).count() == n - 1,
                Duration.ofSeconds(5), Duration.ofMillis(1));
        System.out.printf("leave: seen left by all %d others after %d ms%n", n - 1, (sim.nowNanos() - t0) / 1_000_000);
        assertThat(all).isTrue();
        sim.runFor(Duration.ofSeconds(5));
        assertThat(done.isDone()).isTrue();
        sim.shutdown(leaver);
        sim.runFor(Duration.ofSeconds(60));
        assertThat(c.invariants.deaths()).allMatch(d -> d.subject().equals(leaver.name()));
        assertThat(c.invariants.deaths()).allMatch(d -> d.state() == MemberState.LEFT);
        assertThat(c.invariants.deathsOf(leaver.name())).isEmpty();
        assertThat(sim.converged()).isTrue();
    }
}
