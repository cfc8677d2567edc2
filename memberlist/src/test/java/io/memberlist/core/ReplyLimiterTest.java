package io.memberlist.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Endpoint;
import org.junit.jupiter.api.Test;

class ReplyLimiterTest {
    private static final long INTERVAL = 1_000_000_000L;

    private static Endpoint ep(int i) {
        return new Endpoint(new byte[] {10, 0, (byte) (i >> 8), (byte) i}, 7946);
    }

    @Test
    void aBurstPerDestinationThenOnePerEmissionInterval() {
        ReplyLimiter l = new ReplyLimiter(INTERVAL);
        for (int i = 0; i < ReplyLimiter.BURST; i++) {
            assertThat(l.allow(0, ep(1))).as("message %d of the burst", i).isTrue();
        }
        assertThat(l.allow(0, ep(1))).isFalse();
        assertThat(l.allow(0, ep(2))).as("another destination has its own bucket").isTrue();
        long emission = INTERVAL / ReplyLimiter.BURST;
        assertThat(l.allow(emission, ep(1))).isTrue();
        assertThat(l.allow(emission, ep(1))).isFalse();
    }

    @Test
    void forgetsDestinationsWhoseBucketIsFullAgain() {
        ReplyLimiter l = new ReplyLimiter(INTERVAL);
        for (int i = 0; i < 1000; i++) {
            assertThat(l.allow(i, ep(i))).isTrue();
        }
        assertThat(l.tracked()).isEqualTo(1000);
        // One interval later every one of those buckets is full: the next call forgets them all.
        assertThat(l.allow(2 * INTERVAL, ep(5000))).isTrue();
        assertThat(l.tracked()).isEqualTo(1);
    }

    @Test
    void aForgottenDestinationGetsExactlyAFullBucket() {
        ReplyLimiter l = new ReplyLimiter(INTERVAL);
        for (int i = 0; i < ReplyLimiter.BURST; i++) {
            l.allow(0, ep(1));
        }
        assertThat(l.allow(0, ep(1))).isFalse();
        long later = 2 * INTERVAL;
        assertThat(l.allow(later, ep(2))).isTrue(); // forgets ep(1), whose bucket is full again
        assertThat(l.tracked()).isEqualTo(1);
        for (int i = 0; i < ReplyLimiter.BURST; i++) {
            assertThat(l.allow(later, ep(1))).as("message %d of a new burst", i).isTrue();
        }
        assertThat(l.allow(later, ep(1))).isFalse();
    }

    @Test
    void aDrainingBucketIsKept() {
        ReplyLimiter l = new ReplyLimiter(INTERVAL);
        for (int i = 0; i < ReplyLimiter.BURST; i++) {
            l.allow(0, ep(1));
        }
        assertThat(l.allow(INTERVAL / 2, ep(2))).isTrue();
        assertThat(l.tracked()).isEqualTo(2);
        for (int i = 0; i < ReplyLimiter.BURST / 2; i++) {
            assertThat(l.allow(INTERVAL / 2, ep(1))).as("half a bucket refilled: message %d", i).isTrue();
        }
        assertThat(l.allow(INTERVAL / 2, ep(1))).isFalse();
    }
}
