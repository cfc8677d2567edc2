package io.memberlist.testing;

import io.memberlist.core.Endpoint;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * One simulated member: a name, a synthetic address ({@code 10.x.y.z:7946}) and the engine that
 * currently runs there. A crash throws the engine away; a restart puts a fresh one at the same
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
    int pauseToken;
    final ArrayDeque<NodeInput> inbox = new ArrayDeque<>();
    int maxInbox;
    SimProcess process;
    /** Outbound streams waiting for a reply or failure, by the engine's stream id. */
    final Map<Long, Long> pendingStreams = new HashMap<>();
    long timerDeadline = Long.MAX_VALUE;
    long timerFiresAtSameInstant;
    long lastTimerFire = Long.MIN_VALUE;
    int restarts;

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

    @Override
    public String toString() {
        return name + "@" + endpoint + "(" + status + ")";
    }
}
