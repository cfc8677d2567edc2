package io.memberlist;

import static io.memberlist.MemberlistTestSupport.WAIT;
import static io.memberlist.MemberlistTestSupport.addr;
import static io.memberlist.MemberlistTestSupport.awaitAllSee;
import static io.memberlist.MemberlistTestSupport.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 1: a delegate running on the node's loop can read the node (Go's
 * {@code TransmitLimitedQueue{NumNodes: m.NumMembers}} pattern) instead of getting an
 * {@link IllegalStateException}. Real sockets on loopback.
 */
class DelegateReadAccessTest {

    private static Broadcast text(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return () -> bytes;
    }

    @Test
    void broadcastQueueSizedByNumMembersDeliversItsBroadcasts() throws Exception {
        AtomicReference<Memberlist> self = new AtomicReference<>();
        BroadcastQueue queue = new BroadcastQueue(() -> self.get().numMembers(), 2);
        List<String> received = new CopyOnWriteArrayList<>();
        Delegate gossiping = new Delegate() {
            @Override
            public List<byte[]> getBroadcasts(int overhead, int limit) {
                return queue.getBroadcasts(overhead, limit);
            }
        };
        Delegate listening = new Delegate() {
            @Override
            public void notifyMessage(byte[] message) {
                received.add(new String(message, StandardCharsets.UTF_8));
            }
        };
        try (Memberlist a = Memberlist.create(local("a").delegate(gossiping).build());
                Memberlist b = Memberlist.create(local("b").delegate(listening).build())) {
            self.set(a);
            b.join(addr(a));
            awaitAllSee(List.of(a, b), 2);
            queue.queue(text("hello from a"));
            await().atMost(WAIT).until(() -> received.contains("hello from a"));
            await().atMost(WAIT).until(() -> queue.numQueued() == 0);
        }
    }

    @Test
    void delegateReadsMembersLocalNodeAndHealthOnTheLoop() throws Exception {
        AtomicReference<Memberlist> self = new AtomicReference<>();
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Delegate reading = new Delegate() {
            @Override
            public byte[] localState(boolean join) {
                try {
                    Memberlist m = self.get();
                    seen.add(m.localNode().name() + " " + m.members().size() + " " + m.numMembers()
                            + " " + m.healthScore());
                } catch (RuntimeException e) {
                    failures.add(e);
                }
                return new byte[0];
            }
        };
        try (Memberlist a = Memberlist.create(local("a").delegate(reading).build());
                Memberlist b = Memberlist.create(local("b").build())) {
            self.set(a);
            b.join(addr(a)); // a answers the push/pull: localState runs on a's loop
            await().atMost(WAIT).until(() -> !seen.isEmpty() || !failures.isEmpty());
            assertThat(failures).isEmpty();
            assertThat(seen.get(0)).startsWith("a ");
        }
    }
}
