package io.memberlist.codec;

import static io.memberlist.codec.ByteStrings.checkUint32;

/**
 * {@code ackResp} (type 2): answers a ping. {@code payload} is {@code null} (written as msgpack
 * nil) for relayed and TCP acks; an empty array is written as an empty string, so the two stay
 * distinct. Equality is by content.
 */
public record AckResp(long seqNo, byte[] payload) implements Message {

    public AckResp {
        checkUint32(seqNo, "seqNo");
    }

    /** An ack without payload (relayed and TCP acks). */
    public static AckResp of(long seqNo) {
        return new AckResp(seqNo, null);
    }

    @Override
    public int type() {
        return MessageType.ACK_RESP;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AckResp a && a.seqNo == seqNo && ByteStrings.eq(a.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(seqNo) + ByteStrings.hash(payload);
    }

    @Override
    public String toString() {
        return "AckResp[seqNo=" + seqNo + ", payload=" + ByteStrings.hex(payload) + "]";
    }
}
