package io.memberlist.codec;

/** {@code nackResp} (type 11): a helper could not reach the target of an indirect ping. */
public record NackResp(long seqNo) implements Message {

    public NackResp {
        ByteStrings.checkUint32(seqNo, "seqNo");
    }

    @Override
    public int type() {
        return MessageType.NACK_RESP;
    }
}
