package io.memberlist.codec;

/** {@code nackResp} (type 11): a helper could not reach the target of an indirect ping. */
public record NackResp(long seqNo) implements Message {
    @Override
    public int type() {
        return MessageType.NACK_RESP;
    }
}
