package io.memberlist.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.codec.MessageType;
import io.memberlist.core.Endpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandoffQueuesTest {
    private static final Endpoint FROM = new Endpoint(new byte[] {127, 0, 0, 1}, 1);

    private static byte[] leaf(int type, int id) {
        return new byte[] {(byte) type, (byte) id};
    }

    @Test
    void aliveFirstNewestFirstAndDropWhenFull() {
        HandoffQueues q = new HandoffQueues(2);
        assertThat(HandoffQueues.queued(MessageType.PING)).isFalse();
        assertThat(HandoffQueues.queued(MessageType.ACK_RESP)).isFalse();
        assertThat(q.offer(FROM, leaf(MessageType.SUSPECT, 1))).isTrue();
        assertThat(q.offer(FROM, leaf(MessageType.ALIVE, 2))).isTrue();
        assertThat(q.offer(FROM, leaf(MessageType.DEAD, 3))).isTrue();
        assertThat(q.offer(FROM, leaf(MessageType.USER, 4))).isFalse(); // low queue full
        assertThat(q.offer(FROM, leaf(MessageType.ALIVE, 5))).isTrue();
        assertThat(q.offer(FROM, leaf(MessageType.ALIVE, 6))).isFalse(); // high queue full
        assertThat(q.dropped()).isEqualTo(2);
        List<Integer> order = new ArrayList<>();
        HandoffQueues.Leaf l;
        while ((l = q.poll()) != null) {
            order.add((int) l.message()[1]);
        }
        assertThat(order).containsExactly(5, 2, 3, 1);
    }
}
