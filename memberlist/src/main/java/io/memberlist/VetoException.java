package io.memberlist;

/**
 * Thrown by a {@link MergeDelegate} or {@link AliveDelegate} to refuse what it was shown. The
 * message is logged and, for a join, reported to the joiner as the failure reason.
 */
public class VetoException extends Exception {
    private static final long serialVersionUID = 1L;

    /** {@code reason} is what the refused party is told. */
    public VetoException(String reason) {
        super(reason);
    }
}
