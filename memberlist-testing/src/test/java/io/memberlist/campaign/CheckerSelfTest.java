package io.memberlist.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.core.MemberEvent;
import io.memberlist.testing.RawHost;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each checker catches what it claims to: fed a made-up view change, or run over a seed with a
 * defect planted behind its back (a crash, a pause or a flood no disturbance records), it reports
 * a violation; the same seed without the plant passes. Planted defects stand in for engine bugs
 * the campaign has not found, so these tests show the campaign can fail.
 */
class CheckerSelfTest {
    private static final long SEED = 7;
    private static final int TICKS = 1000;

    /** A finished short run: a live simulation whose nodes serve as observers for fed events. */
    private static CampaignRun finishedRun() {
        CampaignRun run = new CampaignRun(SEED, TICKS, 0);
        assertThat(run.run().outcome()).isEqualTo("ok");
        return run;
    }

    private static Member member(SimNode n, MemberState state, long incarnation) {
        byte[] ip = n.endpoint().ip();
        return new Member(n.name(), ip, n.endpoint().port(), new byte[0], state, incarnation, 1, 5, 2, 0, 0, 0);
    }

    @Test
    void cleanSeedPasses() {
        assertThat(new CampaignRun(SEED, TICKS, 0).run().passed()).isTrue();
    }

    @Test
    void incarnationOrderCatchesAViewGoingBackwards() {
        CampaignRun run = finishedRun();
        SimNode observer = run.slots().get(0).node;
        SimNode subject = run.slots().get(1).node;
        IncarnationOrderChecker c = new IncarnationOrderChecker(run);
        c.onEvent(observer, new MemberEvent.Joined(member(subject, MemberState.ALIVE, 3)));
        c.onEvent(observer, new MemberEvent.Updated(member(subject, MemberState.ALIVE, 4)));
        assertThatThrownBy(() -> c.onEvent(observer, new MemberEvent.Updated(member(subject, MemberState.ALIVE, 3))))
                .isInstanceOf(InvariantViolation.class).hasMessageContaining("incarnation 3 after holding 4");
    }

    @Test
    void incarnationOrderCatchesADeadMemberBackWithoutAHigherIncarnation() {
        CampaignRun run = finishedRun();
        SimNode observer = run.slots().get(0).node;
        SimNode subject = run.slots().get(1).node;
        IncarnationOrderChecker c = new IncarnationOrderChecker(run);
        c.onEvent(observer, new MemberEvent.Joined(member(subject, MemberState.ALIVE, 2)));
        c.onEvent(observer, new MemberEvent.Left(member(subject, MemberState.DEAD, 2)));
        assertThatThrownBy(() -> c.onEvent(observer, new MemberEvent.Joined(member(subject, MemberState.ALIVE, 2))))
                .isInstanceOf(InvariantViolation.class).hasMessageContaining("alive again at incarnation 2");
        c.onEvent(observer, new MemberEvent.Left(member(subject, MemberState.DEAD, 2)));
        c.onEvent(observer, new MemberEvent.Joined(member(subject, MemberState.ALIVE, 3))); // a refutation: fine
    }

    @Test
    void leftStaysLeftCatchesAResurrectionAtTheLeftIncarnation() {
        CampaignRun run = finishedRun();
        SimNode observer = run.slots().get(0).node;
        SimNode subject = run.slots().get(1).node;
        LeftStaysLeftChecker c = new LeftStaysLeftChecker(run);
        c.onEvent(observer, new MemberEvent.Left(member(subject, MemberState.LEFT, 5)));
        assertThatThrownBy(() -> c.onEvent(observer, new MemberEvent.Joined(member(subject, MemberState.ALIVE, 5))))
                .isInstanceOf(InvariantViolation.class).hasMessageContaining("after it left at 5");
        c.onEvent(observer, new MemberEvent.Left(member(subject, MemberState.LEFT, 5)));
        c.onEvent(observer, new MemberEvent.Joined(member(subject, MemberState.ALIVE, 6))); // a rejoin: fine
    }

    @Test
    void metricsCheckerCatchesACounterGoingBackwards() {
        CampaignRun run = finishedRun();
        RecordingMetrics m = new RecordingMetrics(new MetricsChecker(run), "p");
        m.counter("memberlist.msg.alive", 3);
        assertThat(m.total("memberlist.msg.alive")).isEqualTo(3);
        assertThatThrownBy(() -> m.counter("memberlist.msg.alive", -1)).isInstanceOf(InvariantViolation.class)
                .hasMessageContaining("went from 3 to 2");
        assertThatThrownBy(() -> m.timer("memberlist.probeNode", -5)).isInstanceOf(InvariantViolation.class);
    }

