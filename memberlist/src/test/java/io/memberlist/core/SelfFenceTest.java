package io.memberlist.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The counters and the backoff of self-fencing ({@link SelfFence}). */
class SelfFenceTest {
    private static final long S = 1_000_000_000L;
    private static final long MIN = 60 * S;

    @Test
    void fencesAtTheThresholdWithinTheWindow() {
        SelfFence f = new SelfFence(3, 120 * S, 5 * MIN, 60 * MIN);
        assertThat(f.refuted(0)).isFalse();
        assertThat(f.refuted(10 * S)).isFalse();
        assertThat(f.recent(20 * S)).isEqualTo(2);
        assertThat(f.refuted(119 * S)).as("three within 120 s").isTrue();
    }

    @Test
    void refutationsOlderThanTheWindowDoNotCount() {
        SelfFence f = new SelfFence(3, 120 * S, 5 * MIN, 60 * MIN);
        f.refuted(0);
        f.refuted(60 * S);
        assertThat(f.refuted(120 * S)).as("the first is 120 s old: out of the window").isFalse();
        assertThat(f.recent(120 * S)).isEqualTo(2);
        assertThat(f.refuted(179 * S)).isTrue();
        assertThat(f.recent(400 * S)).isZero();
    }

    @Test
    void offWithAThresholdOfZero() {
        SelfFence f = new SelfFence(0, 120 * S, 5 * MIN, 60 * MIN);
        assertThat(f.enabled()).isFalse();
        for (int i = 0; i < 100; i++) {
            assertThat(f.refuted(i)).isFalse();
        }
        assertThat(f.recent(100)).isZero();
    }

    @Test
    void backoffDoublesPerFenceAndFailedTrialUpToTheCap() {
        SelfFence f = new SelfFence(1, 120 * S, 5 * MIN, 60 * MIN);
        assertThat(f.fence(0)).isEqualTo(5 * MIN);
        assertThat(f.trialFailed()).isEqualTo(10 * MIN);
        f.rejoined(16 * MIN);
        assertThat(f.fence(17 * MIN)).as("fenced again soon after the rejoin").isEqualTo(20 * MIN);
        assertThat(f.trialFailed()).isEqualTo(40 * MIN);
        assertThat(f.trialFailed()).as("capped").isEqualTo(60 * MIN);
        assertThat(f.trialFailed()).isEqualTo(60 * MIN);
        assertThat(f.streak()).isEqualTo(6);
    }

    @Test
    void aLongStayInStartsANewStreak() {
        SelfFence f = new SelfFence(1, 120 * S, 5 * MIN, 60 * MIN);
        f.fence(0);
        f.trialFailed();
        f.rejoined(15 * MIN);
        assertThat(f.fence(15 * MIN + 60 * MIN)).as("in for the whole cap: forgiven").isEqualTo(5 * MIN);
        assertThat(f.streak()).isEqualTo(1);
        f.rejoined(81 * MIN);
        assertThat(f.fence(81 * MIN + 59 * MIN)).as("one minute short").isEqualTo(10 * MIN);
    }

    @Test
    void aFenceAndARejoinForgetTheRefutations() {
        SelfFence f = new SelfFence(3, 120 * S, 5 * MIN, 60 * MIN);
        f.refuted(0);
        f.refuted(S);
        f.fence(2 * S);
        assertThat(f.recent(2 * S)).isZero();
        f.refuted(3 * S);
        f.refuted(4 * S);
        f.rejoined(5 * S);
        assertThat(f.refuted(6 * S)).isFalse();
        assertThat(f.recent(6 * S)).isEqualTo(1);
    }

    @Test
    void theBackoffNeverOverflows() {
        SelfFence f = new SelfFence(1, S, Long.MAX_VALUE / 4, Long.MAX_VALUE / 2);
        assertThat(f.backoff(1)).isEqualTo(Long.MAX_VALUE / 4);
        assertThat(f.backoff(2)).isEqualTo(Long.MAX_VALUE / 4 * 2);
        assertThat(f.backoff(1000)).isEqualTo(Long.MAX_VALUE / 2);
        SelfFence g = new SelfFence(1, S, 5 * MIN, 60 * MIN);
        assertThat(g.backoff(64)).isEqualTo(60 * MIN);
        assertThat(g.backoff(0)).isEqualTo(5 * MIN);
    }
}
