package io.memberlist.core;

import io.memberlist.Member;

/**
 * Something the application observes. The driver delivers events in the order the engine emitted
 * them, off the engine's thread, to {@link io.memberlist.EventListener},
 * {@link io.memberlist.Delegate#notifyMessage} and {@link io.memberlist.PingDelegate}.
 */
public sealed interface MemberEvent {
    /** A member became alive after being unknown, dead or left. */
    record Joined(Member member) implements MemberEvent {}

    /** A member was declared dead, or left. */
    record Left(Member member) implements MemberEvent {}

    /**
     * Not in Go. A member already reported by {@link Left} as dead has left: its own leave
     * arrived after this node declared it dead. {@code member} is in state LEFT.
     */
    record LateLeave(Member member) implements MemberEvent {}

    /** An alive member's metadata changed. */
    record Updated(Member member) implements MemberEvent {}

    /**
     * This node fenced itself off ({@code Config.selfFenceRefutations}): it left the cluster on
     * its own and tries to rejoin after {@code rejoinTrialInNanos}; also sent again, with the next
     * backoff, when a rejoin trial fails. {@code self} is this node, left.
     */
    record Fenced(Member self, long rejoinTrialInNanos) implements MemberEvent {}

    /** A user message arrived (UDP or stream). */
    record UserMessageReceived(byte[] payload) implements MemberEvent {}

    /** A direct UDP probe was acked; for {@link io.memberlist.PingDelegate#notifyPingComplete}. */
    record PingCompleted(Member member, long rttNanos, byte[] payload) implements MemberEvent {}
}
