package io.memberlist.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLoopTest {

    /**
     * Regression (issue 11 soak): a loop shared by two nodes stalls inside one node's handler (as
     * in a GC pause or a starved thread). Meanwhile a datagram reaches the other node and that
     * node's deadline passes. After the stall the loop must read the datagram before it fires the
     * deadline: the ack or refutation in the socket buffer is evidence the timer must see. Before
     * the fix it fired the deadline first, because its last select had found only the first
     * channel ready. The stall (300 ms) is far longer than the deadline (50 ms) and the lateness
     * threshold, so the outcome does not depend on the machine's speed.
     */
    @Test
    void afterAStallReadsWhatArrivedBeforeFiringLateDeadlines() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        try (EventLoop loop = new EventLoop("stall-test");
                DatagramChannel x = DatagramChannel.open();
                DatagramChannel y = DatagramChannel.open();
                DatagramChannel sender = DatagramChannel.open()) {
            x.bind(new InetSocketAddress("127.0.0.1", 0));
            y.bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress yAddr = (InetSocketAddress) y.getLocalAddress();
            EventLoop.Timer yDeadline = new EventLoop.Timer() {
                @Override
                protected void onTimer(long now) {
                    events.add("y-deadline");
                    done.countDown();
                }
            };
            loop.submit(() -> {
                loop.register(y, SelectionKey.OP_READ, key -> {
                    if (y.receive(ByteBuffer.allocate(64)) != null) {
                        events.add("y-datagram");
                    }
                });
                loop.register(x, SelectionKey.OP_READ, key -> {
                    x.receive(ByteBuffer.allocate(64));
                    events.add("x-datagram");
                    loop.schedule(yDeadline, loop.now() + TimeUnit.MILLISECONDS.toNanos(50));
                    sender.send(ByteBuffer.wrap(new byte[] {1}), yAddr); // reaches y during the stall
                    Thread.sleep(300); // the stall
                });
                return null;
            }).get(5, TimeUnit.SECONDS);
            sender.send(ByteBuffer.wrap(new byte[] {1}), x.getLocalAddress());
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(events).containsExactly("x-datagram", "y-datagram", "y-deadline");
        }
    }

    @Test
    void tasksQueuedWhileBehindStillRun() throws Exception {
        try (EventLoop loop = new EventLoop("behind-tasks")) {
            EventLoop.Timer t = new EventLoop.Timer() {
                @Override
                protected void onTimer(long now) {}
            };
            // fall behind: a timer due at once while the loop is busy for 100 ms
            loop.submit(() -> {
                loop.schedule(t, loop.now());
                Thread.sleep(100);
                return null;
            }).get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 100; i++) {
                assertThat(loop.submit(() -> 1).get(5, TimeUnit.SECONDS)).isEqualTo(1);
            }
        }
    }
}
