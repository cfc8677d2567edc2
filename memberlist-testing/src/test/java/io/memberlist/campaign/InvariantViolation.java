package io.memberlist.campaign;

/** A checker found its invariant broken: which one, when (virtual time) and what it saw. */
final class InvariantViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String checker;
    final long atNanos;
    final String detail;

    InvariantViolation(String checker, long atNanos, String detail) {
        super(checker + " at " + atNanos / 1_000_000 + " ms: " + detail, null, false, false);
        this.checker = checker;
        this.atNanos = atNanos;
        this.detail = detail;
    }
}
