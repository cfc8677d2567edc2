package io.memberlist.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Expands compound (7) and compress (9) messages, recursively, into the flat list of leaf
 * messages a packet carries (PROTOCOL.md §4.1 step 4, §4.5).
 *
 * <p>Failures are per message, as in Go's {@code handleCommand}: a broken part is counted and
 * its error kept, its siblings still get through. Two bounds Go lacks keep hostile packets
 * cheap: nesting deeper than {@link #MAX_DEPTH} containers is dropped, and all decompressions
 * of one packet share one {@link Limits#MAX_DECOMPRESSED_BYTES} budget (Go caps each one; Go
 * senders never nest compress messages, so no real peer reaches either bound).
 *
 * <p>Everything that is neither compound nor compress is a leaf, including types that are
 * invalid here (a CRC or label header inside a compound, an encrypt message): the dispatcher
 * above treats those as unknown types, not this layer.
 */
final class PacketSplitter {
    /** Containers (compound or compress) allowed inside each other, the outermost counting 1. */
    static final int MAX_DEPTH = 4;

    final List<byte[]> leaves = new ArrayList<>();
    final List<CodecException> problems = new ArrayList<>();
    int dropped;
    private int budget = Limits.MAX_DECOMPRESSED_BYTES;

    void split(byte[] msg, int depth) {
        if (msg.length == 0) {
            drop(1, CodecException.malformed("packet: empty message (missing message type byte)"));
            return;
        }
        int type = msg[0] & 0xff;
        if (type != MessageType.COMPOUND && type != MessageType.COMPRESS) {
            leaves.add(msg);
            return;
        }
        if (depth >= MAX_DEPTH) {
            drop(1, CodecException.overLimit("packet: containers nested deeper than " + MAX_DEPTH));
            return;
        }
        try {
            if (type == MessageType.COMPOUND) {
                Compound.Parts parts = Compound.decode(msg, 0, msg.length);
                for (byte[] part : parts.parts()) {
                    split(part, depth + 1);
                }
                if (parts.truncated() > 0) {
                    drop(parts.truncated(), CodecException.truncated(
                            "packet: " + parts.truncated() + " compound parts cut off"));
                }
                if (parts.empty() > 0) {
                    drop(parts.empty(), CodecException.malformed(
                            "packet: " + parts.empty() + " empty compound parts"));
                }
            } else {
                byte[] inner = Compression.decode(msg, 0, msg.length, budget).message();
                budget -= inner.length;
                split(inner, depth + 1);
            }
        } catch (CodecException e) {
            drop(1, e);
        }
    }

    private void drop(int count, CodecException why) {
        dropped += count;
        problems.add(why);
    }

    static byte[] copy(byte[] buf, int off, int len) {
        return Arrays.copyOfRange(buf, off, off + len);
    }
}
