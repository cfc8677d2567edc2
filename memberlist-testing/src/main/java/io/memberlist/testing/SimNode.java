package io.memberlist.testing;

import io.memberlist.Config;
import io.memberlist.Member;
import io.memberlist.Endpoint;
import io.memberlist.core.Engine;
import io.memberlist.node.Node;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated member: a name, a synthetic address ({@code 10.x.y.z:7946}) and the production
 * {@link Node} (with its engine) that currently runs there. A crash throws the engine away; a restart puts a fresh one at the same
 * name and address.
 */
public final class SimNode {
    /** What the node is doing. */
    public enum Status { RUNNING, PAUSED, CRASHED }

    final SimNetwork sim;
    final int index;
    final String name;
    final Endpoint endpoint;

    int epoch;
    Status status = Status.RUNNING;
    long pausedUntil;
    long slowUntil;
    long slowDelayNanos;
    int pauseToken;
    final ArrayDeque<NodeInput> inbox = new ArrayDeque<>();
    int maxInbox;
    SimHost host;
    /** Open streams of this host, by its own stream id. */
    final Map<Long, SimStream> streams = new HashMap<>();
    long timerDeadline = Long.MAX_VALUE;
    long timerFiresAtSameInstant;
    long lastTimerFire = Long.MIN_VALUE;
    int restarts;
    Config config;
    boolean left;
    /**
     * True while the node is crashed but its host is up ({@link SimNetwork#crashProcess}): a
     * connection to its address is refused (a TCP reset) instead of going unanswered.
     */
    boolean hostUp;
    /** Extra loss of every datagram sent or received by this node ({@link SimNetwork#setNodeLoss}). */
    double loss;

    SimNode(SimNetwork sim, int index, String name, Endpoint endpoint) {
        this.sim = sim;
        this.index = index;
        this.name = name;
        this.endpoint = endpoint;
    }

    public String name() {
        return name;
    }

    /** The node's advertised address: {@code 10.x.y.z:7946}. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** Index in creation order, from 0; stable across restarts. */
    public int index() {
        return index;
    }

    public Status status() {
        return status;
    }

    public boolean isCrashed() {
        return status == Status.CRASHED;
    }

    public boolean isPaused() {
        return status == Status.PAUSED;
    }

    /** How many times the node was restarted. */
    public int restarts() {
        return restarts;
    }

    /** The largest number of inputs that waited in this node's inbox during a pause. */
    public int maxInboxSize() {
        return maxInbox;
    }

    /** The configuration the node's engine runs with (name and address filled in). */
    public Config config() {
        return config;
    }

    /**
     * The engine running on this node now (a new one after each restart).
     *
     * @throws IllegalStateException when the node is crashed or runs no engine
     */
    public Engine engine() {
        return node().engine();
    }

    /**
     * The production node running here now (framing, streams, limits around the engine).
     *
     * @throws IllegalStateException when the node is crashed or runs no node
     */
    public Node node() {
        if (host instanceof NodeHost h) {
            return h.node;
        }
        throw new IllegalStateException(name + " runs no node (" + status + ")");
    }

    /** True when a node runs here (not crashed). */
    public boolean hasEngine() {
        return host instanceof NodeHost;
    }

    /** The members this node's engine reports now ({@link Engine#members()}). */
    public List<Member> members() {
        return engine().members();
    }

    /** This node as its own engine sees itself. */
    public Member localMember() {
        return engine().localMember();
    }

    /** True after {@link SimNetwork#leave} was called on this engine (until a restart). */
    public boolean hasLeft() {
        return left;
    }

    /**
     * Runs a command on this node's engine at the current virtual time, e.g.
     * {@code node.act((engine, now) -> engine.sendBestEffort(now, "b", bytes))}; afterwards the
     * simulator re-reads the engine's next deadline and hands out its events.
     */
    public <T> T act(EngineAction<T> action) {
        T result = node().command(sim.nowNanos(), action::run);
        sim.afterInput(this);
        return result;
    }

    /** A command run on an engine at virtual time {@code now}. */
    @FunctionalInterface
    public interface EngineAction<T> {
        T run(Engine engine, long now);
    }

    @Override
    public String toString() {
        return name + "@" + endpoint + "(" + status + ")";
    }
}
