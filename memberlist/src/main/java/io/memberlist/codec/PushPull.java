package io.memberlist.codec;

import java.util.List;

/**
 * {@code pushPullMsg} (type 6, streams only): the sender's whole member list and its user state.
 * On the wire: the header {@code {Join, Nodes, UserStateLen}}, then {@code Nodes} node states,
 * then {@code UserStateLen} raw bytes.
 *
 * @param join true for a join, false for periodic anti-entropy
 * @param states every entry of the sender's member list
 * @param userState the delegate's local state, {@code null} or empty when there is none
 */
public record PushPull(boolean join, List<PushNodeState> states, byte[] userState)
        implements Message {
    public PushPull {
        states = List.copyOf(states);
    }

    @Override
    public int type() {
        return MessageType.PUSH_PULL;
    }
}
