package io.memberlist.codec;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Helpers for the byte-string components of the message records: content equality and hash
 * (a {@code null} byte string is distinct from an empty one, as {@code c0} is from {@code a0} on
 * the wire), readable hex for {@code toString}, and the range checks shared by the records.
 */
final class ByteStrings {
    private ByteStrings() {}

    /** Longest byte string shown in full by {@link #hex}; longer ones are cut. */
    private static final int HEX_SHOWN = 64;

    private static final HexFormat HEX = HexFormat.of();

    static final byte[] EMPTY = new byte[0];

    /** Lower-case hex, {@code "null"} for null, cut after 64 bytes with the total length. */
    static String hex(byte[] b) {
        if (b == null) {
            return "null";
        }
        if (b.length <= HEX_SHOWN) {
            return HEX.formatHex(b);
        }
        return HEX.formatHex(b, 0, HEX_SHOWN) + "...(" + b.length + " bytes)";
    }

    static boolean eq(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }

    /** Content hash; null and empty hash differently. */
    static int hash(byte[] b) {
        return b == null ? -1 : Arrays.hashCode(b);
    }

    /** {@code null} for null or empty: the value Go delivers for an {@code omitempty} byte field. */
    static byte[] nullIfEmpty(byte[] b) {
        return b == null || b.length == 0 ? null : b;
    }

    static long checkUint32(long v, String field) {
        if ((v >>> 32) != 0) {
            throw new IllegalArgumentException(field + " must be in [0, 2^32-1], was " + v);
        }
        return v;
    }

    static int checkPort(int v, String field) {
        if ((v >>> 16) != 0) {
            throw new IllegalArgumentException(field + " must be in [0, 65535], was " + v);
        }
        return v;
    }

    static String checkString(String s, String field) {
        if (s == null) {
            throw new NullPointerException(field + " must not be null");
        }
        return s;
    }
}
