package io.memberlist;

/**
 * The state of a member as this node knows it (PROTOCOL.md §9.1). The wire codes are those of
 * Go's {@code NodeStateType}: alive 0, suspect 1, dead 2, left 3.
 */
public enum MemberState {
    /** Answers probes, directly or through helpers. */
    ALIVE(0),
    /** Missed a probe; will be declared dead unless it refutes before its suspicion times out. */
    SUSPECT(1),
    /** Declared dead by another member after a suspicion timed out. */
    DEAD(2),
    /** Announced its own departure. */
    LEFT(3);

    private final int code;

    MemberState(int code) {
        this.code = code;
    }

    /** The wire code used in push/pull node states. */
    public int code() {
        return code;
    }

    /** The state for a wire code, or {@code null} for a code this version does not know. */
    public static MemberState fromCode(int code) {
        return switch (code) {
            case 0 -> ALIVE;
            case 1 -> SUSPECT;
            case 2 -> DEAD;
            case 3 -> LEFT;
            default -> null;
        };
    }

    /** Dead or left: not counted by {@code members()}, not probed. */
    public boolean isDeadOrLeft() {
        return this == DEAD || this == LEFT;
    }
}
