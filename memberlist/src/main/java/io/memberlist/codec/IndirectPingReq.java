package io.memberlist.codec;

import static io.memberlist.codec.ByteStrings.checkPort;
import static io.memberlist.codec.ByteStrings.checkString;
import static io.memberlist.codec.ByteStrings.checkUint32;

/**
 * {@code indirectPingReq} (type 1): asks a helper to probe {@code node} at {@code target:port}
 * and relay the answer to the original prober, echoing the prober's {@code seqNo}.
 *
 * <p>{@code target} is not {@code omitempty} ({@code null} is sent as nil, empty as an empty
 * string); {@code sourceAddr} is, so an empty one is stored as {@code null}. Equality is by
 * content.
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

    public IndirectPingReq {
        checkUint32(seqNo, "seqNo");
        checkPort(port, "port");
        checkString(node, "node");
        sourceAddr = ByteStrings.nullIfEmpty(sourceAddr);
        checkPort(sourcePort, "sourcePort");
        checkString(sourceNode, "sourceNode");
    }

    @Override
    public int type() {
        return MessageType.INDIRECT_PING;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndirectPingReq p
                && p.seqNo == seqNo
                && p.port == port
                && p.nack == nack
                && p.sourcePort == sourcePort
                && p.node.equals(node)
                && p.sourceNode.equals(sourceNode)
                && ByteStrings.eq(p.target, target)
                && ByteStrings.eq(p.sourceAddr, sourceAddr);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(seqNo);
        h = 31 * h + ByteStrings.hash(target);
        h = 31 * h + port;
        h = 31 * h + node.hashCode();
        h = 31 * h + Boolean.hashCode(nack);
        h = 31 * h + ByteStrings.hash(sourceAddr);
        h = 31 * h + sourcePort;
        return 31 * h + sourceNode.hashCode();
    }

    @Override
    public String toString() {
        return "IndirectPingReq[seqNo=" + seqNo + ", target=" + ByteStrings.hex(target)
                + ", port=" + port + ", node=" + node + ", nack=" + nack + ", sourceAddr="
                + ByteStrings.hex(sourceAddr) + ", sourcePort=" + sourcePort + ", sourceNode="
                + sourceNode + "]";
    }
}
