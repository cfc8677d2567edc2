package io.memberlist.core;

import static io.memberlist.core.Shuttle.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PushPullScheduleTest {

    private static long periodicPushPulls(long seed, boolean boost, long horizon) {
        Shuttle s = new Shuttle(seed);
        for (String n : List.of("a", "b", "c", "d")) {
            s.add(Shuttle.lan(n).syncAfterGossipWave(boost).build());
        }
        s.startAll();
        for (String n : List.of("b", "c", "d")) {
            s.node(n).engine.join(s.now, List.of(s.node("a").endpoint), (k, e) -> { });
        }
        s.runFor(horizon);
        return s.streamsOpened.stream().filter(x -> x.endsWith(":6")).count();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void earlySyncMovesAnExchangeForwardWithoutAddingOne(long seed) {
        // Horizon past every node's stagger + two intervals: each node did the same number.
        long go = periodicPushPulls(seed, false, 200 * SEC);
        long boosted = periodicPushPulls(seed, true, 200 * SEC);
        assertThat(boosted).isEqualTo(go);
        // ... but the boosted cluster had its first exchanges within seconds.
        assertThat(periodicPushPulls(seed, true, 3 * SEC)).isPositive();
        assertThat(periodicPushPulls(seed, false, 3 * SEC)).isZero();
    }
}
