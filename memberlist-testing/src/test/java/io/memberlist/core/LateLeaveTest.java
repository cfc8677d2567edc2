package io.memberlist.core;

import static io.memberlist.core.SimRecorder.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.codec.Dead;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A member that left is reported left, even where its leave arrived after it was declared dead
 * ({@code Config.checkAccusations}, {@code Membership.lateLeave}).
 *
 * <p>Four members, LAN preset, no periodic push/pull. n3 leaves and shuts down while every leave
 * on its way to n0 is dropped (as when the leaver's few retransmits and their relays all miss
 * one member: InteropMixedReleasesTest met it against Go 0.2.2). n0's probes find n3 gone and it
 * declares n3 dead. Then n0 joins n1 again: the push/pull carries n3 as left, which n0 applies
 * as n3's own leave.
 */
class LateLeaveTest {

    private record Run(SimRecorder sim, List<MemberEvent> n3AtN0, long leavesSentByN0AfterMerge) {}

    private static Run run(UnaryOperator<Config.Builder> cfg, LifeguardAndStateTest.Recording n0Metrics) {
        SimRecorder s = SimRecorder.settledCluster(41, 4, 0, n0Metrics, cfg);
        SimNode n0 = s.node("n0");
        SimNode n3 = s.node("n3");
        s.drop = x -> x.to().equals(n0.endpoint())
                && x.leaves().stream().anyMatch(l -> l instanceof Dead d && d.isLeave());
        s.sim.leave(n3, Duration.ofSeconds(5));
        s.runFor(2 * SEC);
        s.sim.shutdown(n3);
        assertThat(s.sim.viewOf(n0, "n3")).as("n0 missed the leave").isNotNull();
        assertThat(s.runUntil(() -> s.sim.viewOf(n0, "n3") == null, 60 * SEC)).as("n0 finds n3 gone").isTrue();
        assertThat(lastState(s.events("n0"), "n3")).isEqualTo(MemberState.DEAD);

        s.drop = x -> false;
        long t0 = s.now();
        s.sim.join(n0, s.node("n1"));
        s.runFor(2 * SEC);
        long leavesSent = s.sent.stream().filter(x -> x.at() >= t0 && x.from().equals("n0"))
                .flatMap(x -> x.leaves().stream())
                .filter(l -> l instanceof Dead d && d.isLeave() && d.node().equals("n3")).count();
        List<MemberEvent> about = s.events("n0").stream().filter(e -> about(e, "n3")).toList();
        return new Run(s, about, leavesSent);
    }

    private static boolean about(MemberEvent e, String name) {
        Member m = e instanceof MemberEvent.Left l ? l.member()
                : e instanceof MemberEvent.LateLeave l ? l.member()
                : e instanceof MemberEvent.Joined j ? j.member() : null;
        return m != null && m.name().equals(name);
    }

    private static MemberState lastState(List<MemberEvent> events, String name) {
        MemberState last = null;
        for (MemberEvent e : events) {
            if (e instanceof MemberEvent.Left l && l.member().name().equals(name)) {
                last = l.member().state();
            } else if (e instanceof MemberEvent.LateLeave l && l.member().name().equals(name)) {
                last = l.member().state();
            }
        }
        return last;
    }

    @Test
    void aLeaveAfterTheDeathMarksTheMemberLeftOnce() {
        LifeguardAndStateTest.Recording m = new LifeguardAndStateTest.Recording();

        Run r = run(b -> b, m);

        // one leave event (dead), then the correction; no second notifyLeave
        assertThat(r.n3AtN0()).hasSize(3);
        assertThat(r.n3AtN0().get(0)).isInstanceOf(MemberEvent.Joined.class);
        assertThat(r.n3AtN0().get(1)).isInstanceOfSatisfying(MemberEvent.Left.class,
                l -> assertThat(l.member().state()).isEqualTo(MemberState.DEAD));
        assertThat(r.n3AtN0().get(2)).isInstanceOfSatisfying(MemberEvent.LateLeave.class, l -> {
            assertThat(l.member().state()).isEqualTo(MemberState.LEFT);
            assertThat(l.member().name()).isEqualTo("n3");
        });
        assertThat(m.counters.getOrDefault(Membership.LATE_LEAVE, 0L)).isEqualTo(1);
        // gossiped on, so members that also declared it dead correct it too
        assertThat(r.leavesSentByN0AfterMerge()).isPositive();
        // the others had the leave in time: no late leave there
        for (String other : List.of("n1", "n2")) {
            assertThat(r.sim().events(other)).noneMatch(e -> e instanceof MemberEvent.LateLeave);
            assertThat(lastState(r.sim().events(other), "n3")).isEqualTo(MemberState.LEFT);
        }
    }

    /** Go's behaviour: the leave is ignored, n3 stays failed in n0's view. */
    @Test
    void withoutThePolicyTheMemberStaysDead() {
        LifeguardAndStateTest.Recording m = new LifeguardAndStateTest.Recording();

        Run r = run(b -> b.checkAccusations(false), m);

        assertThat(r.n3AtN0()).noneMatch(e -> e instanceof MemberEvent.LateLeave);
        assertThat(lastState(r.n3AtN0(), "n3")).isEqualTo(MemberState.DEAD);
        assertThat(m.counters.getOrDefault(Membership.LATE_LEAVE, 0L)).isZero();
        assertThat(r.leavesSentByN0AfterMerge()).isZero();
    }
}
