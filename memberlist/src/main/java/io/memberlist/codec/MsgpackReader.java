package io.memberlist.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the MessagePack that Go's decoder accepts for memberlist structs (PROTOCOL.md §1.2) from
 * a window of a byte array, with every failure reported as a {@link CodecException}.
 *
 * <p>Hand-rolled for the same reasons as {@link MsgpackWriter}, plus three that matter on the
 * hostile-input path: (1) the kind of failure is exact: {@link CodecException.Kind#TRUNCATED}
 * only when the input ends before the value does (a stream reader then waits for more bytes),
 * {@link CodecException.Kind#MALFORMED} when no continuation could make the value valid,
 * {@link CodecException.Kind#OVER_LIMIT} for declared sizes above {@link #MAX_LENGTH};
 * (2) every declared length is checked against the remaining input before anything is
 * allocated; (3) keys are matched against the struct's field names in place, without building
 * strings.
 *
 * <p>What is accepted, by value kind:
 *
 * <ul>
 *   <li>struct: fixmap, map16, map32, or nil (all fields zero). A struct sent as an array (which
 *       Go accepts but never sends) is refused as MALFORMED.
 *   <li>key: any str or bin, or nil (an empty name); matched exactly, case-sensitively. Keys of
 *       other types are MALFORMED.
 *   <li>unknown key: its value is skipped whatever its type (ext and float included), nested
 *       containers to a depth of {@link #MAX_SKIP_DEPTH}; deeper is MALFORMED.
 *   <li>integer: any fixint or {@code cc..cf}/{@code d0..d3} form, range-checked for the field
 *       (negative into unsigned, above the field's maximum, floats: MALFORMED); nil gives 0.
 *   <li>bool: {@code c2}/{@code c3}, fixint 0/1, nil (false).
 *   <li>byte string: any str or bin; nil gives {@code null}; an array of integers 0..255.
 *   <li>string: any str or bin; nil gives "". The bytes must be valid UTF-8 (names are
 *       identities and must re-encode to the same bytes), else MALFORMED.
 * </ul>
 */
final class MsgpackReader {
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

    /** {@link #readUint} maximum of a Go {@code uint32} field. */
    static final long U32 = 0xFFFF_FFFFL;
    /** {@link #readUint} maximum of a Go {@code uint16} field. */
    static final long U16 = 0xFFFF;

    private final byte[] buf;
    private int pos;
    private final int end;

    MsgpackReader(byte[] buf, int off, int len) {
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

    private int be16() throws CodecException {
        require(2);
        int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    private long be32() throws CodecException {
        require(4);
        long v = ((long) (buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16)
                | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    private long be64() throws CodecException {
        require(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    private void require(int n) throws CodecException {
        if (end - pos < n) {
            throw CodecException.truncated("input ends " + (n - (end - pos)) + " byte(s) early");
        }
    }

    /** Checks a declared byte length against the limit, then against the remaining input. */
    private int declared(long len, String what) throws CodecException {
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

    // ---- structure ---------------------------------------------------------------------------

    /** A struct's map header: the entry count, or -1 for nil (a zero-valued struct). */
    int readMapHeader(String struct) throws CodecException {
        int b = readByte();
        if ((b & 0xF0) == 0x80) {
            return b & 0x0F;
        }
        long n;
        switch (b) {
            case 0xc0:
                return -1;
            case 0xde:
                n = be16();
                break;
            case 0xdf:
                n = be32();
                break;
            default:
                throw CodecException.malformed(
                        struct + ": expected a map, found " + describe(b));
        }
        checkCount(n, 2, struct);
        return (int) n;
    }

    /**
     * The length announced by a str (fixstr, str8/16/32) or bin (bin8/16/32) header whose first
     * byte is {@code b}, read from the bytes that follow it; -1 for nil. The bytes themselves are
     * not checked here: callers {@code require} them.
     */
    private int rawLength(int b, String what) throws CodecException {
        if ((b & 0xE0) == 0xA0) {
            return b & 0x1F;
        }
        switch (b) {
            case 0xc0:
                return -1;
            case 0xd9:
            case 0xc4:
                return readByte();
            case 0xda:
            case 0xc5:
                return be16();
            case 0xdb:
            case 0xc6:
                return declared(be32(), what);
            default:
                throw CodecException.malformed(what + ": expected a string, found " + describe(b));
        }
    }

    /**
     * Reads one map key and returns its index in {@code names} (exact byte match), or -1 for a
     * key that is not a field of the struct.
     */
    int readKey(byte[][] names) throws CodecException {
        int len = rawLength(readByte(), "map key");
        if (len < 0) {
            return -1; // Go reads a nil key as "", which names no field
        }
        require(len);
        int start = pos;
        pos += len;
        outer:
        for (int i = 0; i < names.length; i++) {
            byte[] name = names[i];
            if (name.length != len) {
                continue;
            }
            for (int j = 0; j < len; j++) {
                if (name[j] != buf[start + j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ---- typed field values ------------------------------------------------------------------

    /** An unsigned Go integer field with maximum {@code max}; nil gives 0. */
    long readUint(long max, String field) throws CodecException {
        int b = readByte();
        long v;
        if (b < 0x80) {
            return b;
        }
        switch (b) {
            case 0xc0:
                return 0;
            case 0xcc:
                v = readByte();
                break;
            case 0xcd:
                v = be16();
                break;
            case 0xce:
                v = be32();
                break;
            case 0xcf:
                v = be64();
                if (v < 0) {
                    throw outOfRange(field, Long.toUnsignedString(v), max);
                }
                break;
            case 0xd0:
            case 0xd1:
            case 0xd2:
            case 0xd3:
                v = signedBody(b);
                if (v < 0) {
                    throw CodecException.malformed(field + ": negative value " + v + " for an unsigned field");
                }
                break;
            default:
                if (b >= 0xe0) {
                    throw CodecException.malformed(
                            field + ": negative value " + (byte) b + " for an unsigned field");
                }
                throw CodecException.malformed(field + ": expected an integer, found " + describe(b));
        }
        if (v > max) {
            throw outOfRange(field, Long.toString(v), max);
        }
        return v;
    }

    /** A Go {@code int} (64-bit signed) field; nil gives 0. */
    long readInt(String field) throws CodecException {
        int b = readByte();
        if (b < 0x80) {
            return b;
        }
        if (b >= 0xe0) {
            return (byte) b;
        }
        switch (b) {
            case 0xc0:
                return 0;
            case 0xcc:
                return readByte();
            case 0xcd:
                return be16();
            case 0xce:
                return be32();
            case 0xcf:
                long v = be64();
                if (v < 0) {
                    throw outOfRange(field, Long.toUnsignedString(v), Long.MAX_VALUE);
                }
                return v;
            case 0xd0:
            case 0xd1:
            case 0xd2:
            case 0xd3:
                return signedBody(b);
            default:
                throw CodecException.malformed(field + ": expected an integer, found " + describe(b));
        }
    }

    private long signedBody(int b) throws CodecException {
        switch (b) {
            case 0xd0:
                return (byte) readByte();
            case 0xd1:
                return (short) be16();
            case 0xd2:
                return (int) be32();
            default:
                return be64();
        }
    }

    private static CodecException outOfRange(String field, String value, long max) {
        return CodecException.malformed(field + ": value " + value + " out of range [0, " + max + "]");
    }

    /** A bool field: {@code c2}/{@code c3}, fixint 0/1, nil (false). */
    boolean readBool(String field) throws CodecException {
        int b = readByte();
        switch (b) {
            case 0xc3:
            case 0x01:
                return true;
            case 0xc2:
            case 0x00:
            case 0xc0:
                return false;
            default:
                throw CodecException.malformed(field + ": expected a bool, found " + describe(b));
        }
    }

    /**
     * A byte-string field: any str or bin (copied), nil ({@code null}), or an array of integers
     * 0..255.
     */
    byte[] readBytes(String field) throws CodecException {
        int b = readByte();
        if ((b & 0xE0) == 0xA0) {
            return readRaw(b & 0x1F);
        }
        if ((b & 0xF0) == 0x90) {
            return readByteArray(b & 0x0F, field);
        }
        switch (b) {
            case 0xc0:
                return null;
            case 0xd9:
            case 0xc4:
                return readRaw(readByte());
            case 0xda:
            case 0xc5:
                return readRaw(be16());
            case 0xdb:
            case 0xc6:
                return readRaw(declared(be32(), field));
            case 0xdc:
                return readByteArray(be16(), field);
            case 0xdd:
                return readByteArray(be32(), field);
            default:
                throw CodecException.malformed(field + ": expected a byte string, found " + describe(b));
        }
    }

    private byte[] readByteArray(long count, String field) throws CodecException {
        checkCount(count, 1, field);
        byte[] out = new byte[(int) count];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) readUint(0xFF, field);
        }
        return out;
    }

    /** A string field: any str or bin holding valid UTF-8; nil gives "". */
    String readString(String field) throws CodecException {
        int len = rawLength(readByte(), field);
        if (len < 0) {
            return "";
        }
        require(len);
        int start = pos;
        pos += len;
        return utf8(start, len, field);
    }

    /**
     * Decodes UTF-8, refusing invalid input. The JDK decoder is fast and intrinsified but
     * replaces bad sequences with U+FFFD; only when that character shows up (rare: bad input, or
     * a genuine U+FFFD) is the input checked again with a strict decoder.
     */
    private String utf8(int start, int len, String field) throws CodecException {
        String s = new String(buf, start, len, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') < 0) {
            return s;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, start, len))
                    .toString();
        } catch (CharacterCodingException ex) {
            throw CodecException.malformed(field + ": not valid UTF-8");
        }
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
    private void checkCount(long count, int minBytesEach, String what) throws CodecException {
        if (count > MAX_LENGTH) {
            throw CodecException.overLimit(what + " declares " + count + " elements, limit " + MAX_LENGTH);
        }
        if (count * minBytesEach > end - pos) {
            throw CodecException.truncated(what + " declares " + count
                    + " elements, more than the remaining " + (end - pos) + " bytes can hold");
        }
    }

    private static String describe(int b) {
        return String.format("0x%02x", b);
    }
}
