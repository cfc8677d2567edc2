package io.memberlist.core;

import io.memberlist.MemberState;

/**
 * The membership precedence rules of PROTOCOL.md §9 as pure functions, so each is a table test.
 * Incarnations are uint32 values held in a {@code long}; they are compared as plain numbers, as Go
 * does (no wrap-around arithmetic).
 */
final class StateRules {
    private StateRules() {}

    /** What to do with an alive message that passed the version, delegate and address checks. */
    enum AliveOutcome {
        /** Stale or a repeat: drop it. */
        IGNORE,
        /** Store it, re-broadcast it, tell the application. */
        APPLY,
        /** It is about us and disagrees with us: broadcast a higher incarnation. */
        REFUTE
    }

    /**
     * Version sanity of an alive message (§8.3): with at least 3 entries, PMin and PMax must be
     * non-zero and PMin ≤ PMax. PCur is not checked; shorter vectors pass.
     */
    static boolean versionSane(byte[] vsn) {
        if (vsn == null || vsn.length < 3) {
            return true;
        }
        int pMin = vsn[0] & 0xFF;
        int pMax = vsn[1] & 0xFF;
        return pMin != 0 && pMax != 0 && pMin <= pMax;
    }

    /**
     * May a known name move to a new address (§9.2 step 5)? Only after it left, or after it has
     * been dead for longer than {@code deadNodeReclaim} (0 = never).
     */
    static boolean addressChangeAllowed(MemberState stored, long sinceStateChangeNanos,
            long deadNodeReclaimNanos) {
        if (stored == MemberState.LEFT) {
            return true;
        }
        return stored == MemberState.DEAD && deadNodeReclaimNanos > 0
                && sinceStateChangeNanos > deadNodeReclaimNanos;
    }

    /**
     * Steps 6 and 8 of §9.2: does an alive message override the stored record?
     *
     * @param local the message is about this node
     * @param bootstrap the message is this node's own start or meta update
     * @param updatesNode an allowed address change (always applies for a remote node)
     * @param sameAsLocal incarnation, meta and version vector equal the local record's
     */
    static AliveOutcome alive(boolean local, boolean bootstrap, long storedInc, long msgInc,
            boolean updatesNode, boolean sameAsLocal) {
        if (!local) {
            return msgInc > storedInc || updatesNode ? AliveOutcome.APPLY : AliveOutcome.IGNORE;
        }
        if (msgInc < storedInc) {
            return AliveOutcome.IGNORE;
        }
        if (bootstrap) {
            return AliveOutcome.APPLY;
        }
        return sameAsLocal ? AliveOutcome.IGNORE : AliveOutcome.REFUTE;
    }

    /**
     * The incarnation a refutation uses: the next local one, or one past the accusation if that
     * is already as high (§9.5).
     */
    static long refutationIncarnation(long currentLocal, long accused) {
        long next = (currentLocal + 1) & 0xFFFFFFFFL;
        return accused >= next ? (accused + 1) & 0xFFFFFFFFL : next;
    }

    /** How a push/pull entry in state {@code remoteState} is applied locally (§9.6). */
    enum MergeAs {
        ALIVE, DEAD_LEAVE, SUSPECT, IGNORE
    }

    static MergeAs mergeAs(int remoteState) {
        return switch (remoteState) {
            case 0 -> MergeAs.ALIVE;
            case 3 -> MergeAs.DEAD_LEAVE;
            case 1, 2 -> MergeAs.SUSPECT;
            default -> MergeAs.IGNORE;
        };
    }
}
