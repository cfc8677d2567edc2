package io.memberlist.codec;

/**
 * {@code ping} (type 0): a probe. {@code node} names the intended target (the receiver ignores a
 * ping for another name); the source fields say where the ack goes. Empty source fields are left
 * out on the wire ({@code omitempty}).
 *
 * @param seqNo the prober's sequence number, uint32
 * @param node the target's name
 * @param sourceAddr the prober's advertised IP (4 or 16 bytes), or {@code null}
 * @param sourcePort the prober's advertised port, 0 when absent
 * @param sourceNode the prober's name, "" when absent
 */
public record Ping(long seqNo, String node, byte[] sourceAddr, int sourcePort, String sourceNode)
        implements Message {
    @Override
    public int type() {
        return MessageType.PING;
    }
}
