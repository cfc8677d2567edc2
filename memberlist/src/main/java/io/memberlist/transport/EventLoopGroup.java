package io.memberlist.transport;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of {@link EventLoop} threads shared by many nodes, as in Netty: a node is confined
 * to the loop {@link #next()} gives it, and a thousand nodes fit on two threads because a node
 * costs a few registered channels and one deadline, not a thread.
 */
public final class EventLoopGroup implements AutoCloseable {
    private static final AtomicInteger GROUPS = new AtomicInteger();

    private final List<EventLoop> loops;
    private final AtomicInteger next = new AtomicInteger();
    private final ThreadPoolExecutor callbacks;
    private final String callbackPrefix;

    /** {@code min(2, available processors)} loops. */
    public EventLoopGroup() {
        this(defaultThreads());
    }

    public EventLoopGroup(int threads) {
        this(threads, "memberlist-loop-" + GROUPS.incrementAndGet());
    }

    public EventLoopGroup(int threads, String namePrefix) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        EventLoop[] ls = new EventLoop[threads];
        for (int i = 0; i < threads; i++) {
            ls[i] = new EventLoop(namePrefix + "-" + i);
        }
        this.loops = List.of(ls);
        AtomicInteger ids = new AtomicInteger();
        this.callbackPrefix = namePrefix + "-callbacks-";
        int cbThreads = Math.max(2, threads);
        this.callbacks = new ThreadPoolExecutor(cbThreads, cbThreads, 2, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, callbackPrefix + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        callbacks.allowCoreThreadTimeOut(true);
    }

    /**
     * The pool behind the nodes' observing callbacks and their futures: application code runs
     * here, never on a loop. Each node serialises its own callbacks (one serial executor per node).
     */
    public Executor callbackExecutor() {
        return callbacks;
    }

    public static int defaultThreads() {
        return Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    /** The loop for the next node, round robin. */
    public EventLoop next() {
        return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
    }

    public List<EventLoop> loops() {
        return loops;
    }

    /** Stops every loop and waits for their threads to end. Nodes still on them are abandoned. */
    @Override
    public void close() {
        for (EventLoop l : loops) {
            l.shutdown();
        }
        callbacks.shutdown();
        if (Thread.currentThread().getName().startsWith(callbackPrefix)
                || loops.stream().anyMatch(EventLoop::inLoop)) {
            return; // closed from one of our own threads: it cannot wait for itself
        }
        for (EventLoop l : loops) {
            try {
                l.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            callbacks.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
