package io.memberlist;

/** {@link Memberlist#ping} got no ack within the probe timeout (Go's {@code NoPingResponseError}). */
public final class NoPingResponseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String node;

    public NoPingResponseException(String node, String reason) {
        super("no response from node " + node + (reason == null ? "" : ": " + reason));
        this.node = node;
    }

    public String node() {
        return node;
    }
}
