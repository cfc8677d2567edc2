package io.memberlist;

/** {@link Memberlist#ping} got no ack within the probe timeout (Go's {@code NoPingResponseError}). */
public final class NoPingResponseException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The node that did not answer. */
    private final String node;

    /** {@code reason} (may be {@code null}) says what went wrong, when known. */
    public NoPingResponseException(String node, String reason) {
        super("no response from node " + node + (reason == null ? "" : ": " + reason));
        this.node = node;
    }

    /** The node that did not answer. */
    public String node() {
        return node;
    }
}
