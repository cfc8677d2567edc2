package io.memberlist.core;

import static io.memberlist.core.SimRecorder.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.codec.PushPull;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PushPullScheduleTest {

    /** Push/pulls other than the joins opened within {@code horizon}. */
    private static long periodicPushPulls(long seed, boolean boost, long horizon) {
        SimRecorder s = SimRecorder.lan(seed);
        for (String n : List.of("a", "b", "c", "d")) {
            s.add(n, Config.lan().syncAfterGossipWave(boost));
        }
        s.joinAll("a");
        s.runFor(horizon);
        return s.requests.stream().filter(r -> r.message() instanceof PushPull p && !p.join()).count();
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
