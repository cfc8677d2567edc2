package io.memberlist.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.codec.AckResp;
import io.memberlist.codec.Alive;
import io.memberlist.codec.Dead;
import io.memberlist.codec.Message;
import io.memberlist.codec.Suspect;
import io.memberlist.codec.UserMessage;
import io.memberlist.Endpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandoffQueuesTest {
    private static final Endpoint FROM = new Endpoint(new byte[] {127, 0, 0, 1}, 1);

    private static Alive alive(int id) {
        return new Alive(id, "n" + id, new byte[] {127, 0, 0, 1}, 1, null, new byte[] {1, 5, 2, 0, 0, 0});
    }

    private static String id(Message m) {
        if (m instanceof Alive a) {
            return a.node();
        }
        if (m instanceof Suspect s) {
            return s.node();
        }
        if (m instanceof Dead d) {
            return d.node();
        }
        return "?";
    }

    @Test
    void aliveFirstNewestFirstAndDropWhenFull() {
        HandoffQueues q = new HandoffQueues(2);
        assertThat(HandoffQueues.queued(new AckResp(1, null))).isFalse();
        assertThat(HandoffQueues.queued(new UserMessage(new byte[] {1}))).isTrue();
        assertThat(q.offer(FROM, new Suspect(1, "n1", "x"))).isTrue();
        assertThat(q.offer(FROM, alive(2))).isTrue();
        assertThat(q.offer(FROM, new Dead(3, "n3", "x"))).isTrue();
        assertThat(q.offer(FROM, new UserMessage(new byte[] {4}))).isFalse(); // low queue full
        assertThat(q.offer(FROM, alive(5))).isTrue();
        assertThat(q.offer(FROM, alive(6))).isFalse(); // high queue full
        assertThat(q.dropped()).isEqualTo(2);
        List<String> order = new ArrayList<>();
        HandoffQueues.Leaf l;
        while ((l = q.poll()) != null) {
            order.add(id(l.message()));
        }
        assertThat(order).containsExactly("n5", "n2", "n3", "n1");
    }
}
