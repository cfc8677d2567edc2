package io.memberlist;

/**
 * {@link Memberlist#leave} or {@link Memberlist#updateNode} gave up waiting: the broadcast was not
 * fully sent within the timeout (Go returns "timeout waiting for leave broadcast" or "... update
 * broadcast"). The change itself stands: the node is leaving, or has its new metadata, and gossip
 * keeps spreading it until {@link Memberlist#shutdown}; only the wait ended early.
 */
public final class BroadcastTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BroadcastTimeoutException(String message) {
        super(message);
    }
}
