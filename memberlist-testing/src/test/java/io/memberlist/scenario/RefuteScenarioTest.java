package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefuteScenarioTest {
    /**
     * A live node whose outgoing packets are lost misses its acks and is suspected; as soon as
     * its traffic flows again it hears the accusation, refutes with a higher incarnation and
     * stays alive everywhere: the suspicion (min 4 s at N = 10) never expires.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void suspectedLiveNodeRefutesAndStaysAlive(long seed) {
        int n = 10;
        SimNetwork sim = SimNetwork.builder().seed(seed).build();
        Cluster c = Cluster.of(sim).add(n, "n", Config::lan).joinAllToSeed();
        c.converge(Duration.ofSeconds(10));
        SimNode x = c.nodes.get(3);
        List<SimNode> others = new ArrayList<>(c.nodes);
        others.remove(x);
        long first = x.localMember().incarnation();
        assertThat(first).as("started from the clock").isEqualTo(SimNetwork.WALL_CLOCK_BASE);

        sim.cut(List.of(x), others);
        // Cut until someone suspects x (the first probe of x fails), then let its refutation out.
        boolean suspected = sim.runUntil(s -> c.countSeeing(x, MemberState.SUSPECT) > 0,
                Duration.ofSeconds(20), Duration.ofMillis(5));
        assertThat(suspected).as("someone suspected %s", x.name()).isTrue();
        System.out.printf("refute: %s first suspected %d ms after the cut%n", x.name(), sim.nowNanos() / 1_000_000);
        // Heal at once: x's refutation (a gossiped alive with a higher incarnation) must get out
        // within its retransmit budget. Holding the cut ~500 ms longer burns that budget into
        // the void and x is then declared dead in about 2 of 3 seeds (with or without the node
        // redesign: measured on the previous main too); see the closing note of issue 8.
        sim.heal();
        sim.runFor(Duration.ofSeconds(30));

        assertThat(x.localMember().incarnation()).as("refuted").isGreaterThan(first);
        assertThat(c.invariants.deaths()).isEmpty();
        for (SimNode o : others) {
            Member m = sim.viewOf(o, x.name());
            assertThat(m.state()).isEqualTo(MemberState.ALIVE);
            assertThat(m.incarnation()).isEqualTo(x.localMember().incarnation());
        }
        assertThat(sim.converged()).isTrue();
    }
}
