package io.memberlist;

/**
 * Observes membership changes (Go's {@code EventDelegate}).
 *
 * <p>Threads: called on the node's event executor, in the order the protocol thread produced the
 * events, never concurrently. May block, but a slow listener delays later events (never the
 * protocol). The {@link Member} arguments are immutable snapshots. To poll for events instead,
 * use {@link EventQueueListener}.
 */
public interface EventListener {
    /** A member became alive after being unknown, dead or left (includes this node at start). */
    default void notifyJoin(Member member) {}

    /** A member was declared dead, or left. */
    default void notifyLeave(Member member) {}

    /** An alive member changed its metadata. */
    default void notifyUpdate(Member member) {}

    /**
     * Not in Go. This node fenced itself off ({@link Config#selfFenceRefutations()}): it had to
     * refute too many accusations, concluded that its own network is broken and left the cluster
     * ({@link #notifyLeave} for itself came just before). It tries to rejoin after
     * {@code rejoinTrialIn} ({@link #notifyJoin} for itself when it is back); called again, with
     * the next wait, when a rejoin trial fails.
     *
     * @param self this node, in state {@link MemberState#LEFT}
     */
    default void notifyFenced(Member self, java.time.Duration rejoinTrialIn) {}
}
