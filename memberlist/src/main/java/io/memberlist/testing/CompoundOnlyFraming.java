package io.memberlist.testing;

import io.memberlist.codec.CodecException;
import io.memberlist.codec.MessageType;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The fast path: datagram = payload; receiving splits compound messages (PROTOCOL.md §4.5) and
 * nothing else. No CRC, compression, encryption or label. For large runs where the codec is not
 * what is being tested.
 */
final class CompoundOnlyFraming implements PacketFraming {
    static final CompoundOnlyFraming INSTANCE = new CompoundOnlyFraming();

    @Override
    public byte[] encode(SimNode from, byte[] payload, boolean crc) {
        return payload;
    }

    @Override
    public void decode(SimNode to, byte[] datagram, Consumer<byte[]> leaves) throws CodecException {
        split(datagram, 0, datagram.length, leaves, 0);
    }

    private static void split(byte[] buf, int off, int len, Consumer<byte[]> leaves, int depth)
            throws CodecException {
        if (len == 0) {
            return;
        }
        if ((buf[off] & 0xFF) != MessageType.COMPOUND) {
            leaves.accept(off == 0 && len == buf.length ? buf : Arrays.copyOfRange(buf, off, off + len));
            return;
        }
        if (depth > 8) {
            throw CodecException.overLimit("compound nesting too deep");
        }
        if (len < 2) {
            throw CodecException.malformed("compound without count");
        }
        int n = buf[off + 1] & 0xFF;
        int body = off + 2 + 2 * n;
        if (body > off + len) {
            throw CodecException.malformed("truncated len slice");
        }
        int end = off + len;
        for (int i = 0; i < n; i++) {
            int partLen = ((buf[off + 2 + 2 * i] & 0xFF) << 8) | (buf[off + 3 + 2 * i] & 0xFF);
            if (body + partLen > end) {
                return; // the rest is truncated: earlier parts were processed, these are dropped
            }
            split(buf, body, partLen, leaves, depth + 1);
            body += partLen;
        }
    }
}
