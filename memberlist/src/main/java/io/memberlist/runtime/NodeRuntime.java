package io.memberlist.runtime;

import io.memberlist.Config;
import io.memberlist.Endpoint;
import io.memberlist.codec.Keyring;
import io.memberlist.core.Engine;
import io.memberlist.core.MemberEvent;
import io.memberlist.node.Node;
import io.memberlist.node.NodeIo;
import io.memberlist.transport.EventLoop;
import io.memberlist.transport.Transport;
import io.memberlist.transport.TransportReceiver;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one {@link Node} on one {@link EventLoop} over a {@link Transport}: the production driver
 * (the simulator is the other one). Socket plumbing and threads only: every protocol rule is in
 * the node.
 *
 * <p>It forwards the transport's inputs to the node and the node's outputs to the transport,
 * re-arms one loop timer at {@link Node#nextDeadline()} after every input, and hands observing
 * events to a serial executor off the loop. Every public method is thread-safe: it queues a task
 * on the loop and returns a future completed on the callback pool (never on the loop, so a
 * caller's continuation cannot stall the protocol). Internal: the facade
 * {@code io.memberlist.Memberlist} wraps it.
 */
public final class NodeRuntime implements NodeIo, TransportReceiver {
    private static final SecureRandom SEEDS = new SecureRandom();

    private final Config config;
    private final EventLoop loop;
    private final Transport transport;
    private final Executor callbackPool;
    private final SerialExecutor events;
    private final EventLoop.Timer timer = new EventLoop.Timer() {
        @Override
        protected void onTimer(long now) {
            if (node != null) {
                node.onTimer(now);
                reschedule();
            }
        }
    };
    private Node node;
    private Endpoint advertise;
    private volatile boolean stopped;

    private NodeRuntime(Config config, EventLoop loop, Transport transport, Executor callbackPool) {
        this.config = config;
        this.loop = loop;
        this.transport = transport;
        this.callbackPool = callbackPool;
        this.events = new SerialExecutor(callbackPool);
    }

    /** Binds the transport, builds the node on {@code loop} and starts it. */
    public static CompletableFuture<NodeRuntime> start(Config config, EventLoop loop, Transport transport,
            Executor callbackPool) {
        NodeRuntime rt = new NodeRuntime(config, loop, transport, callbackPool);
        CompletableFuture<NodeRuntime> f = new CompletableFuture<>();
        if (!loop.isRunning()) {
            f.completeExceptionally(new IllegalStateException("event loop " + loop.name() + " is stopped"));
            return f;
        }
        loop.execute(() -> {
            try {
                rt.advertise = transport.start(loop, rt);
                long now = loop.now();
                rt.node = new Node(config, rt.advertise, new SplittableRandom(SEEDS.nextLong()), new SecureRandom(),
                        rt, now, false);
                rt.node.engine().setMetricsTicker(System::nanoTime); // only times the gossip rounds
                // The wall clock, read here (the node reads none): the first incarnation with
                // Config.initialIncarnationFromClock.
                rt.node.start(now, Instant.now().getEpochSecond());
                rt.reschedule();
                rt.completeOffLoop(f, rt);
            } catch (IOException | RuntimeException e) {
                rt.stopped = true;
                transport.close();
                rt.failOffLoop(f, e);
            }
        });
        return f;
    }

    // ---- accessors (any thread) ----

    public Keyring keyring() {
        return node.keyring();
    }

    /** The address other members reach this node at. */
    public Endpoint advertise() {
        return advertise;
    }

    public int boundPort() {
        return transport.boundPort();
    }

    public EventLoop loop() {
        return loop;
    }

    /** Where observing callbacks and future completions run (never the loop). */
    public Executor callbackPool() {
        return callbackPool;
    }

    // ---- commands (any thread) ----

    /** Runs {@code body} on the loop with the live node; its result completes off the loop. */
    public <T> CompletableFuture<T> call(Function<Node, T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        onLoop(f, () -> completeOffLoop(f, body.apply(node)));
        return f;
    }

    /**
     * Runs a read-only {@code query} on the engine at once, on the calling thread, which must be
     * this node's loop thread (a delegate the engine is calling: a queued {@link #call} from there
     * would wait for the loop it occupies).
     *
     * @throws IllegalStateException off the loop thread, or when the node is shut down
     */
    public <T> T readOnLoop(Function<Engine, T> query) {
        if (!loop.inLoop()) {
            throw new IllegalStateException("readOnLoop off the loop thread of " + config.name());
        }
        if (stopped || node == null) {
            throw new IllegalStateException("node is shut down");
        }
        return query.apply(node.engine());
    }

    /** A command that completes later: the engine, the loop's time, and how to finish. */
    @FunctionalInterface
    public interface Command<T> {
        void run(Engine engine, long now, Consumer<T> complete, Consumer<Throwable> fail);
    }

    /**
     * Runs {@code command} on the loop (through the node, so its effects carry the time); the
     * future completes off the loop when the command calls {@code complete} or {@code fail}, now
     * or from a later engine callback.
     */
    public <T> CompletableFuture<T> submit(Command<T> command) {
        CompletableFuture<T> f = new CompletableFuture<>();
        onLoop(f, () -> node.command(loop.now(), (engine, now) -> {
            command.run(engine, now, v -> completeOffLoop(f, v), t -> failOffLoop(f, t));
            return null;
        }));
        return f;
    }

    /** Stops the node (sends nothing more), closes the transport, releases its ports. Idempotent. */
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (!loop.isRunning()) {
            stopped = true;
            transport.close(); // the loop is gone: its selector closed the channels already
            f.complete(null);
            return f;
        }
        loop.execute(() -> {
            if (!stopped) {
                stopped = true;
                if (node != null) {
                    node.shutdown(loop.now());
                }
                loop.cancel(timer);
                transport.close();
            }
            completeOffLoop(f, null);
        });
        return f;
    }

    private void onLoop(CompletableFuture<?> f, Runnable body) {
        if (!loop.isRunning()) {
            f.completeExceptionally(new IllegalStateException("node is shut down (event loop stopped)"));
            return;
        }
        loop.execute(() -> {
            if (stopped || node == null) {
                failOffLoop(f, new IllegalStateException("node is shut down"));
                return;
            }
            try {
                body.run();
            } catch (RuntimeException e) {
                failOffLoop(f, e);
            }
            reschedule();
        });
    }

    private <T> void completeOffLoop(CompletableFuture<T> f, T v) {
        try {
            callbackPool.execute(() -> f.complete(v));
        } catch (RuntimeException e) {
            f.complete(v);
        }
    }

    private void failOffLoop(CompletableFuture<?> f, Throwable t) {
        try {
            callbackPool.execute(() -> f.completeExceptionally(t));
        } catch (RuntimeException e) {
            f.completeExceptionally(t);
        }
    }

    private void reschedule() {
        if (stopped || node == null) {
            return;
        }
        long deadline = node.nextDeadline();
        if (deadline != Long.MAX_VALUE) {
            // "At once" may come as a deadline far in the past; the loop compares deadlines
            // wrap-safely (deadline - now), which such a value would overflow into "never".
            deadline = Math.max(deadline, loop.now());
        }
        loop.schedule(timer, deadline);
    }

    // ---- NodeIo: the node's outputs, to the transport ----

    @Override
    public void sendDatagram(Endpoint to, String toNode, byte[] datagram) {
        transport.sendPacket(to, toNode, datagram);
    }

    @Override
    public void openStream(long streamId, Endpoint to, String toNode) {
        transport.openStream(streamId, to, toNode);
    }

    @Override
    public void writeStream(long streamId, byte[] bytes) {
        transport.writeStream(streamId, bytes);
    }

    @Override
    public void closeStream(long streamId, boolean abort) {
        transport.closeStream(streamId, abort);
    }

    @Override
    public void event(MemberEvent e) {
        Node n = node;
        if (n.observes(e)) {
            events.execute(() -> n.deliver(e));
        }
    }

    // ---- TransportReceiver: the network's inputs, to the node ----

    /** One network input to the node, then the timer re-armed (loop thread). */
    private void input(Runnable toNode) {
        if (!stopped) {
            toNode.run();
            reschedule();
        }
    }

    @Override
    public void onPacket(long now, Endpoint from, byte[] datagram) {
        if (!stopped) {
            node.onDatagram(now, from, datagram); // re-armed once at the batch end
        }
    }

    @Override
    public void onPacketBatchEnd(long now) {
        input(() -> node.onDatagramBatchEnd(now));
    }

    @Override
    public long onStreamAccepted(long now, Endpoint from) {
        long[] id = {-1};
        input(() -> id[0] = node.onStreamAccepted(now, from));
        return id[0];
    }

    @Override
    public void onStreamConnected(long now, long streamId) {
        input(() -> node.onStreamConnected(now, streamId));
    }

    @Override
    public void onStreamBytes(long now, long streamId, byte[] buf, int off, int len) {
        input(() -> node.onStreamBytes(now, streamId, buf, off, len));
    }

    @Override
    public void onStreamEof(long now, long streamId) {
        input(() -> node.onStreamEof(now, streamId));
    }

    @Override
    public void onStreamClosed(long now, long streamId, String error) {
        input(() -> node.onStreamClosed(now, streamId, error));
    }
}
