package io.memberlist.codec;

import java.util.List;

/**
 * {@code pushPullMsg} (type 6, streams only): the sender's whole member list and its user state.
 * On the wire: the header {@code {Join, Nodes, UserStateLen}}, then {@code Nodes} node states,
 * then {@code UserStateLen} raw bytes.
 *
 * <p>An empty user state is stored as {@code null}: both are sent as {@code UserStateLen = 0} and
 * come back as {@code null}. Equality is by content.
 *
 * @param join true for a join, false for periodic anti-entropy
 * @param states every entry of the sender's member list (copied, unmodifiable, no nulls)
 * @param userState the delegate's local state, {@code null} when there is none
 */
public record PushPull(boolean join, List<PushNodeState> states, byte[] userState)
        implements Message {

    public PushPull {
        states = List.copyOf(states);
        userState = ByteStrings.nullIfEmpty(userState);
    }

    /** A push/pull without user state. */
    public static PushPull of(boolean join, List<PushNodeState> states) {
        return new PushPull(join, states, null);
    }

    @Override
    public int type() {
        return MessageType.PUSH_PULL;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PushPull p
                && p.join == join
                && p.states.equals(states)
                && ByteStrings.eq(p.userState, userState);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Boolean.hashCode(join) + states.hashCode()) + ByteStrings.hash(userState);
    }

    @Override
    public String toString() {
        return "PushPull[join=" + join + ", states=" + states + ", userState="
                + ByteStrings.hex(userState) + "]";
    }
}
