package io.memberlist.codec;

/**
 * {@code indirectPingReq} (type 1): asks a helper to probe {@code node} at {@code target:port}
 * and relay the answer to the original prober, echoing the prober's {@code seqNo}.
 */
public record IndirectPingReq(
        long seqNo,
        byte[] target,
        int port,
        String node,
        boolean nack,
        byte[] sourceAddr,
        int sourcePort,
        String sourceNode)
        implements Message {
    @Override
    public int type() {
        return MessageType.INDIRECT_PING;
    }
}
