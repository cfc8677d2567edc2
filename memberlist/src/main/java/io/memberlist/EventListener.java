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
}
