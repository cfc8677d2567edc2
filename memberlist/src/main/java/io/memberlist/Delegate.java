package io.memberlist;

import java.util.List;

/**
 * The application's hooks into the gossip: metadata, user messages, user broadcasts and user
 * state exchanged in push/pull (Go's {@code Delegate}).
 *
 * <p>Threads: every method except {@link #notifyMessage} is called on the node's protocol thread,
 * synchronously, because the protocol needs the answer; they must be fast and must not block.
 * They may read the node ({@link Memberlist#members}, {@link Memberlist#numMembers},
 * {@link Memberlist#localNode}, {@link Memberlist#healthScore} answer at once there, e.g. for a
 * {@link BroadcastQueue}'s size), but not call its other blocking methods (they throw on the
 * protocol thread; their async forms work). {@link #notifyMessage} only observes and is called
 * on the node's event executor, in the order messages were received, never concurrently with
 * itself.
 *
 * <p>Buffers: arrays returned to the library are owned by the library from then on (do not
 * modify them afterwards); arrays passed to the application are the application's to keep.
 */
public interface Delegate {

    /**
     * Metadata to advertise in this node's alive messages. Called at start and on
     * {@code updateMeta}. Protocol thread, must be fast.
     *
     * @param limit the largest allowed length (512); a longer result fails the start/update
     * @return the metadata, or an empty array / {@code null} for none
     */
    default byte[] nodeMeta(int limit) {
        return new byte[0];
    }

    /**
     * A user message arrived (best-effort over UDP, or reliable over a stream). Event executor,
     * may block (but delays later events).
     *
     * @param message the payload, owned by the application
     */
    default void notifyMessage(byte[] message) {}

    /**
     * User broadcasts to piggyback on a protocol packet. Protocol thread, must be fast.
     * Each returned payload costs {@code len + overhead} bytes, and the total must not exceed
     * {@code limit}; {@link BroadcastQueue#getBroadcasts} does exactly this.
     *
     * @return payloads to send (each gets a user-message type byte in front), or an empty list
     */
    default List<byte[]> getBroadcasts(int overhead, int limit) {
        return List.of();
    }

    /**
     * This node's application state to send in a push/pull exchange. Protocol thread, must be
     * fast (it runs once per push/pull, every {@code pushPullInterval} and on joins).
     *
     * @param join true when the exchange is a join
     */
    default byte[] localState(boolean join) {
        return new byte[0];
    }

    /**
     * The remote side's application state from a push/pull, after its member list was merged.
     * Protocol thread, must be fast. Not called when the remote state is empty.
     */
    default void mergeRemoteState(byte[] state, boolean join) {}
}
