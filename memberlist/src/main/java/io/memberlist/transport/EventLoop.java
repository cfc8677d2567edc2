package io.memberlist.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event-loop thread: a {@link Selector}, a multi-producer task queue and a queue of
 * deadlines. Everything registered with a loop (channels, timers, the engines of its nodes) is
 * touched only by this thread, so none of it needs a lock.
 *
 * <p>Other threads talk to the loop only through {@link #execute(Runnable)}: the task is queued
 * and the selector woken. Each turn of the loop runs due timers, then queued tasks, then selects
 * with a timeout up to the earliest deadline and handles ready channels. Every handler call is
 * guarded: an exception is logged at debug and the loop carries on.
 *
 * <p>A loop that fell behind (a GC pause, a starved or busy thread: the earliest deadline passed
 * more than {@link #LATE_NANOS} ago) first reads every channel that became ready meanwhile, and
 * only then fires the deadlines: an ack or a refutation that reached a socket buffer during the
 * pause is evidence the timers must see. Without this, a loop shared by many nodes handles, after
 * a pause, only the channels its last select found ready, and fires the other nodes' probe and
 * suspicion deadlines before reading their sockets (the soak of issue 11 saw false deaths that way).
 */
public final class EventLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    /** Tasks run per turn before IO gets a chance, so a flood of commands cannot starve sockets. */
    private static final int MAX_TASKS_PER_TURN = 4096;
    /** How late the earliest deadline may be before the loop reads its channels ahead of timers. */
    static final long LATE_NANOS = 10_000_000L;

    /** Something ready on a channel registered with this loop; called on the loop thread. */
    public interface IoHandler {
        void onReady(SelectionKey key) throws Exception;
    }

    /**
     * A deadline owned by one party (a node's engine, a stream's timeout). {@link #schedule(Timer,
     * long)} moves it (see {@link TimerQueue}).
     */
    public abstract static class Timer {
        /** Set only by the loop's {@link TimerQueue}. */
        long deadline = Long.MAX_VALUE;

        /** A timer starts unscheduled (deadline {@code Long.MAX_VALUE}). */
        protected Timer() {}

        /** Called on the loop thread once the deadline is reached. */
        protected abstract void onTimer(long now) throws Exception;

        public final long deadline() {
            return deadline;
        }
    }

    private final String name;
    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final TimerQueue timers = new TimerQueue();
    private final java.util.function.BiConsumer<Timer, Throwable> timerFailed =
            (t, ex) -> LOG.debug("{}: timer failed", name(), ex);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean running = true;
    private boolean iterating;
    private boolean flushPending;
    /** Read scratch shared by the transports on this loop; made on first use. */
    private ByteBuffer datagramBuffer;
    private byte[] streamBuffer;

    public EventLoop(String name) {
        this.name = name;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    public String name() {
        return name;
    }

    /** True when called from this loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** The loop's clock: {@link System#nanoTime()}. */
    public long now() {
        return System.nanoTime();
    }

    /**
     * Queues a task for the loop thread. Safe from any thread. A task queued after the loop has
     * stopped is dropped (it is logged at debug); use {@link #submit} to learn about it.
     */
    public void execute(Runnable task) {
        if (!running) {
            LOG.debug("{}: task dropped, loop stopped", name);
            return;
        }
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Runs {@code task} on the loop; the future fails with an exception if the loop has stopped. */
    public <T> CompletableFuture<T> submit(java.util.concurrent.Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new IllegalStateException("event loop " + name + " stopped"));
            return f;
        }
        execute(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /** Registers a channel; loop thread only. */
    public SelectionKey register(SelectableChannel ch, int ops, IoHandler handler) throws IOException {
        assertInLoop();
        ch.configureBlocking(false);
        return ch.register(selector, ops, handler);
    }

    /**
     * Closes a channel registered with this loop and makes the kernel release its socket now:
     * a closed but still-registered channel keeps its file descriptor until the selector next
     * processes cancelled keys, so a port would stay bound for one more turn otherwise.
     */
    public void closeNow(SelectableChannel ch) {
        assertInLoop();
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("{}: closing {}: {}", name, ch, e.toString());
        }
        if (iterating) {
            flushPending = true; // selectNow would disturb the selected-key iteration
        } else {
            flushCancelledKeys();
        }
    }

    private void flushCancelledKeys() {
        try {
            selector.selectNow(); // ready keys it finds are handled in this turn's iteration
        } catch (IOException | ClosedSelectorException e) {
            LOG.debug("{}: selectNow: {}", name, e.toString());
        }
    }

    /**
     * The buffer every transport on this loop receives datagrams into (direct, {@code size} bytes,
     * loop thread only). One per loop rather than one per node: a read copies the datagram out
     * before anything else can run on this thread, so a thousand nodes on two loops need two
     * buffers, not a thousand (64 KiB of native memory each).
     */
    ByteBuffer datagramReadBuffer(int size) {
        assertInLoop();
        if (datagramBuffer == null || datagramBuffer.capacity() < size) {
            datagramBuffer = ByteBuffer.allocateDirect(size);
        }
        return datagramBuffer;
    }

    /**
     * The array every stream on this loop reads into (loop thread only), shared for the same
     * reason: a receiver must be done with the bytes when its callback returns.
     */
    byte[] streamReadBuffer(int size) {
        assertInLoop();
        if (streamBuffer == null || streamBuffer.length < size) {
            streamBuffer = new byte[size];
        }
        return streamBuffer;
    }

    /** Sets {@code timer}'s deadline (absolute, loop clock); {@code Long.MAX_VALUE} disarms it. */
    public void schedule(Timer timer, long deadline) {
        assertInLoop();
        timers.schedule(timer, deadline);
    }

    public void cancel(Timer timer) {
        schedule(timer, Long.MAX_VALUE);
    }

    /** Stops the loop after its current turn; queued tasks are still run once. */
    public void shutdown() {
        running = false;
        selector.wakeup();
    }

    /** Stops the loop and waits for its thread to end (unless called from the loop itself). */
    @Override
    public void close() {
        shutdown();
        if (!inLoop()) {
            try {
                terminated.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isRunning() {
        return running;
    }

    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    private void assertInLoop() {
        if (!inLoop()) {
            throw new IllegalStateException("not on event loop " + name);
        }
    }

    private void run() {
        try {
            while (running) {
                turn();
            }
            runTasks(Integer.MAX_VALUE);
        } catch (Throwable t) {
            LOG.error("{}: event loop died", name, t);
        } finally {
            running = false;
            for (SelectionKey k : selector.keys()) {
                try {
                    k.channel().close();
                } catch (IOException | RuntimeException ignored) {
                    // best effort
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
            tasks.clear();
            terminated.countDown();
        }
    }

    private void turn() throws IOException {
        if (behind(now())) {
            selector.selectNow();
            wakeupPending.set(false); // the queued tasks run below, in this turn
            handleSelectedKeys();
        }
        timers.runDue(now(), timerFailed);
        boolean more = runTasks(MAX_TASKS_PER_TURN);
        if (!running) {
            return;
        }
        int ready;
        if (more || !tasks.isEmpty() || !selector.selectedKeys().isEmpty()) {
            ready = selector.selectNow();
        } else {
            long next = timers.nextDeadline();
            if (next == Long.MAX_VALUE) {
                ready = selector.select();
            } else {
                long waitNanos = next - now();
                if (waitNanos <= 0) {
                    ready = selector.selectNow();
                } else {
                    // Round up: waking a fraction of a millisecond early would spin.
                    ready = selector.select(Math.max(1, (waitNanos + 999_999) / 1_000_000));
                }
            }
        }
        wakeupPending.set(false);
        // Iterate even when ready == 0: keys found by an earlier selectNow (closeNow) wait here.
        if (ready > 0 || !selector.selectedKeys().isEmpty()) {
            handleSelectedKeys();
        }
    }

    /** Whether the earliest deadline passed more than {@link #LATE_NANOS} before {@code now}. */
    private boolean behind(long now) {
        long first = timers.nextDeadline();
        return first != Long.MAX_VALUE && now - first > LATE_NANOS;
    }

    private void handleSelectedKeys() {
        iterating = true;
        try {
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey key = it.next();
                it.remove();
                if (!key.isValid()) {
                    continue;
                }
                try {
                    ((IoHandler) key.attachment()).onReady(key);
                } catch (Throwable t) {
                    LOG.debug("{}: IO handler failed", name, t);
                }
            }
        } finally {
            iterating = false;
        }
        if (flushPending) {
            flushPending = false;
            flushCancelledKeys();
        }
    }

    private boolean runTasks(int max) {
        for (int i = 0; i < max; i++) {
            Runnable r = tasks.poll();
            if (r == null) {
                return false;
            }
            try {
                r.run();
            } catch (Throwable t) {
                LOG.debug("{}: task failed", name, t);
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "EventLoop[" + name + "]";
    }
}
