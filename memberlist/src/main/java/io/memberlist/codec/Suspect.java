package io.memberlist.codec;

import static io.memberlist.codec.ByteStrings.checkString;
import static io.memberlist.codec.ByteStrings.checkUint32;

/** {@code suspect} (type 3): {@code from} suspects {@code node} at {@code incarnation}. */
public record Suspect(long incarnation, String node, String from) implements Message {

    public Suspect {
        checkUint32(incarnation, "incarnation");
        checkString(node, "node");
        checkString(from, "from");
    }

    @Override
    public int type() {
        return MessageType.SUSPECT;
    }
}
