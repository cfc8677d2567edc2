package io.memberlist;

import io.memberlist.core.Engine;
import io.memberlist.node.Node;
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
import java.util.function.Function;

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
 * waits for it (or returns a future). The reads {@link #members}, {@link #numMembers},
 * {@link #localNode} and {@link #healthScore} may also be called from the loop itself, i.e. from a
 * delegate the engine is calling (Go's {@code TransmitLimitedQueue{NumNodes: m.NumMembers}}): there
 * they read the engine at once, without blocking. The other blocking methods must not be called
 * from the loop; they throw {@link IllegalStateException} there (use their async forms).
 * Observing callbacks ({@link EventListener}, user messages, ping completions) run on a per-node
 * serial executor, in order, never on the loop; futures complete on the same callback pool.
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
     * resolved to all their addresses and each one is tried. While none succeeded, the ones that
     * failed in a way that may pass (no connection, a timeout, closed before the reply) are tried
     * again with backoff for up to {@link Config#joinTimeout()} (Go tries each once). A join
     * while fenced off ({@link #isFenced()}) ends the fence at once.
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

    /**
     * {@link #join} without blocking; fails with {@link JoinException}. Addresses that fail in a
     * way that may pass are retried for up to {@link Config#joinTimeout()} while none has
     * succeeded.
     */
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
                    Map<Endpoint, String> named = new LinkedHashMap<>();
                    seeds.forEach((ep, target) -> named.put(ep, target.name()));
                    long retryFor = saturatedNanos(config.joinTimeout());
                    CompletableFuture<Integer> joined = runtime.submit((engine, now, ok, fail) ->
                            engine.join(now, named, now + Math.min(retryFor, Long.MAX_VALUE - now), (n, failures) -> {
                                if (n > 0) {
                                    ok.accept(n);
                                    return;
                                }
                                Map<String, String> all = new LinkedHashMap<>(errors);
                                failures.forEach((ep, why) -> all.put(
                                        (seeds.containsKey(ep) ? seeds.get(ep).raw() : "?") + " (" + ep + ")",
                                        why));
                                fail.accept(new JoinException(all));
                            }));
                    return joined;
                });
    }

    /**
     * Broadcasts that this node leaves and waits until the news is out. Call {@link #shutdown}
     * afterwards. Members that hear it mark this node LEFT. Returns at once when no other member
     * is alive, or when this node is fenced off ({@link #isFenced()}: it left already, and now
     * stays out for good); a zero or negative {@code timeout} waits as long as it takes.
     *
     * @throws BroadcastTimeoutException when {@code timeout} passed first ("timeout waiting for
     *     leave broadcast", as Go); the node is leaving all the same
     */
    public void leave(Duration timeout) {
        awaitUnchecked(leaveAsync(timeout));
    }

    /** {@link #leave} without blocking; fails with {@link BroadcastTimeoutException}. */
    public CompletableFuture<Void> leaveAsync(Duration timeout) {
        long nanos = timeout.toNanos();
        return runtime.submit((engine, now, ok, fail) -> engine.leave(now, nanos, () -> ok.accept(null),
                () -> fail.accept(new BroadcastTimeoutException("timeout waiting for leave broadcast"))));
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

    /**
     * Members not dead or left, this node included (suspects are included). While this node is
     * fenced off ({@link #isFenced()}): its last view before it fenced, without itself. Also
     * callable from a delegate on the node's loop.
     */
    public List<Member> members() {
        return read(Engine::members);
    }

    /** Members not dead or left, this node included. Also callable from a delegate on the loop. */
    public int numMembers() {
        return read(Engine::numMembers);
    }

    /** This node as the others see it. Also callable from a delegate on the node's loop. */
    public Member localNode() {
        return read(Engine::localMember);
    }

    /**
     * Not in Go: true while this node is fenced off ({@link Config#selfFenceRefutations()}): it
     * left the cluster on its own because its network seemed broken, and rejoins by itself when
     * it works again. Also callable from a delegate on the node's loop.
     */
    public boolean isFenced() {
        return read(Engine::isFenced);
    }

    /**
     * Re-reads {@link Delegate#nodeMeta}, bumps the incarnation and broadcasts; waits until the
     * update was sent around when other members exist (a zero or negative {@code timeout} waits
     * as long as it takes).
     *
     * @throws BroadcastTimeoutException when {@code timeout} passed first ("timeout waiting for
     *     update broadcast", as Go); the new metadata stands and keeps spreading
     */
    public void updateNode(Duration timeout) {
        awaitUnchecked(updateNodeAsync(timeout));
    }

    /** {@link #updateNode} without blocking; fails with {@link BroadcastTimeoutException}. */
    public CompletableFuture<Void> updateNodeAsync(Duration timeout) {
        long nanos = timeout.toNanos();
        return runtime.submit((engine, now, ok, fail) -> engine.updateMeta(now, nanos, () -> ok.accept(null),
                () -> fail.accept(new BroadcastTimeoutException("timeout waiting for update broadcast"))));
    }

    // ---- messaging ----

    /** Sends {@code payload} in one UDP packet; false when {@code node} is unknown. */
    public boolean sendBestEffort(String node, byte[] payload) {
        byte[] copy = payload.clone();
        return awaitUnchecked(runtime.<Boolean>submit((engine, now, ok, fail) ->
                ok.accept(engine.sendBestEffort(now, node, copy))));
    }

    /** {@link #sendBestEffort(String, byte[])} to {@code to}'s name. */
    public boolean sendBestEffort(Member to, byte[] payload) {
        return sendBestEffort(to.name(), payload);
    }

    /** Sends {@code payload} over a TCP stream and waits until it was written. */
    public void sendReliable(String node, byte[] payload) throws IOException {
        awaitIo(sendReliableAsync(node, payload));
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
        byte[] copy = payload.clone();
        return runtime.submit((engine, now, ok, fail) -> engine.sendReliable(now, node, copy,
                err -> {
                    if (err == null) {
                        ok.accept(null);
                    } else {
                        fail.accept(new IOException(err));
                    }
                }));
    }

    /**
     * Sends {@code payload} in one UDP packet to an address that need not be a member (Go's
     * {@code SendToAddress}), e.g. a node of another cluster. Best effort: returning means handed
     * to the network, not delivered.
     *
     * @param node the name of the node expected there, or {@code ""} when unknown (refused when
     *     {@link Config#requireNodeNames()} is set)
     * @throws IOException when the address or name is refused
     */
    public void sendToAddress(String node, InetSocketAddress address, byte[] payload) throws IOException {
        awaitIo(sendToAddressAsync(node, address, payload));
    }

    /** {@link #sendToAddress} without blocking; fails with an {@link IOException}. */
    public CompletableFuture<Void> sendToAddressAsync(String node, InetSocketAddress address, byte[] payload) {
        if (address.isUnresolved()) {
            return CompletableFuture.failedFuture(new IOException("unresolved address " + address));
        }
        Endpoint to = Endpoint.of(address);
        String name = node == null ? "" : node;
        byte[] copy = payload.clone();
        return runtime.submit((engine, now, ok, fail) -> {
            String refused = engine.sendBestEffortTo(now, to, name, copy);
            if (refused == null) {
                ok.accept(null);
            } else {
                fail.accept(new IOException(refused));
            }
        });
    }

    /**
     * Sends {@code payload} over a TCP stream to an address that need not be a member (Go: {@code
     * SendReliable} with a {@code Node} of the caller's making) and waits until it was written.
     *
     * @param node as for {@link #sendToAddress}
     * @throws IOException when refused, or when connecting or writing failed
     */
    public void sendReliableToAddress(String node, InetSocketAddress address, byte[] payload)
            throws IOException {
        awaitIo(sendReliableToAddressAsync(node, address, payload));
    }

    /** {@link #sendReliableToAddress} without blocking; fails with an {@link IOException}. */
    public CompletableFuture<Void> sendReliableToAddressAsync(String node, InetSocketAddress address,
            byte[] payload) {
        if (address.isUnresolved()) {
            return CompletableFuture.failedFuture(new IOException("unresolved address " + address));
        }
        Endpoint to = Endpoint.of(address);
        String name = node == null ? "" : node;
        byte[] copy = payload.clone();
        return runtime.submit((engine, now, ok, fail) -> engine.sendReliableTo(now, to, name, copy, err -> {
            if (err == null) {
                ok.accept(null);
            } else {
                fail.accept(new IOException(err));
            }
        }));
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
            return Duration.ofNanos(await(runtime.<Long>submit((engine, now, ok, fail) ->
                    engine.ping(now, node, ep, new io.memberlist.core.PingCallback() {
                        @Override
                        public void done(long rttNanos) {
                            ok.accept(rttNanos);
                        }

                        @Override
                        public void failed(String reason) {
                            fail.accept(new IOException(reason));
                        }
                    }))));
        } catch (IOException e) {
            throw new NoPingResponseException(node, e.getMessage());
        } catch (Exception e) {
            throw new NoPingResponseException(node, e.toString());
        }
    }

    /**
     * Lifeguard's local health: 0 is healthy, higher means this node is probably slow. Also
     * callable from a delegate on the node's loop.
     */
    public int healthScore() {
        return read(Engine::healthScore);
    }

    /**
     * A snapshot of this node's internal depths (members, queues, streams), read on its loop: for
     * monitoring that nothing grows in a long-running process. Not callable from the loop itself.
     */
    public NodeStats stats() {
        return awaitUnchecked(runtime.call(n -> {
            Engine e = n.engine();
            Node.StreamStats s = n.streamStats();
            return new NodeStats(e.numMembers(), e.estimatedClusterSize(), e.queuedBroadcasts(),
                    n.handoffQueued(), n.handoffDrops(), s.open(), s.pending(), s.waiting(),
                    s.bufferedBytes(), e.healthScore());
        }));
    }

    /**
     * The live keyring: {@link Keyring#addKey}, {@link Keyring#useKey} and
     * {@link Keyring#removeKey} apply to the next packet or stream sent or read.
     */
    public Keyring keyring() {
        return new Keyring(runtime.keyring());
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

    /**
     * A read of the engine: at once when called on this node's loop thread (from a delegate the
     * engine is calling, which a queued command would deadlock), else queued and awaited.
     */
    private <T> T read(Function<Engine, T> query) {
        if (runtime.loop().inLoop()) {
            return runtime.readOnLoop(query);
        }
        return awaitUnchecked(runtime.call(n -> query.apply(n.engine())));
    }

    private void awaitIo(CompletableFuture<Void> f) throws IOException {
        try {
            await(f);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

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

    /** {@code d} in nanoseconds, {@link Long#MAX_VALUE} when it does not fit. */
    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
