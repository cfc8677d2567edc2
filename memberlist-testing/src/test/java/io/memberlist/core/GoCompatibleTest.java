package io.memberlist.core;

import static io.memberlist.core.SimRecorder.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.codec.PushPull;
import io.memberlist.testing.SimNode;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 10: {@code goCompatible()} turns off our two timing additions. With them, a leave
 * goes out directly to every member at once and a join wave pulls an early push/pull; without
 * them, as in Go, neither happens.
 */
class GoCompatibleTest {

    private static SimRecorder cluster(long seed, UnaryOperator<Config.Builder> tune) {
        SimRecorder s = SimRecorder.lan(seed);
        for (String n : List.of("a", "b", "c")) {
            s.add(n, tune.apply(Config.lan()));
        }
        s.joinAll("a");
        s.runFor(10 * SEC);
        assertThat(s.converged()).isTrue();
        return s;
    }

    private static long packetsAtLeave(SimRecorder s) {
        s.sent.clear();
        SimNode c = s.node("c");
        c.act((e, t) -> {
            e.leave(t, 0, () -> { });
            return null;
        });
        long at = s.now();
        return s.sent.stream().filter(x -> x.from().equals("c") && x.at() == at).count();
    }

    private static long periodicPushPulls(SimRecorder s) {
        return s.requests.stream().filter(r -> r.message() instanceof PushPull p && !p.join()).count();
    }

    @Test
    void ourDefaultsAnnounceALeaveDirectlyAndPullAfterAJoinWave() {
        SimRecorder s = cluster(71, b -> b);
        assertThat(periodicPushPulls(s)).isPositive(); // the first regular one is 30 s away or more
        assertThat(packetsAtLeave(s)).isEqualTo(2);
    }

    @Test
    void goCompatibleDoesNeither() {
        SimRecorder s = cluster(71, Config.Builder::goCompatible);
        assertThat(periodicPushPulls(s)).isZero();
        assertThat(packetsAtLeave(s)).isZero();
    }
}
