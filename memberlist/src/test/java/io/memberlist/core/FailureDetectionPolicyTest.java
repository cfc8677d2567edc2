package io.memberlist.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.transport.TransportReceiver;
import org.junit.jupiter.api.Test;

/** The small parts of the local failure-detection policies: {@link Comebacks}, {@link CrashEvidence}, the suspicion cap. */
class FailureDetectionPolicyTest {
    private static final long S = 1_000_000_000L;

    @Test
    void comebacksDoubleTheTimeoutFromTheSecondUpToTheCap() {
        Comebacks c = new Comebacks(8, 300 * S);
        assertThat(c.factor(0, "g")).isEqualTo(1);
        c.record(1 * S, "g", 10);
        assertThat(c.factor(2 * S, "g")).as("the first comeback is forgiven").isEqualTo(1);
        c.record(3 * S, "g", 10);
        assertThat(c.factor(4 * S, "g")).isEqualTo(2);
        c.record(5 * S, "g", 10);
        assertThat(c.factor(6 * S, "g")).isEqualTo(4);
        c.record(7 * S, "g", 10);
        c.record(8 * S, "g", 10);
        c.record(9 * S, "g", 10);
        assertThat(c.factor(10 * S, "g")).isEqualTo(8);
        assertThat(c.factor(10 * S, "other")).isEqualTo(1);
    }

    @Test
    void comebacksAreForgottenAfterAQuietWindow() {
        Comebacks c = new Comebacks(8, 300 * S);
        c.record(0, "g", 10);
        c.record(1 * S, "g", 10);
        assertThat(c.factor(300 * S, "g")).isEqualTo(2);
        assertThat(c.factor(302 * S, "g")).isEqualTo(1);
        assertThat(c.size()).isZero();
        c.record(400 * S, "g", 10);
        assertThat(c.factor(401 * S, "g")).as("a new chain starts forgiven").isEqualTo(1);
    }

    @Test
    void comebacksOffWithFactorOneAndBoundedByTheTable() {
        Comebacks off = new Comebacks(1, 300 * S);
        off.record(0, "g", 10);
        off.record(1, "g", 10);
        assertThat(off.factor(2, "g")).isEqualTo(1);
        assertThat(off.size()).isZero();
        Comebacks c = new Comebacks(8, 10 * S);
        for (int i = 0; i < 1000; i++) {
            c.record(i * 20 * S, "m" + i, 4); // each older one has expired by the next
        }
        assertThat(c.size()).isLessThanOrEqualTo(2 * 4 + 16 + 1);
    }

    @Test
    void aCapEndsASuspicionEarlierButNeverLater() {
        Suspicion s = new Suspicion("a", 2, 4 * S, 24 * S, 100, 100);
        assertThat(s.capAt(100 + 30 * S)).isFalse();
        assertThat(s.deadline()).isEqualTo(100 + 24 * S);
        assertThat(s.capAt(100 + S)).isTrue();
        assertThat(s.deadline()).isEqualTo(100 + S);
        assertThat(s.confirm("b")).isTrue();
        assertThat(s.deadline()).as("confirmations do not lift the cap").isEqualTo(100 + S);
        assertThat(s.capAt(100 + 2 * S)).isFalse();
        assertThat(s.deadline()).isEqualTo(100 + S);
    }

    @Test
    void aSuspicionRemembersEveryAccuserEvenPastK() {
        Suspicion s = new Suspicion("a", 1, 4 * S, 24 * S, 0, 0);
        assertThat(s.accusedBy("a")).isTrue();
        assertThat(s.confirm("b")).isTrue();
        assertThat(s.confirm("c")).as("past k: not counted").isFalse();
        assertThat(s.accusedBy("c")).as("but remembered").isTrue();
        assertThat(s.accusedBy("d")).isFalse();
        assertThat(s.confirmations()).isEqualTo(1);
    }

    @Test
    void aLoneSuspicionIsOneAccusersWordAndRestartsFromNow() {
        Suspicion s = new Suspicion("a", 2, 4 * S, 24 * S, 100, 100);
        assertThat(s.confirmedByOthers()).isFalse();
        assertThat(s.confirm("a")).isFalse();
        assertThat(s.confirmedByOthers()).as("the first accuser again").isFalse();
        assertThat(s.verified()).isFalse();
        s.markVerified();
        assertThat(s.verified()).isTrue();
        s.restart(100 + 25 * S);
        assertThat(s.deadline()).as("the whole timeout again").isEqualTo(100 + 49 * S);
        assertThat(s.confirm("b")).isTrue();
        assertThat(s.confirmedByOthers()).isTrue();
        assertThat(s.deadline()).isEqualTo(100 + 25 * S + Suspicion.timeoutAfter(1, 2, 4 * S, 24 * S));
        assertThat(s.capAt(100 + 30 * S)).isTrue();
        s.restart(100 + 40 * S);
        assertThat(s.deadline()).as("a restart keeps the cap").isEqualTo(100 + 30 * S);

        Suspicion merged = new Suspicion("self", 2, 4 * S, 24 * S, 0, 0);
        merged.markRelayed();
        assertThat(merged.confirm("b")).isTrue();
        assertThat(merged.confirmedByOthers()).as("a merged suspicion's first named accuser is its own").isFalse();
        assertThat(merged.confirm("c")).isTrue();
        assertThat(merged.confirmedByOthers()).isTrue();

        Suspicion k0 = new Suspicion("a", 0, 4 * S, 24 * S, 0, 0);
        assertThat(k0.confirm("b")).as("k = 0: not counted").isFalse();
        assertThat(k0.confirmedByOthers()).as("but another accuser all the same").isTrue();
    }

    @Test
    void refusalsAreRecognisedAndRememberedBriefly() {
        assertThat(Outbox.CONNECTION_REFUSED).isEqualTo(TransportReceiver.CONNECTION_REFUSED);
        assertThat(CrashEvidence.isRefusal("connection refused")).isTrue();
        assertThat(CrashEvidence.isRefusal("connection refused: 127.0.0.1:1")).isTrue();
        assertThat(CrashEvidence.isRefusal("i/o timeout")).isFalse();
        assertThat(CrashEvidence.isRefusal("connection reset")).isFalse();
        assertThat(CrashEvidence.isRefusal(null)).isFalse();

        CrashEvidence e = new CrashEvidence(S);
        e.pushPullRefused(10 * S, "v");
        assertThat(e.takeProbeNext()).isEqualTo("v");
        assertThat(e.takeProbeNext()).isNull();
        assertThat(e.refusedRecently(12 * S, "v", 3 * S)).isTrue();
        assertThat(e.refusedRecently(14 * S, "v", 3 * S)).isFalse();
        for (int i = 0; i < 100; i++) {
            e.pushPullRefused(20 * S, "m" + i);
        }
        assertThat(e.refusedRecently(20 * S, "m0", S)).as("oldest dropped past the bound").isFalse();
        assertThat(e.refusedRecently(20 * S, "m99", S)).isTrue();

        CrashEvidence off = new CrashEvidence(0);
        off.pushPullRefused(0, "v");
        assertThat(off.enabled()).isFalse();
        assertThat(off.takeProbeNext()).isNull();
    }
}
