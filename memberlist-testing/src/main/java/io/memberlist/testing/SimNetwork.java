package io.memberlist.testing;

import io.memberlist.Config;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.Endpoint;
import io.memberlist.core.MemberEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A deterministic discrete-event simulation of a network of members, all run on the calling
 * thread in virtual time (nanoseconds from 0).
 *
 * <p>Everything random (packet delays, loss, duplication, every engine's random generator) is split
 * from one seed, and every event is ordered by (time, sequence number), so one seed and one
 * sequence of calls give one run, event for event: {@link #traceHash()} proves it. A failing test
 * prints its seed and replays exactly.
 *
 * <p>The network model: each datagram takes {@code latency + U[0, jitter)} (plus a reorder delay
 * with some probability), may be lost or duplicated, and is dropped when a cut blocks the link at
 * send or at arrival time. Streams (TCP) take one round trip to connect plus one way for the
 * message and one way for the reply; they are never lost but fail at their deadline when the
 * peer is unreachable, crashed or does not answer in time. A paused node processes nothing:
 * its packets, stream messages and timers wait and are handled late, in arrival order, when the
 * pause ends (a bounded inbox, like a socket buffer, drops the excess). A crashed node drops
 * everything; a restart puts a new engine (fresh incarnation) at the same name and address.
 *
 * <p>The simulated wall clock ({@link #wallClockSeconds()}) is the virtual clock plus a fixed base
 * ({@link #WALL_CLOCK_BASE}): each engine starts with it, so with
 * {@code Config.initialIncarnationFromClock} incarnations are ten-digit numbers, as on sockets,
 * and a restart starts above its predecessor unless that one raised its incarnation more times
 * than whole virtual seconds passed between the two starts.
 *
 * <p>Not thread-safe: one thread builds and runs a simulation.
 */
public final class SimNetwork {
    /** The port every simulated node listens on. */
    public static final int PORT = 7946;
    /**
     * The simulated wall clock at virtual time 0, in seconds since 1970: 1,700,000,000
     * (2023-11-14T22:13:20Z), so that incarnations taken from the clock look as they do on
     * sockets.
     */
    public static final long WALL_CLOCK_BASE = 1_700_000_000L;

    final long seed;
    private final SplittableRandom root;
    final SplittableRandom netRandom;
    final NetworkModel model;
    final LinkFaults faults = new LinkFaults();
    final boolean compoundOnly;
    final int streamChunk;
    final int inboxCapacity;
    final boolean inputsFirstAfterPause;
    final EventQueue queue = new EventQueue();
    final SimStats stats = new SimStats();
    final SimTrace trace;
    final List<SimNode> nodes = new ArrayList<>();
    private final Map<String, SimNode> byName = new LinkedHashMap<>();
    final Map<Endpoint, SimNode> byEndpoint = new HashMap<>();
    private final List<Consumer<SimNetwork>> observers = new ArrayList<>();
    private final List<BiConsumer<SimNode, MemberEvent>> listeners = new ArrayList<>();
    SimNode lastTouched;
    final List<PacketTap> taps = new ArrayList<>();
    final List<StreamTap> streamTaps = new ArrayList<>();
    private int observeEvery = 1;
    long now;
    private StepKind stepKind = StepKind.NONE;
    final Delivery delivery = new Delivery(this);

    private SimNetwork(Builder b) {
        this.seed = b.seed;
        this.root = new SplittableRandom(b.seed);
        this.netRandom = root.split();
        this.model = b.model.copy();
        this.compoundOnly = b.compoundOnly;
        this.streamChunk = b.streamChunk;
        this.inboxCapacity = b.inboxCapacity;
        this.inputsFirstAfterPause = b.inputsFirstAfterPause;
        this.trace = new SimTrace(b.traceLines);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- nodes

    /** Adds a node running a host made by {@code factory} (tests of the simulator itself). */
    SimNode addHostNode(String name, Function<SimNode, SimHost> factory) {
        SimNode node = newNode(name);
        node.host = factory.apply(node);
        reschedule(node);
        return node;
    }

    /** Adds a {@link RawHost} (raw bytes, no protocol) at the next synthetic address. */
    public RawHost addRawHost(String name) {
        SimNode node = newNode(name);
        RawHost raw = new RawHost(node);
        node.host = raw;
        return raw;
    }

    SimNode newNode(String name) {
        Objects.requireNonNull(name, "name");
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("a node named " + name + " exists; use addNodeAt for a name conflict");
        }
        return newNode(name, addressFor(nodes.size()));
    }

    SimNode newNode(String name, Endpoint endpoint) {
        SimNode node = new SimNode(this, nodes.size(), name, endpoint);
        nodes.add(node);
        byName.putIfAbsent(name, node);
        if (byEndpoint.putIfAbsent(endpoint, node) != null) {
            throw new IllegalArgumentException("address " + endpoint + " is taken");
        }
        return node;
    }

    /** {@code 10.x.y.z}: node index i gets address number i + 1. */
    static Endpoint addressFor(int index) {
        int n = index + 1;
        return new Endpoint(new byte[] {10, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n}, PORT);
    }

    /** A new independent random generator for a node's engine, split from the seed. */
    SplittableRandom splitRandom() {
        return root.split();
    }

    public List<SimNode> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** The first node added under {@code name}. */
    public SimNode node(String name) {
        SimNode n = byName.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no node named " + name);
        }
        return n;
    }

    public SimNode nodeAt(Endpoint endpoint) {
        return route(endpoint);
    }

    /**
     * The node at {@code to}, or null: first by the synthetic address scheme of
     * {@link #addressFor} (an index, no hashing: with 100,000 nodes the map lookup is a few cache
     * misses per datagram), then by the map (conflicting nodes, raw hosts at other addresses).
     */
    SimNode route(Endpoint to) {
        byte[] ip = to.ip();
        if (ip.length == 4 && ip[0] == 10 && to.port() == PORT) {
            int index = (((ip[1] & 0xFF) << 16) | ((ip[2] & 0xFF) << 8) | (ip[3] & 0xFF)) - 1;
            if (index >= 0 && index < nodes.size()) {
                SimNode n = nodes.get(index);
                if (n.endpoint.equals(to)) {
                    return n;
                }
            }
        }
        return byEndpoint.get(to);
    }

    // ---------------------------------------------------------------- engines

    /**
     * Adds a node named {@code name} at the next synthetic address and starts an engine there
     * at the current virtual time. The builder's name, bind and advertise address are set by the
     * simulator; everything else (timings, delegates, label, keys) is the caller's.
     */
    public SimNode addNode(String name, Config.Builder cfg) {
        SimNode node = newNode(name);
        boot(node, configure(node, cfg));
        return node;
    }

    /**
     * Adds a second node under an existing name at a new address: a name conflict, as when two
     * machines are misconfigured with one name. {@link #node(String)} keeps returning the first.
     */
    public SimNode addConflictingNode(String name, Config.Builder cfg) {
        if (!byName.containsKey(name)) {
            throw new IllegalArgumentException("no node named " + name + " to conflict with");
        }
        SimNode node = newNode(name, addressFor(nodes.size()));
        boot(node, configure(node, cfg));
        return node;
    }

    private static Config configure(SimNode node, Config.Builder cfg) {
        String ip = node.endpoint.toString();
        ip = ip.substring(0, ip.indexOf(':'));
        return cfg.name(node.name).bindAddr(ip).bindPort(PORT).advertiseAddr(ip).advertisePort(PORT).build();
    }

    private void boot(SimNode node, Config config) {
        node.config = config;
        node.left = false;
        node.host = new NodeHost(node, config, now, compoundOnly);
        afterInput(node);
    }

    /**
     * {@code node} joins through {@code seeds} (push/pull with each), one attempt per seed (Go's
     * join; the engine's {@code join} without a retry deadline); the outcome arrives later.
     */
    public SimCompletion<JoinOutcome> join(SimNode node, SimNode... seeds) {
        return join(node, Duration.ZERO, seeds);
    }

    /**
     * As {@link #join(SimNode, SimNode...)}, retrying the seeds whose failure may pass for up to
     * {@code retryFor} (what {@code Memberlist.join} does with {@code Config.joinTimeout}).
     */
    public SimCompletion<JoinOutcome> join(SimNode node, Duration retryFor, SimNode... seeds) {
        Map<Endpoint, String> eps = new LinkedHashMap<>();
        for (SimNode s : seeds) {
            eps.put(s.endpoint, "");
        }
        SimCompletion<JoinOutcome> c = new SimCompletion<>(this);
        node.act((e, t) -> {
            e.join(t, eps, t + retryFor.toNanos(),
                    (joined, errors) -> c.complete(new JoinOutcome(joined, Map.copyOf(errors))));
            return null;
        });
        return c;
    }

    /** What {@link #join} reports: how many seeds answered, and why the others did not. */
    public record JoinOutcome(int joined, Map<Endpoint, String> errors) {}

    /** Every node but {@code seed} joins through {@code seed}, all at the current instant. */
    public void joinAll(SimNode seed) {
        for (SimNode n : nodes) {
            if (n != seed && n.hasEngine()) {
                join(n, seed);
            }
        }
    }

    /** Graceful leave: the node broadcasts its departure; done when sent or at {@code timeout}. */
    public SimCompletion<Void> leave(SimNode node, Duration timeout) {
        SimCompletion<Void> c = new SimCompletion<>(this);
        node.left = true;
        node.act((e, t) -> {
            e.leave(t, timeout.toNanos(), () -> c.complete(null));
            return null;
        });
        return c;
    }

    /** Re-reads the node's metadata from its delegate and gossips it with a new incarnation. */
    public SimCompletion<Void> updateMeta(SimNode node, Duration timeout) {
        SimCompletion<Void> c = new SimCompletion<>(this);
        node.act((e, t) -> {
            e.updateMeta(t, timeout.toNanos(), () -> c.complete(null));
            return null;
        });
        return c;
    }

    /** Stops the node's engine cleanly ({@code shutdown} sends nothing), then it is down like a crash. */
    public void shutdown(SimNode node) {
        if (node.hasEngine()) {
            node.node().shutdown(now);
        }
        crash(node);
    }

    /**
     * Starts a fresh engine at the crashed node's name and address; its incarnation starts over
     * (at the simulated wall clock, or at 1 with {@code initialIncarnationFromClock} off).
     */
    public void restart(SimNode node) {
        Config c = node.config;
        revive(node, n -> null);
        boot(node, c);
    }

    /** Restarts with a different configuration (the name and address stay). */
    public void restart(SimNode node, Config.Builder cfg) {
        revive(node, n -> null);
        boot(node, configure(node, cfg));
    }

    /** The members {@code node} reports (empty when it is crashed). */
    public List<Member> membersSeenBy(SimNode node) {
        return node.hasEngine() ? node.engine().members() : List.of();
    }

    /** Nodes with a running or paused engine. */
    public List<SimNode> liveNodes() {
        List<SimNode> out = new ArrayList<>();
        for (SimNode n : nodes) {
            if (n.hasEngine()) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * True when every node with an engine that has not left (nor fenced itself off, which is a
     * leave of its own) sees exactly those nodes (by name and address) as alive, and nothing else
     * as alive or suspect.
     */
    public boolean converged() {
        List<SimNode> live = new ArrayList<>();
        for (SimNode n : liveNodes()) {
            if (!n.left && !n.engine().isFenced()) {
                live.add(n);
            }
        }
        for (SimNode n : live) {
            if (!seesExactlyAlive(n, live)) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code observer} sees every node of {@code expected} alive at its address and no one else alive or suspect. */
    public boolean seesExactlyAlive(SimNode observer, Collection<SimNode> expected) {
        List<Member> ms = observer.engine().members();
        int alive = 0;
        for (Member m : ms) {
            if (m.state() == MemberState.SUSPECT) {
                return false;
            }
            if (m.state() == MemberState.ALIVE) {
                alive++;
            }
        }
        if (alive != expected.size()) {
            return false;
        }
        Map<String, Member> byMember = new HashMap<>();
        for (Member m : ms) {
            byMember.put(m.name(), m);
        }
        for (SimNode n : expected) {
            Member m = byMember.get(n.name);
            if (m == null || m.state() != MemberState.ALIVE || !m.endpoint().equals(n.endpoint)) {
                return false;
            }
        }
        return true;
    }

    /** How {@code observer} sees {@code subject} now, or null when it does not know it (or is down). */
    public Member viewOf(SimNode observer, String subject) {
        if (!observer.hasEngine()) {
            return null;
        }
        for (Member m : observer.engine().members()) {
            if (m.name().equals(subject)) {
                return m;
            }
        }
        return null;
    }

    /** Calls {@code listener} with every observing event of every engine, in order, after each input. */
    public void onEvent(BiConsumer<SimNode, MemberEvent> listener) {
        listeners.add(listener);
    }

    void publish(SimNode node, MemberEvent e) {
        for (BiConsumer<SimNode, MemberEvent> l : listeners) {
            l.accept(node, e);
        }
    }

    /** Adds a tap that sees (and may drop) every datagram any host sends. */
    public void tap(PacketTap tap) {
        taps.add(tap);
    }

    /** Adds a tap that sees every stream write of every host. */
    public void tapStreams(StreamTap tap) {
        streamTaps.add(tap);
    }

    /** The node the last event was delivered to (null for actions and dropped inputs). */
    public SimNode lastTouched() {
        return lastTouched;
    }

    // ---------------------------------------------------------------- faults

    /**
     * Stops {@code node} silently, host and all (power loss, kernel panic, a cut cable): it sends
     * nothing more, everything sent to it is lost and a connection to it is never answered (the
     * dialer's deadline ends it).
     */
    public void crash(SimNode node) {
        if (node.status == SimNode.Status.CRASHED) {
            return;
        }
        node.hostUp = false;
        SimHost p = node.host;
        node.status = SimNode.Status.CRASHED;
        node.epoch++;
        node.inbox.clear();
        node.streams.clear();
        node.timerDeadline = Long.MAX_VALUE;
        node.host = null;
        if (p != null) {
            p.crash(now);
        }
        trace.mix(0xC0FFEEL + node.index);
        log(node, "crash");
    }

    /**
     * Stops the node's process while its host stays up (a container or process crash): datagrams
     * to it are lost (the port-unreachable answer is ignored, as memberlist ignores it), and a
     * connection to its address is refused: the dialer hears {@link #CONNECTION_REFUSED} one
     * round trip later, as a TCP reset from the host's kernel.
     */
    public void crashProcess(SimNode node) {
        crash(node);
        node.hostUp = true;
        log(node, "process gone, host up");
    }

    /** The error a dialer hears when {@link #crashProcess} left nothing listening at the address. */
    public static final String CONNECTION_REFUSED = io.memberlist.transport.TransportReceiver.CONNECTION_REFUSED;

    void revive(SimNode node, Function<SimNode, SimHost> factory) {
        if (node.status != SimNode.Status.CRASHED) {
            crash(node);
        }
        node.hostUp = false;
        node.epoch++;
        node.restarts++;
        node.slowUntil = 0;
        node.status = SimNode.Status.RUNNING;
        node.host = factory.apply(node);
        trace.mix(0x5EED0000L + node.index);
        log(node, "restart");
        reschedule(node);
    }

    /**
     * Starves {@code node} for {@code d}: it processes nothing until then (GC pause, CPU
     * starvation). Inputs wait in its inbox, timers fire late. A second pause extends the first.
     */
    public void pause(SimNode node, Duration d) {
        if (node.status == SimNode.Status.CRASHED) {
            return;
        }
        long until = now + d.toNanos();
        if (node.status == SimNode.Status.PAUSED && until <= node.pausedUntil) {
            return;
        }
        node.status = SimNode.Status.PAUSED;
        node.pausedUntil = until;
        int token = ++node.pauseToken;
        queue.add(until, new Delivery.ResumeEvent(node, node.epoch, token));
        log(node, "pause until " + until);
    }

    /**
     * Makes {@code node} slow to receive for {@code d}: every input reaching it in that time is
     * handled {@code delay} late, while its timers keep firing on time (an overloaded receive
     * path: the protocol's clock runs, the messages that would answer it wait). This is the
     * anomaly Lifeguard was designed for: the slow node's probes time out and it accuses healthy
     * members, while their refutations reach it too late.
     */
    public void slow(SimNode node, Duration delay, Duration d) {
        node.slowDelayNanos = delay.toNanos();
        node.slowUntil = now + d.toNanos();
        log(node, "slow by " + delay + " for " + d);
    }

    /** Blocks traffic both ways between every node of {@code a} and every node of {@code b}. */
    public void partition(Collection<SimNode> a, Collection<SimNode> b) {
        cut(a, b);
        cut(b, a);
    }

    /** Blocks traffic from every node of {@code from} to every node of {@code to} (one way). */
    public void cut(Collection<SimNode> from, Collection<SimNode> to) {
        faults.cut(bits(from), bits(to));
        trace.mix(0xC07L);
    }

    /** Blocks only datagrams (UDP) from {@code from} to {@code to}, one way; streams still pass. */
    public void cutPackets(SimNode from, SimNode to) {
        faults.cut(bits(List.of(from)), bits(List.of(to)), true, false);
        trace.mix(0xC08L);
    }

    /** Blocks only streams (TCP) between {@code from} and {@code to}; datagrams still pass. */
    public void cutStreams(SimNode from, SimNode to) {
        faults.cut(bits(List.of(from)), bits(List.of(to)), false, true);
        trace.mix(0xC09L);
    }

    /** Blocks traffic from {@code from} to {@code to} (one way). */
    public void cut(SimNode from, SimNode to) {
        cut(List.of(from), List.of(to));
    }

    /** Cuts {@code node} off from every other node, both ways. */
    public void isolate(SimNode node) {
        List<SimNode> others = new ArrayList<>(nodes);
        others.remove(node);
        partition(List.of(node), others);
    }

    /** Removes every partition and cut. */
    public void heal() {
        faults.heal();
        trace.mix(0x4EA1L);
    }

    /** True when a packet from {@code from} to {@code to} would be blocked by a cut now. */
    public boolean isBlocked(SimNode from, SimNode to) {
        return faults.blocked(from.index, to.index);
    }

    /**
     * A gray failure: every datagram {@code node} sends or receives is also lost with probability
     * {@code p} (independently in each direction, on top of the network's loss), and each leg of
     * its TCP connections (connect, reply to the connect, request, reply) is retransmitted, as TCP
     * does, after 1 s, 2 s, 4 s... each time it is lost with that probability (a connection then
     * usually misses its deadline). 0 heals it.
     */
    public void setNodeLoss(SimNode node, double p) {
        NetworkModel.checkProbability("node loss", p);
        node.loss = p;
        trace.mix(0x1055L + node.index);
        log(node, "node loss " + p);
    }

    public void setLoss(double p) {
        NetworkModel.checkProbability("loss", p);
        model.loss = p;
    }

    public void setLatency(Duration latency, Duration jitter) {
        NetworkModel.checkNonNegative("latency", latency);
        NetworkModel.checkNonNegative("jitter", jitter);
        model.latencyNanos = latency.toNanos();
        model.jitterNanos = jitter.toNanos();
    }

    public void setDuplication(double p) {
        NetworkModel.checkProbability("duplication", p);
        model.duplicate = p;
    }

    /**
     * With probability {@code p} a datagram sent from now on is held back an extra
     * {@code U[0, extra)} (as {@link Builder#reordering}, changeable during a run: reordering bursts).
     */
    public void setReordering(double p, Duration extra) {
        NetworkModel.checkProbability("reordering", p);
        NetworkModel.checkNonNegative("extra", extra);
        model.reorder = p;
        model.reorderDelayNanos = extra.toNanos();
    }

    private static BitSet bits(Collection<SimNode> set) {
        BitSet b = new BitSet();
        for (SimNode n : set) {
            b.set(n.index);
        }
        return b;
    }

    // ---------------------------------------------------------------- time

    public long nowNanos() {
        return now;
    }

    public Duration now() {
        return Duration.ofNanos(now);
    }

    /**
     * The simulated wall clock in whole seconds since 1970: {@link #WALL_CLOCK_BASE} plus the
     * virtual seconds elapsed. Every engine is started with it (its first incarnation, when taken
     * from the clock).
     */
    public long wallClockSeconds() {
        return WALL_CLOCK_BASE + now / 1_000_000_000L;
    }

    public long seed() {
        return seed;
    }

    /** Runs every event up to {@code now + d} inclusive, then sets the clock to that instant. */
    public void runFor(Duration d) {
        runUntilTime(now + d.toNanos());
    }

    /** Runs every event up to the absolute virtual time {@code t} (nanoseconds). */
    public void runUntilTime(long t) {
        if (t < now) {
            throw new IllegalArgumentException("time " + t + " is in the past (now " + now + ")");
        }
        SimEvent e;
        while ((e = queue.peek()) != null && e.time <= t) {
            step();
        }
        now = t;
    }

    /**
     * Runs until {@code condition} holds or {@code max} has passed. The condition is checked
     * before starting and then at most once per {@code checkEvery} of virtual time (after the
     * last event of an instant), so an expensive check on a big cluster stays affordable.
     *
     * @return true when the condition held; the clock then stands at the check that saw it
     */
    public boolean runUntil(Predicate<SimNetwork> condition, Duration max, Duration checkEvery) {
        long end = now + max.toNanos();
        long step = Math.max(1, checkEvery.toNanos());
        if (condition.test(this)) {
            return true;
        }
        while (now < end) {
            runUntilTime(Math.min(end, now + step));
            if (condition.test(this)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #runUntil(Predicate, Duration, Duration)} checking every millisecond. */
    public boolean runUntil(Predicate<SimNetwork> condition, Duration max) {
        return runUntil(condition, max, Duration.ofMillis(1));
    }

    /** Runs {@code action} at {@code now + delay} on the simulation thread, between events. */
    public void schedule(Duration delay, Runnable action) {
        queue.add(now + delay.toNanos(), new Delivery.ActionEvent(action));
    }

    /** Calls {@code observer} after every {@code n}-th event (invariant checks). */
    public void observe(int every, Consumer<SimNetwork> observer) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be >= 1");
        }
        observeEvery = observers.isEmpty() ? every : Math.min(observeEvery, every);
        observers.add(observer);
    }

    public SimStats stats() {
        return stats;
    }

    /** Events waiting in the agenda: datagrams and stream pieces in flight, timers, scheduled actions. */
    public int pendingEvents() {
        return queue.size();
    }

    /**
     * What kind of step is running now: a checker listening to {@link #onEvent} learns whether a
     * node's event comes from its own timer (e.g. a suspicion timing out) or from an input it
     * received. {@link StepKind#NONE} outside a step (e.g. during {@link SimNode#act}).
     */
    public StepKind stepKind() {
        return stepKind;
    }

    /** The kinds of simulation steps ({@link #stepKind()}). */
    public enum StepKind {
        /** Between steps: a command or action of the caller. */
        NONE,
        /** A datagram or stream input reaches a node. */
        INPUT,
        /** A node's timer fires. */
        TIMER,
        /** A paused node resumes. */
        RESUME,
        /** An action scheduled with {@link #schedule}. */
        ACTION
    }

    /** True when the readable trace is kept ({@link Builder#traceLines} above 0). */
    public boolean tracing() {
        return trace.logging();
    }

    /**
     * Adds {@code line} to the readable trace, stamped with the virtual time in nanoseconds, so a
     * test's own actions and observations interleave with the simulator's lines. Does nothing
     * unless {@link #tracing()}; test {@link #tracing()} first to avoid building costly lines.
     */
    public void note(String line) {
        log(null, line);
    }

    /** The running hash of the run so far: equal for two runs with one seed and one script. */
    public long traceHash() {
        return trace.hash();
    }

    /** The last lines of the readable trace (empty unless {@code Builder.traceLines} was set). */
    public List<String> traceLines() {
        return trace.lines();
    }

    void step() {
        SimEvent e = queue.poll();
        now = e.time;
        stats.events++;
        lastTouched = null;
        trace.mix(e.time);
        trace.mix(e.kind());
        stepKind = switch (e.kind()) {
            case 1 -> StepKind.INPUT;
            case 2 -> StepKind.TIMER;
            case 3 -> StepKind.RESUME;
            default -> StepKind.ACTION;
        };
        try {
            try {
                e.fire(this);
            } catch (SimulationException ex) {
                throw ex;
            } catch (RuntimeException | Error ex) {
                throw new SimulationException("seed " + seed + ", t=" + now + "ns: " + ex, ex);
            }
            if (!observers.isEmpty() && stats.events % observeEvery == 0) {
                for (Consumer<SimNetwork> o : observers) {
                    o.accept(this);
                }
            }
        } finally {
            stepKind = StepKind.NONE;
        }
    }

    void log(SimNode node, String what) {
        if (trace.logging()) {
            trace.log(now + " " + (node == null ? "-" : node.name) + " " + what);
        }
    }

    // ---------------------------------------------------------------- delivery (see Delivery)

    void afterInput(SimNode node) {
        delivery.afterInput(node);
    }

    void reschedule(SimNode node) {
        delivery.reschedule(node);
    }

    // ---------------------------------------------------------------- builder

    /** Network settings; every knob has a LAN-like default (0.5 ms ± 0.5 ms, no loss). */
    public static final class Builder {
        private long seed = 1;
        private final NetworkModel model = new NetworkModel(500_000, 500_000, 0, 0, 0, 0);
        private boolean compoundOnly;
        private int streamChunk = Integer.MAX_VALUE;
        private int inboxCapacity = 4096;
        private int traceLines;
        private boolean inputsFirstAfterPause;

        private Builder() {}

        /** The one seed every random draw of the run derives from. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** One-way delay: {@code latency + U[0, jitter)}. */
        public Builder latency(Duration latency, Duration jitter) {
            NetworkModel.checkNonNegative("latency", latency);
            NetworkModel.checkNonNegative("jitter", jitter);
            model.latencyNanos = latency.toNanos();
            model.jitterNanos = jitter.toNanos();
            return this;
        }

        /** Probability that a datagram is lost. */
        public Builder loss(double p) {
            NetworkModel.checkProbability("loss", p);
            model.loss = p;
            return this;
        }

        /** Probability that a datagram is delivered twice (independent delays). */
        public Builder duplication(double p) {
            NetworkModel.checkProbability("duplication", p);
            model.duplicate = p;
            return this;
        }

        /** With probability {@code p} a datagram is held back an extra {@code U[0, extra)}. */
        public Builder reordering(double p, Duration extra) {
            NetworkModel.checkProbability("reordering", p);
            NetworkModel.checkNonNegative("extra", extra);
            model.reorder = p;
            model.reorderDelayNanos = extra.toNanos();
            return this;
        }

        /**
         * Inputs a paused node can hold before datagrams are dropped (a socket buffer). Stream
         * messages are never dropped here (TCP flow control keeps them at the sender).
         */
        public Builder inboxCapacity(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("inboxCapacity must be >= 1, was " + n);
            }
            this.inboxCapacity = n;
            return this;
        }

        /**
         * What a node does first when a pause ends. Default (false): its overdue timers fire
         * first, then it reads the inputs that waited, so a probe whose ack sat in the inbox has
         * already timed out (a stalled process notices expired timeouts at once). True: the
         * inputs first, as if the stall had only delayed the timer thread.
         */
        public Builder inputsFirstAfterPause(boolean on) {
            this.inputsFirstAfterPause = on;
            return this;
        }

        /** Keeps the last {@code n} lines of a readable trace for debugging (0, the default, = none). */
        public Builder traceLines(int n) {
            this.traceLines = Math.max(0, n);
            return this;
        }

        /**
         * True (the default): each node frames datagrams with its real packet codec (compression,
         * CRC, encryption, label), so nodes are tested on bytes. False: the nodes' compound-only
         * mode (no label, CRC, compression or encryption on datagrams), for speed in large runs.
         * Streams always use the real stream codec.
         */
        public Builder realFraming(boolean on) {
            this.compoundOnly = !on;
            return this;
        }

        /**
         * Splits every stream write into pieces of at most {@code bytes}, each a separate input
         * at the receiver (1 = byte by byte, as a peer trickling its message would). Default:
         * one piece per write.
         */
        public Builder streamChunk(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("streamChunk must be >= 1, was " + bytes);
            }
            this.streamChunk = bytes;
            return this;
        }

        public SimNetwork build() {
            return new SimNetwork(this);
        }
    }
}
