package io.memberlist.codec;

import java.util.Objects;

/**
 * {@code userMsg} (type 8): application bytes, never null (possibly empty). On UDP the payload
 * follows the type byte raw; on a stream it is preceded by a {@code userMsgHeader} carrying its
 * length. Equality is by content.
 */
public record UserMessage(byte[] payload) implements Message {

    public UserMessage {
        Objects.requireNonNull(payload, "payload must not be null");
    }

    @Override
    public int type() {
        return MessageType.USER;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserMessage u && ByteStrings.eq(u.payload, payload);
    }

    @Override
    public int hashCode() {
        return ByteStrings.hash(payload);
    }

    @Override
    public String toString() {
        return "UserMessage[payload=" + ByteStrings.hex(payload) + "]";
    }
}
