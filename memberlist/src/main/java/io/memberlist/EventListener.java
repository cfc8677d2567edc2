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

    /**
     * A member was declared dead, or left ({@link Member#state()} tells which). Once per
     * departure: joins and leaves of a member alternate.
     */
    default void notifyLeave(Member member) {}

    /**
     * Not in Go ({@link Config#checkAccusations()}). A member already reported dead by
     * {@link #notifyLeave} has in fact left gracefully: its own leave reached this node only
     * after this node declared it dead (the leave was lost or slow, and its process was found gone
     * first). {@code member} is in state {@link MemberState#LEFT}. Go keeps such a member failed.
     * An application that treats failed and left members differently (reconnecting to the first,
     * forgetting the second) moves it from one to the other here; one that only tracks who is
     * alive can ignore it, since {@link #notifyLeave} is not called again.
     */
    default void notifyLateLeave(Member member) {}

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