    @Test
    void userMessageCheckerCatchesAMessageNobodySent() {
        CampaignRun run = finishedRun();
        SimNode n = run.slots().get(0).node;
        UserMessageChecker c = new UserMessageChecker(run);
        assertThatThrownBy(() -> c.received(n, Payloads.message(42, n.name(), 10)))
                .isInstanceOf(InvariantViolation.class).hasMessageContaining("never sent");
        byte[] p = Payloads.message(43, n.name(), 10);
        c.sent(43, run.slots().get(1).node, n.name(), true, ProcessKey.of(n), p);
        c.received(n, p);
        assertThatThrownBy(() -> c.received(n, p)).isInstanceOf(InvariantViolation.class)
                .hasMessageContaining("twice");
        byte[] corrupt = p.clone();
        corrupt[corrupt.length - 1] ^= 1;
        assertThatThrownBy(() -> c.received(n, corrupt)).isInstanceOf(InvariantViolation.class);
    }

    @Test
    void noFalseDeathCatchesADeathNothingExcuses() {
        CampaignRun run = new CampaignRun(SEED, TICKS, 0);
        // A crash no disturbance records, in the quiet phase: to the checker, a healthy member
        // declared dead.
        int victim = untouched(run);
        run.plant(TICKS + 200, r -> r.sim().crash(r.slots().get(victim).node));
        SeedResult r = run.run();
        assertThat(r.violation()).isNotNull();
        assertThat(r.violation().checker).isEqualTo("no-false-death");
        assertThat(r.violation().detail).contains("declared m" + victim + "@");
    }

    /** A member no fault of the schedule names (so nothing excuses its death). */
    private static int untouched(CampaignRun run) {
        java.util.Set<Integer> named = new java.util.HashSet<>();
        for (Fault f : run.schedule().faults()) {
            for (java.lang.reflect.RecordComponent c : f.getClass().getRecordComponents()) {
                try {
                    Object v = c.getAccessor().invoke(f);
                    if (c.getName().equals("member") || c.getName().equals("from") || c.getName().equals("to")) {
                        if (v instanceof Integer i) {
                            named.add(i);
                        } else if (v instanceof java.util.List<?> l) {
                            l.forEach(x -> named.add((Integer) x));
                        }
                    } else if (c.getName().equals("side")) {
                        for (int i = 0; i < run.shape().size(); i++) {
                            named.add(i); // a partition cuts everyone off from someone
                        }
                    }
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        for (int i = 0; i < run.shape().size(); i++) {
            if (!named.contains(i)) {
                return i;
            }
        }
        throw new AssertionError("every member is named by a fault of seed " + SEED);
    }

    @Test
    void convergenceCatchesAMemberThatNeverComesBack() {
        CampaignRun run = new CampaignRun(SEED, TICKS, 0);
        // A pause that outlasts every bound, recorded so that the deaths it causes are excused.
        run.plant(TICKS - 1, r -> {
            SimNode n = r.slots().get(3).node;
            r.disturbances().open(n.index(), r.now(), "planted pause");
            r.sim().pause(n, Duration.ofHours(1));
        });
        SeedResult r = run.run();
        assertThat(r.violation()).isNotNull();
        assertThat(r.violation().checker).isEqualTo("convergence");
        assertThat(r.violation().detail).contains("m3 as unknown/dead");
    }

    @Test
    void broadcastDeliveryCatchesABroadcastThatNeverSpreads() {
        CampaignRun run = new CampaignRun(SEED, TICKS, 0);
        // Registered as published by a member that stays up, but never handed to its application.
        run.plant(TICKS / 2, r -> r.broadcasts().published(1_000_000, r.slots().get(1).node));
        SeedResult r = run.run();
        assertThat(r.violation()).isNotNull();
        assertThat(r.violation().checker).isEqualTo("broadcast-delivery");
        assertThat(r.violation().detail).contains("1000000");
    }

    @Test
    void boundedStateCatchesAStreamFlood() {
        CampaignRun run = new CampaignRun(SEED, TICKS, 0);
        // Idle connections from one host: within the node's limits, above the campaign's bound.
        run.plant(TICKS / 2, r -> {
            RawHost raw = r.sim().addRawHost("flood");
            for (int i = 0; i < 60; i++) {
                raw.connect(r.slots().get(0).node);
            }
        });
        SeedResult r = run.run();
        assertThat(r.violation()).isNotNull();
        assertThat(r.violation().checker).isEqualTo("bounded-state");
        assertThat(r.violation().detail).contains("streams open");
    }
}
