package io.memberlist.codec;

/**
 * A bounded window over received bytes, read as MessagePack tokens: the part of decoding that
 * is about where values are and whether the input backs them, with every failure a
 * {@link CodecException}. {@link MsgpackReader} adds what Go makes of each value.
 *
 * <p>The failure kinds are exact, because a stream reader acts on them:
 * {@link CodecException.Kind#TRUNCATED} only when the input ends before the value does (wait for
 * more bytes), {@link CodecException.Kind#OVER_LIMIT} for a declared length or count above
 * {@link #MAX_LENGTH}, {@link CodecException.Kind#MALFORMED} when no continuation could make the
 * value valid. Every declared length is checked against the remaining input before anything is
 * allocated or looped over.
 *
 * <p>Any value can be skipped (the value of an unknown key), whatever its type (ext and float
 * included), nested containers to a depth of {@link #MAX_SKIP_DEPTH}; deeper is MALFORMED.
 */
sealed class MsgpackCursor permits MsgpackReader {
    /**
     * Deepest nesting of containers in a skipped unknown value: a value that is 32 arrays/maps
     * deep is skipped, 33 deep is MALFORMED (bounds the recursion, not the work).
     */
    static final int MAX_SKIP_DEPTH = 32;
    /**
     * Largest declared length of one str/bin/ext value or element count of one array/map (20 MiB,
     * the protocol's largest stream message): larger is OVER_LIMIT rather than TRUNCATED, so a
     * stream reader never waits for gigabytes that a bogus header announces.
     */
    static final int MAX_LENGTH = 20 * 1024 * 1024;

    final byte[] buf;
    int pos;
    private final int end;

    MsgpackCursor(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    // ---- primitives --------------------------------------------------------------------------

    int readByte() throws CodecException {
        if (pos >= end) {
            throw CodecException.truncated("input ends before the value");
        }
        return buf[pos++] & 0xFF;
    }

    int be16() throws CodecException {
        require(2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    long be32() throws CodecException {
        require(4);
        long v = ((long) (buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16)
                | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    long be64() throws CodecException {
        require(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    void require(int n) throws CodecException {
        if (end - pos < n) {
            throw CodecException.truncated("input ends " + (n - (end - pos)) + " byte(s) early");
        }
    }

    /** Checks a declared byte length against the limit, then against the remaining input. */
    int declared(long len, String what) throws CodecException {
        if (len > MAX_LENGTH) {
            throw CodecException.overLimit(what + " declares " + len + " bytes, limit " + MAX_LENGTH);
        }
        require((int) len);
        return (int) len;
    }

    /** Takes {@code n} raw bytes (a copy); TRUNCATED if fewer remain. */
    byte[] readRaw(int n) throws CodecException {
        require(n);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    // ---- skipping ----------------------------------------------------------------------------

    /** Skips one value of any type (the value of an unknown key). */
    void skipValue() throws CodecException {
        skip(1);
    }

    private void skip(int depth) throws CodecException {
        int b = readByte();
        if (b < 0x80 || b >= 0xe0) {
            return; // fixint
        }
        if (b <= 0x8f) {
            skipEntries(b & 0x0F, 2, depth);
            return;
        }
        if (b <= 0x9f) {
            skipEntries(b & 0x0F, 1, depth);
            return;
        }
        if (b <= 0xbf) {
            skipBytes(b & 0x1F);
            return;
        }
        switch (b) {
            case 0xc0, 0xc2, 0xc3 -> { }
            case 0xc4, 0xd9 -> skipBytes(readByte());
            case 0xc5, 0xda -> skipBytes(be16());
            case 0xc6, 0xdb -> skipBytes(declared(be32(), "skipped value"));
            case 0xc7 -> skipBytes(1 + readByte());
            case 0xc8 -> skipBytes(1 + be16());
            case 0xc9 -> skipBytes(1 + declared(be32(), "skipped ext"));
            case 0xcc, 0xd0 -> skipBytes(1);
            case 0xcd, 0xd1 -> skipBytes(2);
            case 0xca, 0xce, 0xd2 -> skipBytes(4);
            case 0xcb, 0xcf, 0xd3 -> skipBytes(8);
            case 0xd4 -> skipBytes(2);
            case 0xd5 -> skipBytes(3);
            case 0xd6 -> skipBytes(5);
            case 0xd7 -> skipBytes(9);
            case 0xd8 -> skipBytes(17);
            case 0xdc -> skipEntries(be16(), 1, depth);
            case 0xdd -> skipEntries(be32(), 1, depth);
            case 0xde -> skipEntries(be16(), 2, depth);
            case 0xdf -> skipEntries(be32(), 2, depth);
            default -> throw CodecException.malformed("unused msgpack code " + describe(b));
        }
    }

    private void skipBytes(int n) throws CodecException {
        require(n);
        pos += n;
    }

    private void skipEntries(long count, int perEntry, int depth) throws CodecException {
        if (depth > MAX_SKIP_DEPTH) {
            throw CodecException.malformed("skipped value nested deeper than " + MAX_SKIP_DEPTH);
        }
        checkCount(count, perEntry, "skipped container");
        long values = count * perEntry;
        for (long i = 0; i < values; i++) {
            skip(depth + 1);
        }
    }

    /**
     * Checks an array/map element count: above {@link #MAX_LENGTH} is OVER_LIMIT; more elements
     * than could fit in the remaining input (each takes at least {@code minBytesEach}) is
     * TRUNCATED, so no loop or allocation is driven by a count the input cannot back.
     */
    void checkCount(long count, int minBytesEach, String what) throws CodecException {
        if (count > MAX_LENGTH) {
            throw CodecException.overLimit(what + " declares " + count + " elements, limit " + MAX_LENGTH);
        }
        if (count * minBytesEach > end - pos) {
            throw CodecException.truncated(what + " declares " + count
                    + " elements, more than the remaining " + (end - pos) + " bytes can hold");
        }
    }

    static String describe(int b) {
        return String.format("0x%02x", b);
    }
}
