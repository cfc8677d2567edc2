package io.memberlist.campaign;

import io.memberlist.testing.SimNode;

/**
 * One process: a simulated host ({@code SimNode.index()}) and how many times it was restarted.
 * A restart at the same address starts a new process with a fresh view, so per-view records are
 * keyed by process, never by name or address.
 */
record ProcessKey(int host, int restarts) {
    static ProcessKey of(SimNode n) {
        return new ProcessKey(n.index(), n.restarts());
    }

    /** True when {@code n} still runs this process (not crashed, not restarted since). */
    boolean isRunningOn(SimNode n) {
        return n.index() == host && n.restarts() == restarts && n.hasEngine();
    }
}
