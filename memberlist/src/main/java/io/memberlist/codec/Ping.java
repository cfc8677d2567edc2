package io.memberlist.codec;

import static io.memberlist.codec.ByteStrings.checkPort;
import static io.memberlist.codec.ByteStrings.checkString;
import static io.memberlist.codec.ByteStrings.checkUint32;

/**
 * {@code ping} (type 0): a probe. {@code node} names the intended target (the receiver ignores a
 * ping for another name); the source fields say where the ack goes. Empty source fields are left
 * out on the wire ({@code omitempty}), so an empty {@code sourceAddr} is stored as {@code null}:
 * that is what the receiver gets back.
 *
 * <p>Equality is by content ({@code byte[]} compared element by element).
 *
 * @param seqNo the prober's sequence number, uint32
 * @param node the target's name, never null ("" when unknown)
 * @param sourceAddr the prober's advertised IP (4 or 16 bytes), or {@code null}
 * @param sourcePort the prober's advertised port, 0 when absent
 * @param sourceNode the prober's name, "" when absent, never null
 */
public record Ping(long seqNo, String node, byte[] sourceAddr, int sourcePort, String sourceNode)
        implements Message {

    public Ping {
        checkUint32(seqNo, "seqNo");
        checkString(node, "node");
        sourceAddr = ByteStrings.nullIfEmpty(sourceAddr);
        checkPort(sourcePort, "sourcePort");
        checkString(sourceNode, "sourceNode");
    }

    /** A ping without source fields (what pre-0.2 peers send; Go peers always fill them). */
    public static Ping of(long seqNo, String node) {
        return new Ping(seqNo, node, null, 0, "");
    }

    @Override
    public int type() {
        return MessageType.PING;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ping p
                && p.seqNo == seqNo
                && p.sourcePort == sourcePort
                && p.node.equals(node)
                && p.sourceNode.equals(sourceNode)
                && ByteStrings.eq(p.sourceAddr, sourceAddr);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(seqNo);
        h = 31 * h + node.hashCode();
        h = 31 * h + ByteStrings.hash(sourceAddr);
        h = 31 * h + sourcePort;
        return 31 * h + sourceNode.hashCode();
    }

    @Override
    public String toString() {
        return "Ping[seqNo=" + seqNo + ", node=" + node + ", sourceAddr="
                + ByteStrings.hex(sourceAddr) + ", sourcePort=" + sourcePort + ", sourceNode="
                + sourceNode + "]";
    }
}
