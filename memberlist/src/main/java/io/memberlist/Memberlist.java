package io.memberlist;

import io.memberlist.codec.Keyring;
import io.memberlist.runtime.NodeRuntime;
import io.memberlist.transport.EventLoopGroup;
import io.memberlist.transport.NioTransport;
import io.memberlist.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One member of a gossip cluster: the public face of the library (Go's {@code *Memberlist}).
 *
 * <p>{@link #create} binds UDP and TCP, starts the protocol and returns; {@link #join} contacts
 * existing members; {@link #leave} announces a graceful departure; {@link #shutdown} stops.
 *
 * <p>Threads: the node runs on one event-loop thread, either of a private group made by
 * {@link #create(Config)} (one thread, ended by {@link #shutdown}) or of a shared
 * {@link EventLoopGroup} that many nodes use ({@link #create(Config, EventLoopGroup)}; the caller
 * closes the group). Every method here is thread-safe: it queues a command on the node's loop and
 * waits for it (or returns a future). Blocking methods must not be called from the loop itself
 * (from a delegate method the engine calls synchronously); they throw
 * {@link IllegalStateException} there. Observing callbacks ({@link EventListener}, user messages,
 * ping completions) run on a per-node serial executor, in order, never on the loop; futures
 * complete on the same callback pool.
 */
public final class Memberlist implements AutoCloseable {
    private final Config config;
    private final NodeRuntime runtime;
    private final EventLoopGroup ownGroup;
    private final AtomicBoolean shutdown = new AtomicBoolean();
    private final CompletableFuture<Void> shutdownDone = new CompletableFuture<>();

    private Memberlist(Config config, NodeRuntime runtime, EventLoopGroup ownGroup) {
        this.config = config;
        this.runtime = runtime;
        this.ownGroup = ownGroup;
    }

    /**
     * Creates and starts a node on its own event-loop thread, with the UDP+TCP transport.
     *
     * @throws IOException when the ports cannot be bound
     */
    public static Memberlist create(Config config) throws IOException {
        EventLoopGroup group = new EventLoopGroup(1, "memberlist-" + config.name());
        try {
            return create(config, group, nioTransport(config), group);
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
    }

    /** Creates and starts a node on a loop of a shared group; the caller closes the group later. */
    public static Memberlist create(Config config, EventLoopGroup group) throws IOException {
        return create(config, group, nioTransport(config), null);
    }

    /** Creates and starts a node over a custom {@link Transport} on a loop of {@code group}. */
    public static Memberlist create(Config config, EventLoopGroup group, Transport transport)
            throws IOException {
        return create(config, group, transport, null);
    }

    private static NioTransport nioTransport(Config config) {
        // With port 0 the bound port is advertised, whatever advertisePort says (as in Go).
        return new NioTransport(config.bindAddr(), config.bindPort(), config.advertiseAddr(),
                config.bindPort() == 0 ? 0 : config.advertisePort());
    }

    private static Memberlist create(Config config, EventLoopGroup group, Transport transport,
            EventLoopGroup ownGroup) throws IOException {
        try {
            NodeRuntime rt = NodeRuntime.start(config, group.next(), transport, group.callbackExecutor()).get();
            return new Memberlist(config, rt, ownGroup);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        }
    }

    // ---- membership ----

    /**
     * Joins the cluster through the given members: a push/pull with each. Addresses are
     * {@code [name/]host[:port]}; the default port is this node's bind port; host names are
     * resolved to all their addresses and each one is tried.
     *
     * @return how many addresses were joined (at least 1)
     * @throws JoinException when none was, with the reason for each address
     */
    public int join(String... addrs) throws JoinException {
        try {
            return await(joinAsync(addrs));
        } catch (JoinException e) {
            throw e;
        } catch (Exception e) {
            throw new JoinException(Map.of(String.join(",", addrs), e.toString()));
        }
    }

    /** {@link #join} without blocking; fails with {@link JoinException}. */
    public CompletableFuture<Integer> joinAsync(String... addrs) {
        List<String> list = List.copyOf(Arrays.asList(addrs));
        int defaultPort = config.bindPort() != 0 ? config.bindPort() : runtime.boundPort();
        Map<String, String> errors = new LinkedHashMap<>();
        // Resolution may block on DNS: do it on the callback pool, never on the loop.
        return CompletableFuture.supplyAsync(() -> JoinAddresses.resolve(list, defaultPort, errors),
                        runtime.callbackPool())
                .thenCompose(seeds -> {
                    if (seeds.isEmpty()) {
                        return CompletableFuture.failedFuture(new JoinException(errors));
                    }
                    return runtime.join(List.copyOf(seeds.keySet())).thenCompose(out -> {
                        if (out.joined() > 0) {
                            return CompletableFuture.completedFuture(out.joined());
                        }
                        Map<String, String> all = new LinkedHashMap<>(errors);
                        out.errors().forEach((ep, why) -> all.put(seeds.getOrDefault(ep, "?") + " (" + ep + ")", why));
                        return CompletableFuture.failedFuture(new JoinException(all));
                    });
                });
    }

    /**
     * Broadcasts that this node leaves and waits until the news is out (or {@code timeout}
     * passes). Call {@link #shutdown} afterwards. Members that hear it mark this node LEFT.
     */
    public void leave(Duration timeout) {
        awaitUnchecked(leaveAsync(timeout));
    }

    /** {@link #leave} without blocking: completes when the news is out or the timeout passed. */
    public CompletableFuture<Void> leaveAsync(Duration timeout) {
        return runtime.leave(timeout);
    }

    /**
     * Stops the node without a word to the others (who will detect it as failed unless
     * {@link #leave} ran first), closes its sockets, and ends its loop thread when the loop group
     * is private. Idempotent; the ports are free again when this returns.
     */
    public void shutdown() {
        if (shutdown.compareAndSet(false, true)) {
            try {
                runtime.shutdown().join();
            } finally {
                if (ownGroup != null) {
                    ownGroup.close();
                }
                shutdownDone.complete(null);
            }
        } else {
            shutdownDone.join();
        }
    }

    /** Same as {@link #shutdown()}. */
    @Override
    public void close() {
        shutdown();
    }

    /** True once {@link #shutdown} (or {@link #close}) was called. */
    public boolean isShutdown() {
        return shutdown.get();
    }

    /** Members not dead or left, this node included (suspects are included). */
    public List<Member> members() {
        return awaitUnchecked(runtime.members());
    }

    /** How many members are alive or suspect, this node included: {@code members().size()} without the copies. */
    public int numMembers() {
        return awaitUnchecked(runtime.call(n -> n.engine().numMembers()));
    }

    /** This node as the others see it. */
    public Member localNode() {
        return awaitUnchecked(runtime.call(n -> n.engine().localMember()));
    }

    /**
     * Re-reads {@link Delegate#nodeMeta}, bumps the incarnation and broadcasts; waits (up to
     * {@code timeout}) until the update was sent around when other members exist.
     */
    public void updateNode(Duration timeout) {
        awaitUnchecked(runtime.updateNode(timeout));
    }

    /** {@link #updateNode} without blocking. */
    public CompletableFuture<Void> updateNodeAsync(Duration timeout) {
        return runtime.updateNode(timeout);
    }

    // ---- messaging ----

    /** Sends {@code payload} in one UDP packet; false when {@code node} is unknown. */
    public boolean sendBestEffort(String node, byte[] payload) {
        return awaitUnchecked(runtime.sendBestEffort(node, payload));
    }

    /** {@link #sendBestEffort(String, byte[])} to {@code to}'s name. */
    public boolean sendBestEffort(Member to, byte[] payload) {
        return sendBestEffort(to.name(), payload);
    }

    /** Sends {@code payload} over a TCP stream and waits until it was written. */
    public void sendReliable(String node, byte[] payload) throws IOException {
        try {
            await(sendReliableAsync(node, payload));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * {@link #sendReliable(String, byte[])} to {@code to}'s name.
     *
     * @throws IOException when the stream could not be opened or written
     */
    public void sendReliable(Member to, byte[] payload) throws IOException {
        sendReliable(to.name(), payload);
    }

    /** Completes when written; fails with an {@link IOException} carrying the reason. */
    public CompletableFuture<Void> sendReliableAsync(String node, byte[] payload) {
        return runtime.sendReliable(node, payload);
    }

    // ---- diagnostics ----

    /**
     * Pings {@code node} at {@code addr} once over UDP and returns the round-trip time.
     *
     * @throws NoPingResponseException when no ack came within the probe timeout
     */
    public Duration ping(String node, InetSocketAddress addr) throws NoPingResponseException {
        Endpoint ep = Endpoint.of(addr);
        try {
            return Duration.ofNanos(await(runtime.ping(node, ep)));
        } catch (IOException e) {
            throw new NoPingResponseException(node, e.getMessage());
        } catch (Exception e) {
            throw new NoPingResponseException(node, e.toString());
        }
    }

    /** Lifeguard's local health: 0 is healthy, higher means this node is probably slow. */
    public int healthScore() {
        return awaitUnchecked(runtime.call(n -> n.engine().healthScore()));
    }

    /**
     * The live keyring: {@link Keyring#addKey}, {@link Keyring#useKey} and
     * {@link Keyring#removeKey} apply to the next packet or stream sent or read.
     */
    public Keyring keyring() {
        return runtime.keyring();
    }

    /** The protocol version this node speaks ({@link Config#protocolVersion()}). */
    public int protocolVersion() {
        return config.protocolVersion();
    }

    /** The configuration the node was created with. */
    public Config config() {
        return config;
    }

    /** Where the others reach this node. */
    public InetSocketAddress advertiseAddress() {
        return runtime.advertise().toSocketAddress();
    }

    /** The UDP and TCP port this node is bound to. */
    public int port() {
        return runtime.boundPort();
    }

    /** The driver underneath (internal: tests in this package). */
    NodeRuntime runtime() {
        return runtime;
    }

    @Override
    public String toString() {
        return "Memberlist[" + config.name() + " @ " + runtime.advertise() + "]";
    }

    // ---- waiting ----

    private <T> T await(CompletableFuture<T> f) throws Exception {
        if (runtime.loop().inLoop()) {
            throw new IllegalStateException(
                    "blocking Memberlist call on the protocol thread (from a delegate?): use the async form");
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause() instanceof CompletionException ce && ce.getCause() != null
                    ? ce.getCause() : e.getCause();
            if (c instanceof Exception ex) {
                throw ex;
            }
            throw (Error) c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    private <T> T awaitUnchecked(CompletableFuture<T> f) {
        try {
            return await(f);
        } catch (RuntimeException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
