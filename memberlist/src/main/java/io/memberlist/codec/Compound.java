package io.memberlist.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The compound message (type 7, PROTOCOL.md §4.5): several messages in one datagram.
 *
 * <pre>
 * offset 0        1 byte    0x07 (compoundMsg)
 * offset 1        1 byte    N = number of parts, unsigned 0..255
 * offset 2        2N bytes  N part lengths, uint16 big-endian each
 * offset 2+2N     ...       the N parts back to back, each a whole message with its type byte
 * </pre>
 *
 * <p>Decoding follows Go: a missing count byte or a short length table loses the whole
 * compound; a part longer than what remains stops the cut there, the earlier parts survive
 * and the rest are counted as truncated; bytes after the last part are ignored. N is read as
 * unsigned (v0.2.2 overflowed at N ≥ 128). Zero-length parts carry no message (v0.2.2 panics
 * on them): they are dropped and counted.
 */
public final class Compound {
    private Compound() {}

    /** Type byte plus count byte. */
    public static final int HEADER_OVERHEAD = 2;
    /** The length field of each part. */
    public static final int PART_OVERHEAD = 2;
    /** The format's limit on parts; senders talking to v0.2.2 stay at 127. */
    public static final int MAX_PARTS = 255;

    /**
     * Encodes {@code parts} (in order; the primary message goes first).
     *
     * @throws IllegalArgumentException for 0 or more than 255 parts, an empty part or a part
     *     longer than 65535 bytes
     */
    public static byte[] encode(List<byte[]> parts) {
        if (parts.isEmpty() || parts.size() > MAX_PARTS) {
            throw new IllegalArgumentException("compound needs 1.." + MAX_PARTS + " parts, got " + parts.size());
        }
        int total = HEADER_OVERHEAD + PART_OVERHEAD * parts.size();
        for (byte[] p : parts) {
            if (p.length == 0 || p.length > 0xffff) {
                throw new IllegalArgumentException("compound part of " + p.length + " bytes (1..65535 allowed)");
            }
            total += p.length;
        }
        byte[] out = new byte[total];
        out[0] = (byte) MessageType.COMPOUND;
        out[1] = (byte) parts.size();
        int lengthAt = HEADER_OVERHEAD;
        int partAt = HEADER_OVERHEAD + PART_OVERHEAD * parts.size();
        for (byte[] p : parts) {
            out[lengthAt++] = (byte) (p.length >>> 8);
            out[lengthAt++] = (byte) p.length;
            System.arraycopy(p, 0, out, partAt, p.length);
            partAt += p.length;
        }
        return out;
    }

    /**
     * The parts recovered from a compound.
     *
     * @param parts the non-empty parts that fit, in order
     * @param truncated parts declared but cut off by the end of the input
     * @param empty zero-length parts that were dropped
     */
    public record Parts(List<byte[]> parts, int truncated, int empty) {
        public Parts {
            parts = List.copyOf(parts);
        }
    }

    /**
     * Decodes the compound in {@code buf[off, off+len)}, starting at its 0x07 type byte.
     *
     * @throws CodecException TRUNCATED without count byte or with a short length table
     */
    public static Parts decode(byte[] buf, int off, int len) throws CodecException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < 1 || (buf[off] & 0xff) != MessageType.COMPOUND) {
            throw CodecException.malformed("compound: not a compound message");
        }
        if (len < HEADER_OVERHEAD) {
            throw CodecException.truncated("compound: missing part count");
        }
        int n = buf[off + 1] & 0xff;
        int partsAt = HEADER_OVERHEAD + PART_OVERHEAD * n;
        if (len < partsAt) {
            throw CodecException.truncated("compound: " + n + " parts but a truncated length table");
        }
        List<byte[]> parts = new ArrayList<>(n);
        int empty = 0;
        int at = off + partsAt;
        int end = off + len;
        for (int i = 0; i < n; i++) {
            int lengthAt = off + HEADER_OVERHEAD + PART_OVERHEAD * i;
            int partLen = (buf[lengthAt] & 0xff) << 8 | (buf[lengthAt + 1] & 0xff);
            if (partLen > end - at) {
                return new Parts(parts, n - i, empty);
            }
            if (partLen == 0) {
                empty++;
            } else {
                parts.add(Arrays.copyOfRange(buf, at, at + partLen));
            }
            at += partLen;
        }
        return new Parts(parts, 0, empty);
    }
}
