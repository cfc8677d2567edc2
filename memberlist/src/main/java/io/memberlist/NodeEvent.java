package io.memberlist;

import java.util.Objects;

/**
 * One membership change, as {@link EventQueueListener} queues it (Go's {@code NodeEvent}).
 *
 * @param type what happened
 * @param member the member's snapshot at that moment
 */
public record NodeEvent(Type type, Member member) {
    /** The kinds of change, one per {@link EventListener} method. */
    public enum Type {
        /** {@link EventListener#notifyJoin}. */
        JOIN,
        /** {@link EventListener#notifyLeave}: dead or left (see {@link Member#state()}). */
        LEAVE,
        /** {@link EventListener#notifyUpdate}: new metadata. */
        UPDATE,
        /** {@link EventListener#notifyLateLeave}: a member reported dead had left (state LEFT). */
        LATE_LEAVE,
        /** {@link EventListener#notifyFenced}: this node fenced itself off (the member is itself). */
        FENCE
    }

    public NodeEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(member, "member");
    }
}
