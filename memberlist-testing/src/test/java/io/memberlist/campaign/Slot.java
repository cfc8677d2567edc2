package io.memberlist.campaign;

import io.memberlist.testing.SimNode;

/**
 * One member name of the cluster and the process currently running under it: the simulated host,
 * the application and the metrics of that process, and whether it is down (crashed, or left and
 * shut down) or on its way out. {@code generation} changes with every crash, leave and restart,
 * so that a step planned for one process (a restart, a join retry) does nothing to a later one.
 */
final class Slot {
    final int index;
    final String name;
    SimNode node;
    CampaignApp app;
    boolean down;
    boolean leaving;
    int generation;
    int processes;
    /** The open disturbance of the current host while it is down or leaving, else null. */
    Disturbances.Interval downInterval;

    Slot(int index, String name) {
        this.index = index;
        this.name = name;
    }

    /** Runs a process that has not begun to leave. */
    boolean running() {
        return !down && !leaving && node.hasEngine();
    }

    /** Running and not paused: its application can act (publish, send, update its metadata). */
    boolean usable() {
        return running() && !node.isPaused();
    }
}
