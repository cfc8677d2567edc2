package io.memberlist.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the MessagePack that Go's decoder accepts for memberlist structs (PROTOCOL.md §1.2) from
 * a window of a byte array, with every failure reported as a {@link CodecException}.
 *
 * <p>Hand-rolled for the same reasons as {@link MsgpackWriter}, on top of {@link MsgpackCursor},
 * which bounds every length and tells truncated, malformed and over-limit input apart. Keys are
 * matched against the struct's field names in place, without building strings.
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
final class MsgpackReader extends MsgpackCursor {
    /** {@link #readUint} maximum of a Go {@code uint32} field. */
    static final long U32 = 0xFFFF_FFFFL;
    /** {@link #readUint} maximum of a Go {@code uint16} field. */
    static final long U16 = 0xFFFF;

    MsgpackReader(byte[] buf, int off, int len) {
        super(buf, off, len);
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
}
