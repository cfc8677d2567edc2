package io.memberlist.codec;

/**
 * {@code userMsg} (type 8): application bytes. On UDP the payload follows the type byte raw; on a
 * stream it is preceded by a {@code userMsgHeader} carrying its length.
 */
public record UserMessage(byte[] payload) implements Message {
    @Override
    public int type() {
        return MessageType.USER;
    }
}
