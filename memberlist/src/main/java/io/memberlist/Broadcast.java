package io.memberlist;

/**
 * Something to gossip, held by a {@link BroadcastQueue} until it has been sent often enough
 * (Go's {@code Broadcast}).
 *
 * <p>Called on whichever thread uses the queue (for the library's own queue: the protocol
 * thread): {@link #invalidates} under the queue's lock, {@link #finished()} after it is released,
 * by the call that retired the broadcast. Both must be fast and must not block.
 */
public interface Broadcast {
    /** The bytes to send; the same array on every call, never modified. */
    byte[] message();

    /**
     * True when queueing this broadcast makes {@code other} pointless (e.g. a newer version of the
     * same fact). Only asked of broadcasts that are neither {@link NamedBroadcast} nor
     * {@link UniqueBroadcast}, about queued entries of the same kind.
     */
    default boolean invalidates(Broadcast other) {
        return false;
    }

    /** Called once, when the broadcast is invalidated, pruned, or sent its last time. */
    default void finished() {}
}
