package io.memberlist.testing;

/**
 * Sees every protocol message (one leaf, after compound splitting and framing) as it is handed to
 * an engine: for debugging which message is slow to spread, or to count message kinds. Decode
 * a leaf with {@code Messages.decodePacket(leaf)}; do not modify it.
 */
@FunctionalInterface
public interface PacketTap {
    void delivered(long nowNanos, SimNode from, SimNode to, byte[] leaf);
}
