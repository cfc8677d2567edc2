package io.memberlist.core;

import static io.memberlist.core.Shuttle.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 10: {@code goCompatible()} turns off our two timing additions. With them, a leave
 * goes out directly to every member at once and a join wave pulls an early push/pull; without
 * them, as in Go, neither happens.
 */
class GoCompatibleTest {

    private static Shuttle cluster(long seed, UnaryOperator<Config.Builder> tune) {
        Shuttle s = new Shuttle(seed);
        for (String n : List.of("a", "b", "c")) {
            s.add(tune.apply(Shuttle.lan(n)).build());
        }
        s.startAll();
        s.node("b").engine.join(s.now, List.of(s.node("a").endpoint), (k, e) -> { });
        s.node("c").engine.join(s.now, List.of(s.node("a").endpoint), (k, e) -> { });
        s.runFor(10 * SEC);
        assertThat(s.converged(3)).isTrue();
        return s;
    }

    private static long packetsAtLeave(Shuttle s) {
        s.sent.clear();
        s.node("c").engine.leave(s.now, 0, () -> { });
        long at = s.now;
        return s.sent.stream().filter(x -> x.from().equals("c") && x.at() == at).count();
    }

    private static long periodicPushPulls(Shuttle s) {
        return s.streamsOpened.stream().filter(x -> x.endsWith(":6")).count();
    }

    @Test
    void ourDefaultsAnnounceALeaveDirectlyAndPullAfterAJoinWave() {
        Shuttle s = cluster(71, b -> b);
        assertThat(periodicPushPulls(s)).isPositive(); // the first regular one is 30 s away or more
        assertThat(packetsAtLeave(s)).isEqualTo(2);
    }

    @Test
    void goCompatibleDoesNeither() {
        Shuttle s = cluster(71, Config.Builder::goCompatible);
        assertThat(periodicPushPulls(s)).isZero();
        assertThat(packetsAtLeave(s)).isZero();
    }
}
