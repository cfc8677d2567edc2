package io.memberlist.core;

import static io.memberlist.core.Shuttle.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.MemberState;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 10% independent datagram loss, 20 nodes, 3 virtual minutes: no healthy node may die. */
class LossyShuttleTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void tenPercentLossWithTcpFallbackKillsNobody(long seed) {
        Shuttle s = new Shuttle(seed);
        for (int i = 0; i < 20; i++) {
            s.add(Shuttle.lan("n" + i).build());
        }
        s.startAll();
        for (int i = 1; i < 20; i++) {
            s.node("n" + i).engine.join(s.now, List.of(s.node("n0").endpoint), (k, e) -> { });
        }
        assertThat(s.runUntil(() -> s.converged(20), 30 * SEC)).isTrue();
        s.loss = 0.10;
        s.runFor(180 * SEC);
        long deaths = s.nodes.values().stream().flatMap(n -> n.events.stream())
                .filter(e -> e instanceof MemberEvent.Left l && l.member().state() == MemberState.DEAD)
                .count();
        assertThat(deaths).isZero();
    }
}
