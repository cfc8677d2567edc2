package io.memberlist.codec;

import static io.memberlist.codec.ByteStrings.checkString;
import static io.memberlist.codec.ByteStrings.checkUint32;

/**
 * {@code dead} (type 5): {@code from} declares {@code node} dead at {@code incarnation}. When
 * {@code from} equals {@code node} this is a graceful leave.
 */
public record Dead(long incarnation, String node, String from) implements Message {

    public Dead {
        checkUint32(incarnation, "incarnation");
        checkString(node, "node");
        checkString(from, "from");
    }

    /** The message a node broadcasts when it leaves: {@code from == node}. */
    public static Dead leave(long incarnation, String node) {
        return new Dead(incarnation, node, node);
    }

    @Override
    public int type() {
        return MessageType.DEAD;
    }

    /** True when the node announces its own departure. */
    public boolean isLeave() {
        return node.equals(from);
    }
}
