package io.memberlist;

import static io.memberlist.MemberlistTestSupport.WAIT;
import static io.memberlist.MemberlistTestSupport.addr;
import static io.memberlist.MemberlistTestSupport.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;

/** {@link Memberlist#stats()}: the depths a long-running process watches (the soak reads them). */
class MemberlistStatsTest {

    @Test
    void reportsMembersAndDrainedQueuesOfAJoinedPair() throws Exception {
        try (Memberlist a = Memberlist.create(local("a").build());
                Memberlist b = Memberlist.create(local("b").build())) {
            NodeStats alone = a.stats();
            assertThat(alone.members()).isEqualTo(1);
            assertThat(alone.memberTable()).isEqualTo(1);
            assertThat(alone.openStreams()).isZero();
            assertThat(alone.handoffQueued()).isZero();

            b.join(addr(a));
            await().atMost(WAIT).until(() -> a.stats().members() == 2 && b.stats().members() == 2);
            // once the join's push/pull is over and its broadcasts are sent out, everything drains
            await().atMost(WAIT).until(() -> {
                NodeStats s = a.stats();
                return s.openStreams() == 0 && s.pendingStreams() == 0 && s.waitingStreams() == 0
                        && s.streamBufferedBytes() == 0 && s.queuedBroadcasts() == 0;
            });
            NodeStats s = a.stats();
            assertThat(s.memberTable()).isEqualTo(2);
            assertThat(s.handoffQueued()).isZero();
            assertThat(s.handoffDropped()).isZero();
            assertThat(s.healthScore()).isEqualTo(a.healthScore());
        }
    }

    @Test
    void failsAfterShutdown() throws Exception {
        Memberlist a = Memberlist.create(local("a").build());
        a.shutdown();
        assertThatThrownBy(a::stats).isInstanceOf(IllegalStateException.class);
    }
}
