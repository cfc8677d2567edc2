package io.memberlist;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link EventListener} that puts each membership change in a bounded queue, for applications
 * that prefer to poll (Go's {@code ChannelEventDelegate}):
 *
 * <pre>{@code
 * EventQueueListener events = new EventQueueListener(1024);
 * Memberlist node = Memberlist.create(Config.lan().name("n1").events(events).build());
 * ...
 * NodeEvent e = events.poll(Duration.ofSeconds(1));   // null when nothing happened
 * }</pre>
 *
 * <p>Overflow: when the queue is full, the <em>oldest</em> queued event is dropped to make room
 * and {@link #dropped()} counts it; the listener never blocks. Go's channel delegate blocks
 * instead, which here would stall the callback pool that this node (and every node sharing its
 * {@link io.memberlist.transport.EventLoopGroup}) completes futures on. After a drop, a poller
 * that needs the exact membership reads {@link Memberlist#members()}: the newest events are the
 * ones kept, so what follows a drop is current.
 *
 * <p>Thread-safe: the node's event executor offers, any number of threads poll.
 */
public final class EventQueueListener implements EventListener {
    private final BlockingQueue<NodeEvent> queue;
    private final AtomicLong dropped = new AtomicLong();

    /** @param capacity the most events held; at least 1 */
    public EventQueueListener(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public void notifyJoin(Member member) {
        offer(new NodeEvent(NodeEvent.Type.JOIN, member));
    }

    @Override
    public void notifyLeave(Member member) {
        offer(new NodeEvent(NodeEvent.Type.LEAVE, member));
    }

    @Override
    public void notifyUpdate(Member member) {
        offer(new NodeEvent(NodeEvent.Type.UPDATE, member));
    }

    @Override
    public void notifyLateLeave(Member member) {
        offer(new NodeEvent(NodeEvent.Type.LATE_LEAVE, member));
    }

    @Override
    public void notifyFenced(Member self, Duration rejoinTrialIn) {
        offer(new NodeEvent(NodeEvent.Type.FENCE, self));
    }

    private void offer(NodeEvent e) {
        while (!queue.offer(e)) {
            if (queue.poll() != null) {
                dropped.incrementAndGet();
            }
        }
    }

    /** The next event, or {@code null} when none is queued. */
    public NodeEvent poll() {
        return queue.poll();
    }

    /** The next event, waiting up to {@code timeout}; {@code null} when none came. */
    public NodeEvent poll(Duration timeout) throws InterruptedException {
        return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The next event, waiting as long as it takes. */
    public NodeEvent take() throws InterruptedException {
        return queue.take();
    }

    /** Every queued event, oldest first, removing them. */
    public List<NodeEvent> drain() {
        List<NodeEvent> out = new ArrayList<>();
        queue.drainTo(out);
        return out;
    }

    /** Events queued now. */
    public int size() {
        return queue.size();
    }

    /** Events dropped because the queue was full, since creation. */
    public long dropped() {
        return dropped.get();
    }
}
