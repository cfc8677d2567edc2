package io.memberlist.codec;

import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The CRC wrapper of protocol version 5 (PROTOCOL.md §4.4), UDP only and only at the outermost
 * level of a packet (inside the encryption envelope, if any).
 *
 * <pre>
 * offset 0   1 byte    0x0C (hasCrcMsg)
 * offset 1   4 bytes   CRC-32 (IEEE, as java.util.zip.CRC32), big-endian, over offset 5..end
 * offset 5   ...       body: a compress, compound or single message
 * </pre>
 *
 * <p>The CRC guards against corruption, not forgery: anyone can recompute it. A sender adds it
 * only for destinations known to speak protocol 5; receivers accept packets with and without.
 */
public final class Crc {
    private Crc() {}

    /** Type byte plus the 4 checksum bytes. */
    public static final int HEADER_LENGTH = 5;

    /** Returns {@code [0x0C][crc32(body)][body]}. */
    public static byte[] add(byte[] body) {
        byte[] out = new byte[HEADER_LENGTH + body.length];
        out[0] = (byte) MessageType.HAS_CRC;
        putInt(out, 1, checksum(body, 0, body.length));
        System.arraycopy(body, 0, out, HEADER_LENGTH, body.length);
        return out;
    }

    /**
     * Whether {@code buf[off, off+len)} starts with a CRC header. A lone 0x0C with fewer than
     * five bytes is not a header; {@link #verifyAndStrip} rejects it.
     */
    public static boolean isPresent(byte[] buf, int off, int len) {
        return len >= 1 && (buf[off] & 0xff) == MessageType.HAS_CRC;
    }

    /**
     * Checks the CRC header at {@code buf[off]} and returns a copy of the body it covers.
     *
     * @throws CodecException TRUNCATED when shorter than the header, MALFORMED on a mismatch
     */
    public static byte[] verifyAndStrip(byte[] buf, int off, int len) throws CodecException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < HEADER_LENGTH || (buf[off] & 0xff) != MessageType.HAS_CRC) {
            throw CodecException.truncated("crc: need a 5-byte header, have " + len + " bytes");
        }
        int expected = getInt(buf, off + 1);
        int actual = checksum(buf, off + HEADER_LENGTH, len - HEADER_LENGTH);
        if (expected != actual) {
            throw CodecException.malformed(String.format(
                    "crc: checksum mismatch, header %08x, computed %08x", expected, actual));
        }
        return Arrays.copyOfRange(buf, off + HEADER_LENGTH, off + len);
    }

    static int checksum(byte[] buf, int off, int len) {
        CRC32 crc = new CRC32();
        crc.update(buf, off, len);
        return (int) crc.getValue();
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int getInt(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }
}
