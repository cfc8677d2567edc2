package io.memberlist.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Expands the body of a datagram into its leaf messages and decodes each one (PROTOCOL.md §4.1
 * step 4, §4.5), keeping what a legitimate sender can produce and dropping the rest, each drop
 * with its {@link DropReason} and the number of leaves it cost.
 *
 * <p>Failures are per message, as in Go's {@code handleCommand}: a broken part is dropped and
 * counted, its siblings still get through. What a legitimate peer sends (Go v0.2.2 to v0.7.0,
 * and this library) has one shape: the payload is a single message or one compound of at most
 * 255 messages, and the sender may wrap that payload, once, in a compress message. So:
 *
 * <ul>
 *   <li>a compress message is accepted only as the whole body, and decompresses to at most
 *       {@link Limits#MAX_PACKET_DECOMPRESSED_BYTES};
 *   <li>a compound is accepted as the whole body or as the whole decompressed body, never
 *       inside another compound (so at most {@link Limits#MAX_PACKET_LEAVES} leaves);
 *   <li>at most {@link Limits#MAX_PACKET_REQUESTS} ping or indirect ping per datagram: a sender
 *       puts its direct message first and only gossip (alive, suspect, dead, user) after it.
 * </ul>
 *
 * Anything beyond is {@link DropReason#OVER_LIMIT}. Together these bound the work of one
 * datagram (one LZW pass over at most 64 KiB of output, at most 255 msgpack decodes) and the
 * replies it can cause (one).
 *
 * <p>Everything that is neither compound nor compress is a leaf and is decoded here with
 * {@link Messages#decodePacket}; a type not valid in a packet (a CRC or label header inside a
 * compound, an encrypt or push/pull message) is {@link DropReason#UNKNOWN_TYPE}.
 */
final class PacketSplitter {
    final List<byte[]> leaves = new ArrayList<>();
    final List<Message> decoded = new ArrayList<>();
    final List<PacketCodec.Drop> drops = new ArrayList<>();
    private int requests;

    /** Splits a whole datagram body (after label, encryption and CRC). */
    void split(byte[] body) {
        int type = body[0] & 0xff;
        if (type == MessageType.COMPRESS) {
            byte[] inner;
            try {
                inner = Compression.decode(body, 0, body.length,
                        Limits.MAX_PACKET_DECOMPRESSED_BYTES).message();
            } catch (CodecException e) {
                drop(1, e.kind() == CodecException.Kind.OVER_LIMIT ? DropReason.OVER_LIMIT
                        : DropReason.DECOMPRESS, e);
                return;
            }
            splitPayload(inner, "a compress message");
        } else {
            splitPayload(body, null);
        }
    }

    /** A payload: one compound or one leaf; {@code wrapper} names what it came in, if anything. */
    private void splitPayload(byte[] payload, String wrapper) {
        int type = payload[0] & 0xff;
        if (type == MessageType.COMPRESS) {
            drop(1, DropReason.OVER_LIMIT, CodecException.overLimit(
                    "packet: a compress message inside " + wrapper));
        } else if (type == MessageType.COMPOUND) {
            splitCompound(payload);
        } else {
            leaf(payload);
        }
    }

    private void splitCompound(byte[] msg) {
        Compound.Parts parts;
        try {
            parts = Compound.decode(msg, 0, msg.length);
        } catch (CodecException e) {
            drop(1, DropReason.TRUNCATED, e);
            return;
        }
        for (byte[] part : parts.parts()) {
            int type = part[0] & 0xff;
            if (type == MessageType.COMPOUND || type == MessageType.COMPRESS) {
                drop(1, DropReason.OVER_LIMIT, CodecException.overLimit("packet: a "
                        + MessageType.name(type) + " message inside a compound"));
            } else {
                leaf(part);
            }
        }
        if (parts.truncated() > 0) {
            drop(parts.truncated(), DropReason.TRUNCATED, CodecException.truncated(
                    "packet: " + parts.truncated() + " compound parts cut off"));
        }
        if (parts.empty() > 0) {
            drop(parts.empty(), DropReason.MALFORMED, CodecException.malformed(
                    "packet: " + parts.empty() + " empty compound parts"));
        }
    }

    private void leaf(byte[] msg) {
        if (leaves.size() >= Limits.MAX_PACKET_LEAVES) {
            drop(1, DropReason.OVER_LIMIT, CodecException.overLimit(
                    "packet: more than " + Limits.MAX_PACKET_LEAVES + " messages"));
            return;
        }
        int type = msg[0] & 0xff;
        boolean request = type == MessageType.PING || type == MessageType.INDIRECT_PING;
        if (request && requests >= Limits.MAX_PACKET_REQUESTS) {
            drop(1, DropReason.OVER_LIMIT, CodecException.overLimit(
                    "packet: more than " + Limits.MAX_PACKET_REQUESTS + " ping per datagram"));
            return;
        }
        Message m;
        try {
            m = Messages.decodePacket(msg, 0, msg.length);
        } catch (CodecException e) {
            drop(1, e.dropReason(), e);
            return;
        }
        if (request) {
            requests++;
        }
        leaves.add(msg);
        decoded.add(m);
    }

    private void drop(int count, DropReason reason, CodecException why) {
        drops.add(new PacketCodec.Drop(reason, count, why.withReason(reason)));
    }

    static byte[] copy(byte[] buf, int off, int len) {
        return Arrays.copyOfRange(buf, off, off + len);
    }
}
