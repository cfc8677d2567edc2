package io.memberlist.codec;

/**
 * {@code ackResp} (type 2): answers a ping. {@code payload} is {@code null} (written as msgpack
 * nil) for relayed and TCP acks.
 */
public record AckResp(long seqNo, byte[] payload) implements Message {
    @Override
    public int type() {
        return MessageType.ACK_RESP;
    }
}
