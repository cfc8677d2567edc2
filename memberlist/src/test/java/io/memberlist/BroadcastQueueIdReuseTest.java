package io.memberlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Regression: the id generator was reset to 0 whenever the queue became empty, including the
 * moment {@code getBroadcasts} takes the last entry out to re-insert it one tier up. A broadcast
 * queued next got the same id as that entry; once both sat in one transmit tier with equal
 * lengths they compared equal and the sorted set silently dropped one. Seen in simulation as a
 * refutation (alive about ourselves) that was never sent, so a healthy node was declared dead.
 * (Go's TransmitLimitedQueue resets idGen the same way and its btree ReplaceOrInsert replaces
 * the equal item, so Go can lose broadcasts the same way.)
 */
class BroadcastQueueIdReuseTest {
    private static NamedBroadcast named(String name, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new NamedBroadcast() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public byte[] message() {
                return bytes;
            }
        };
    }

    @Test
    void broadcastQueuedAfterTheQueueDrainedIntoReinsertIsNotLost() {
        BroadcastQueue q = new BroadcastQueue(() -> 10, 4);
        q.queue(named("a", "alive-a"));
        assertThat(q.getBroadcasts(2, 1400)).hasSize(1); // a: transmits 1, queue was empty for a moment
        q.queue(named("b", "alive-b"));                   // same length as a
        assertThat(q.getBroadcasts(2, 11)).hasSize(1);    // room for one: b goes to transmits 1
        assertThat(q.numQueued()).isEqualTo(2);
        assertThat(q.getBroadcasts(2, 1400)).hasSize(2);
    }

    @Test
    void replacingTheOnlyEntryDoesNotReuseIds() {
        BroadcastQueue q = new BroadcastQueue(() -> 10, 4);
        q.queue(named("a", "v1-a"));
        q.queue(named("a", "v2-a"));   // replaces the only entry
        q.queue(named("b", "v1-b"));
        assertThat(q.numQueued()).isEqualTo(2);
        assertThat(q.getBroadcasts(2, 1400)).hasSize(2);
    }
}
