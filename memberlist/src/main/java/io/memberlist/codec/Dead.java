package io.memberlist.codec;

/**
 * {@code dead} (type 5): {@code from} declares {@code node} dead at {@code incarnation}. When
 * {@code from} equals {@code node} this is a graceful leave.
 */
public record Dead(long incarnation, String node, String from) implements Message {
    @Override
    public int type() {
        return MessageType.DEAD;
    }

    /** True when the node announces its own departure. */
    public boolean isLeave() {
        return node.equals(from);
    }
}
