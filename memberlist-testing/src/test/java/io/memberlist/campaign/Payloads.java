package io.memberlist.campaign;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of the campaign's user broadcasts and messages: a kind byte, a unique id, for a
 * message the name it is addressed to, and a filler computed from the id, so a receiver can tell
 * a payload that arrived intact from one that was corrupted, truncated or mixed up.
 *
 * <pre>
 * broadcast: 'B' id(8) filler(size)
 * message:   'M' id(8) nameLength(1) name filler(size)
 * </pre>
 */
final class Payloads {
    static final byte BROADCAST = 'B';
    static final byte MESSAGE = 'M';

    private Payloads() {}

    static byte[] broadcast(long id, int size) {
        ByteBuffer b = ByteBuffer.allocate(9 + size);
        b.put(BROADCAST).putLong(id);
        fill(b, id, size);
        return b.array();
    }

    static byte[] message(long id, String to, int size) {
        byte[] name = to.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(10 + name.length + size);
        b.put(MESSAGE).putLong(id).put((byte) name.length).put(name);
        fill(b, id, size);
        return b.array();
    }

    private static void fill(ByteBuffer b, long id, int size) {
        for (int i = 0; i < size; i++) {
            b.put(filler(id, i));
        }
    }

    private static byte filler(long id, int i) {
        return (byte) (id * 31 + i * 7 + (i >>> 8));
    }

    /** The id of an intact payload of {@code kind}, or -1 when it is not one. */
    static long idOf(byte kind, byte[] p) {
        if (p.length < 9 || p[0] != kind) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(p);
        b.get();
        long id = b.getLong();
        if (kind == MESSAGE) {
            if (!b.hasRemaining()) {
                return -1;
            }
            int len = b.get() & 0xFF;
            if (b.remaining() < len) {
                return -1;
            }
            b.position(b.position() + len);
        }
        for (int i = 0; b.hasRemaining(); i++) {
            if (b.get() != filler(id, i)) {
                return -1;
            }
        }
        return id;
    }

    /** The addressee of an intact message payload. */
    static String addressee(byte[] p) {
        int len = p[9] & 0xFF;
        return new String(p, 10, len, StandardCharsets.UTF_8);
    }
}
