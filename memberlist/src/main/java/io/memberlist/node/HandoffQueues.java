package io.memberlist.node;

import io.memberlist.codec.Alive;
import io.memberlist.codec.Dead;
import io.memberlist.codec.Message;
import io.memberlist.codec.Suspect;
import io.memberlist.codec.UserMessage;
import io.memberlist.Endpoint;
import java.util.ArrayDeque;

/**
 * The receive-side handoff of PROTOCOL §4.3, applied to one read batch: {@code alive} goes to a
 * high-priority queue, {@code suspect}, {@code dead} and {@code user} to a low-priority one, each
 * holding at most {@code depth} entries (a full queue drops the arriving message). Draining takes
 * the high queue first and the newest entry first from each (LIFO), as Go's handler does.
 * Everything else (ping, acks, nack, indirect ping) is not queued: the caller handles it at once.
 */
final class HandoffQueues {
    record Leaf(Endpoint from, Message message) {}

    private final int depth;
    private final ArrayDeque<Leaf> high = new ArrayDeque<>();
    private final ArrayDeque<Leaf> low = new ArrayDeque<>();
    private long dropped;

    HandoffQueues(int depth) {
        this.depth = depth;
    }

    /** Whether a message goes through the queues rather than straight to the engine. */
    static boolean queued(Message m) {
        return m instanceof Alive || m instanceof Suspect || m instanceof Dead || m instanceof UserMessage;
    }

    /** Queues a leaf whose {@link #queued} type is true; false when its queue was full. */
    boolean offer(Endpoint from, Message message) {
        ArrayDeque<Leaf> q = message instanceof Alive ? high : low;
        if (q.size() >= depth) {
            dropped++;
            return false;
        }
        q.addLast(new Leaf(from, message));
        return true;
    }

    /** The next leaf to hand to the engine, or null when both queues are empty. */
    Leaf poll() {
        Leaf l = high.pollLast();
        return l != null ? l : low.pollLast();
    }

    long dropped() {
        return dropped;
    }

    int size() {
        return high.size() + low.size();
    }
}
