package io.memberlist.core;

import static io.memberlist.core.SimRecorder.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.MemberState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 10% independent datagram loss, 20 nodes, 3 virtual minutes: no healthy node may die. */
class LossyClusterTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void tenPercentLossWithTcpFallbackKillsNobody(long seed) {
        SimRecorder s = SimRecorder.lan(seed);
        for (int i = 0; i < 20; i++) {
            s.add("n" + i);
        }
        s.joinAll("n0");
        assertThat(s.runUntil(s::converged, 30 * SEC)).isTrue();
        s.sim.setLoss(0.10);
        s.runFor(180 * SEC);
        long deaths = s.sim.nodes().stream().flatMap(n -> s.events(n.name()).stream())
                .filter(e -> e instanceof MemberEvent.Left l && l.member().state() == MemberState.DEAD)
                .count();
        assertThat(deaths).isZero();
    }
}
