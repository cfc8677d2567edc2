package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.testing.SimNetwork;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JoinScenarioTest {
    /**
     * 100 nodes join through one seed at the same instant; all must see 100 alive.
     *
     * <p>Bound, from the LAN gossip rate (gossip every 200 ms to 3 nodes, 1400-byte packets):
     * <ul>
     *   <li>each joiner's push/pull with the seed takes ~2 RTT (≈ 3 ms here) and teaches the seed
     *       the joiner: the seed queues 99 alive broadcasts of ~60 bytes, and ≈ 1400 / 62 = 22 of
     *       them fit one packet;
     *   <li>the seed alone sends 3 packets per round, so every broadcast leaves the seed at least
     *       once within ceil(99 / (3 × 22)) = 2 rounds, and every receiver re-gossips it;
     *   <li>push gossip with fan-out f = 3 reaches all of N = 100 in about
     *       log_{f+1}(N) + ln(N) / f = 3.3 + 1.5 ≈ 5 rounds (Pittel); the retransmit limit
     *       4 × ceil(log10(101)) = 12 sends per node per broadcast is far above what that needs;
     *   <li>but broadcasts compete for packet space: each node holds up to 99 × 12 = 1188 sends and
     *       ships 3 × 22 = 66 per round, so the newest (least-sent first) are delayed by up to
     *       1188 / 66 = 18 rounds in the worst case.
     * </ul>
     * So 2 + 5 + 18 = 25 rounds = 5 s, doubled for the tail: 10 s. (The periodic push/pull, 30 s ×
     * 3 at N = 100, is a slower safety net and is not needed inside that bound.)
     */
    @Test
    void hundredNodesJoinThroughOneSeedAndAllSeeAll() {
        SimNetwork sim = SimNetwork.builder().seed(100).build();
        Cluster c = Cluster.of(sim, 7).add(100, "n", Config::lan);
        c.joinAllToSeed();
        Duration took = c.converge(Duration.ofSeconds(10));
        System.out.printf("join: 100 nodes converged in %d ms virtual; %s%n", took.toMillis(), sim.stats());
        c.invariants.checkAll();
        assertThat(c.invariants.deaths()).isEmpty();
        assertThat(sim.converged()).isTrue();
    }
}
