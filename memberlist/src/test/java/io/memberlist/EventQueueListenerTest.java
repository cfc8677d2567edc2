package io.memberlist;

import static io.memberlist.MemberlistTestSupport.WAIT;
import static io.memberlist.MemberlistTestSupport.addr;
import static io.memberlist.MemberlistTestSupport.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 10, item 9: a polling listener (Go's {@code ChannelEventDelegate}) with a bounded queue. */
class EventQueueListenerTest {

    private static Member member(String name) {
        return new Member(name, new byte[] {127, 0, 0, 1}, 7946, null, MemberState.ALIVE, 1,
                1, 5, 2, 0, 0, 0);
    }

    @Test
    void queuesEventsInOrderAndDropsTheOldestWhenFull() {
        EventQueueListener q = new EventQueueListener(2);
        q.notifyJoin(member("a"));
        q.notifyUpdate(member("b"));
        q.notifyLeave(member("c"));
        assertThat(q.dropped()).isEqualTo(1);
        assertThat(q.drain()).extracting(e -> e.type() + " " + e.member().name())
                .containsExactly("UPDATE b", "LEAVE c");
        assertThat(q.poll()).isNull();
        q.notifyLateLeave(member("c"));
        assertThat(q.drain()).extracting(e -> e.type() + " " + e.member().name()).containsExactly("LATE_LEAVE c");
        assertThatThrownBy(() -> new EventQueueListener(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNodeFeedsIt() throws Exception {
        EventQueueListener events = new EventQueueListener(16);
        try (Memberlist a = Memberlist.create(local("a").events(events).build());
                Memberlist b = Memberlist.create(local("b").build())) {
            b.join(addr(a));
            List<String> joined = new ArrayList<>();
            long end = System.nanoTime() + WAIT.toNanos();
            while (joined.size() < 2 && System.nanoTime() < end) {
                NodeEvent e = events.poll(Duration.ofMillis(100));
                if (e != null && e.type() == NodeEvent.Type.JOIN) {
                    joined.add(e.member().name());
                }
            }
            assertThat(joined).containsExactly("a", "b");
            assertThat(events.dropped()).isZero();
        }
    }
}
