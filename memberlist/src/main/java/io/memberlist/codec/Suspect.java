package io.memberlist.codec;

/** {@code suspect} (type 3): {@code from} suspects {@code node} at {@code incarnation}. */
public record Suspect(long incarnation, String node, String from) implements Message {
    @Override
    public int type() {
        return MessageType.SUSPECT;
    }
}
