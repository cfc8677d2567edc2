package io.memberlist.codec;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes the MessagePack dialect Go's default {@code MsgpackHandle} emits (PROTOCOL.md §1.1),
 * or only counts the bytes it would write.
 *
 * <p>Hand-rolled rather than built on msgpack-core: the dialect is a small subset (maps, the
 * fixstr/str16/str32 "raw" family for strings <em>and</em> byte strings, nil, bool, integers)
 * with two rules msgpack-core does not follow by default (no str8, no bin) and one it cannot
 * express (the HEAD signed {@code int} forms).
 *
 * <p>Three modes, one set of value methods, so a message's size and its bytes come from the
 * same body writer and no second table of sizes has to be kept in step:
 * <ul>
 *   <li>{@linkplain #growable growable}: the encoders write a message in one pass into a buffer
 *       that grows as needed, then copy it out exactly ({@link #toByteArray}). Running the body
 *       writer twice instead (count, then store into an exact array) measured 10 to 20% slower
 *       on ping and alive: the writer code, compiled for both modes, stops being inlined into
 *       the encoder.
 *   <li>{@linkplain #sizeOf counting}: stores nothing and adds up lengths;
 *       {@link Messages#encodedSize} and the tests size messages with it. The per-value sizes
 *       below are this mode; {@code MsgpackWriterTest} checks each against the bytes stored.
 *   <li>over an array the caller sized exactly (tests that build one body).
 * </ul>
 *
 * <p>Keys are written from precomputed fixstr bytes ({@link #raw}, see {@link FieldNames}); the
 * caller writes them in sorted order. Strings are written as UTF-8; a string that is not valid
 * UTF-16 (an unpaired surrogate) cannot round-trip and is refused with
 * {@link IllegalArgumentException}.
 */
final class MsgpackWriter {
    /** Largest output: the largest array a JVM reliably allocates. */
    private static final int MAX_OUTPUT = Integer.MAX_VALUE - 16;

    /** The output (replaced by a larger copy when it runs out), or {@code null} when counting. */
    private byte[] buf;
    private int pos;
    /** Whether a full output is replaced by a larger copy (else a store past its end throws). */
    private final boolean grows;
    /** Bytes counted by a counting writer (long: a push/pull can add up past 2 GiB). */
    private long counted;

    /**
     * A writer into {@code buf} from {@code pos}, sized by the caller: a store past its end
     * throws {@link ArrayIndexOutOfBoundsException}.
     */
    MsgpackWriter(byte[] buf, int pos) {
        this(Objects.requireNonNull(buf, "buf"), pos, false);
    }

    private MsgpackWriter(byte[] buf, int pos, boolean grows) {
        this.buf = buf;
        this.pos = pos;
        this.grows = grows;
    }

    /** A writer into a fresh array of {@code capacity} bytes that grows as needed. */
    static MsgpackWriter growable(int capacity) {
        return new MsgpackWriter(new byte[capacity], 0, true);
    }

    /**
     * The number of bytes {@code body} writes, found by running it on a counting writer, which
     * stores nothing and only adds up lengths.
     *
     * @throws IllegalArgumentException if they exceed the largest array that can hold them
     */
    static int sizeOf(Consumer<MsgpackWriter> body) {
        MsgpackWriter counter = new MsgpackWriter(null, 0, false);
        body.accept(counter);
        return counter.size();
    }

    /** Position of the next byte in the output (a writing writer). */
    int position() {
        return pos;
    }

    /** The bytes written: the output array itself when it is full, else an exact copy. */
    byte[] toByteArray() {
        return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
    }

    /**
     * Makes room for {@code n} more bytes in a growing writer, at least doubling the output
     * (stores reserve their largest form, so a writer that does not grow is sized exactly).
     */
    private void ensure(int n) {
        if (grows && n > buf.length - pos) {
            if (n > MAX_OUTPUT - pos) {
                throw new IllegalArgumentException(
                        "message of " + ((long) pos + n) + " bytes cannot be encoded");
            }
            long doubled = Math.max(2L * buf.length, 64);
            buf = Arrays.copyOf(buf, (int) Math.min(MAX_OUTPUT, Math.max(doubled, pos + n)));
        }
    }

    private int size() {
        if (counted > MAX_OUTPUT) {
            throw new IllegalArgumentException("message of " + counted + " bytes cannot be encoded");
        }
        return (int) counted;
    }

    // ---- sizes (the counting mode) --------------------------------------------------------------

    static int mapHeaderSize(int n) {
        return n < 16 ? 1 : n < 65536 ? 3 : 5;
    }

    /** Header size of a raw string of {@code len} bytes: fixstr, str16 or str32 (never str8). */
    static int rawHeaderSize(int len) {
        return len < 32 ? 1 : len < 65536 ? 3 : 5;
    }

    static int strSize(String s) {
        int n = utf8Length(s);
        return rawHeaderSize(n) + n;
    }

    /** Size of a byte string: nil for {@code null}, else raw header plus bytes. */
    static int bytesSize(byte[] b) {
        return b == null ? 1 : rawHeaderSize(b.length) + b.length;
    }

    static int uintSize(long v) {
        if (v < 0) {
            return 9;
        }
        return v < 128 ? 1 : v < 256 ? 2 : v < 65536 ? 3 : v < (1L << 32) ? 5 : 9;
    }

    static int intSize(long v, IntStyle style) {
        if (v >= 0) {
            if (style == IntStyle.V022_UNSIGNED || v < 128) {
                return uintSize(v);
            }
            return v <= Short.MAX_VALUE ? 3 : v <= Integer.MAX_VALUE ? 5 : 9;
        }
        return v >= -32 ? 1 : v >= Byte.MIN_VALUE ? 2 : v >= Short.MIN_VALUE ? 3
                : v >= Integer.MIN_VALUE ? 5 : 9;
    }

    /**
     * UTF-8 length of {@code s}.
     *
     * @throws IllegalArgumentException if {@code s} has an unpaired surrogate
     */
    static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && i + 1 < n
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        bytes += 2; // 2 chars -> 4 bytes
                        i++;
                    } else {
                        throw new IllegalArgumentException(
                                "string has an unpaired surrogate at index " + i);
                    }
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    // ---- values ------------------------------------------------------------------------------
    //
    // Each value method is a small switch between the two modes, so that it inlines wherever it
    // is called and a counting pass compiles down to the size arithmetic alone; the stores are in
    // the put* methods below.

    void mapHeader(int n) {
        if (buf == null) {
            counted += mapHeaderSize(n);
        } else {
            putMapHeader(n);
        }
    }

    /** One raw byte (a message's type byte). */
    void rawByte(int b) {
        if (buf == null) {
            counted++;
        } else {
            put((byte) b);
        }
    }

    void raw(byte[] b) {
        if (buf == null) {
            counted += b.length;
        } else {
            putRaw(b);
        }
    }

    void nil() {
        if (buf == null) {
            counted++;
        } else {
            put((byte) 0xc0);
        }
    }

    void bool(boolean v) {
        if (buf == null) {
            counted++;
        } else {
            put((byte) (v ? 0xc3 : 0xc2));
        }
    }

    /** A byte string in the raw-string family, or nil for {@code null}. */
    void bytes(byte[] b) {
        if (buf == null) {
            counted += bytesSize(b);
        } else if (b == null) {
            put((byte) 0xc0);
        } else {
            putRawHeader(b.length);
            putRaw(b);
        }
    }

    void str(String s) {
        if (buf == null) {
            counted += strSize(s);
        } else {
            putStr(s);
        }
    }

    /** An unsigned Go integer ({@code uint8/16/32}): fixint, {@code cc}, {@code cd}, {@code ce}. */
    void uint(long v) {
        if (buf == null) {
            counted += uintSize(v);
        } else {
            putUint(v);
        }
    }

    /** A Go {@code int} in the given style (see {@link IntStyle}). */
    void goInt(long v, IntStyle style) {
        if (buf == null) {
            counted += intSize(v, style);
        } else {
            putGoInt(v, style);
        }
    }

    // ---- stores (the writing mode) -----------------------------------------------------------

    private void put(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    private void putRaw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    private void putMapHeader(int n) {
        putHeader(n, 16, 0x80, 0xde, 0xdf);
    }

    private void putRawHeader(int len) {
        putHeader(len, 32, 0xa0, 0xda, 0xdb);
    }

    /** A map or raw header: the fix form below {@code fixLimit}, else the 16- or 32-bit form. */
    private void putHeader(int n, int fixLimit, int fixPrefix, int code16, int code32) {
        ensure(5);
        if (n < fixLimit) {
            buf[pos++] = (byte) (fixPrefix | n);
        } else if (n < 65536) {
            buf[pos++] = (byte) code16;
            be16(n);
        } else {
            buf[pos++] = (byte) code32;
            be32(n);
        }
    }

    private void putStr(String s) {
        int n = s.length();
        int len = utf8Length(s);
        putRawHeader(len);
        ensure(len);
        if (len == n) {
            for (int i = 0; i < n; i++) {
                buf[pos++] = (byte) s.charAt(i);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[pos++] = (byte) c;
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xc0 | (c >> 6));
                buf[pos++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i)); // pairing checked by utf8Length
                buf[pos++] = (byte) (0xf0 | (cp >> 18));
                buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                buf[pos++] = (byte) (0x80 | (cp & 0x3f));
            } else {
                buf[pos++] = (byte) (0xe0 | (c >> 12));
                buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                buf[pos++] = (byte) (0x80 | (c & 0x3f));
            }
        }
    }

    private void putUint(long v) {
        ensure(9);
        if (v < 0) {
            buf[pos++] = (byte) 0xcf;
            be64(v);
        } else if (v < 128) {
            buf[pos++] = (byte) v;
        } else if (v < 256) {
            buf[pos++] = (byte) 0xcc;
            buf[pos++] = (byte) v;
        } else if (v < 65536) {
            buf[pos++] = (byte) 0xcd;
            be16((int) v);
        } else if (v < (1L << 32)) {
            buf[pos++] = (byte) 0xce;
            be32((int) v);
        } else {
            buf[pos++] = (byte) 0xcf;
            be64(v);
        }
    }

    private void putGoInt(long v, IntStyle style) {
        if (v >= 0 && (v < 128 || style == IntStyle.V022_UNSIGNED)) {
            putUint(v);
            return;
        }
        ensure(9);
        if (v >= -32 && v < 0) {
            buf[pos++] = (byte) v;
        } else if (v >= Byte.MIN_VALUE && v < 0) {
            buf[pos++] = (byte) 0xd0;
            buf[pos++] = (byte) v;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            buf[pos++] = (byte) 0xd1;
            be16((int) v);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            buf[pos++] = (byte) 0xd2;
            be32((int) v);
        } else {
            buf[pos++] = (byte) 0xd3;
            be64(v);
        }
    }

    private void be16(int v) {
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void be32(int v) {
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void be64(long v) {
        be32((int) (v >>> 32));
        be32((int) v);
    }
}
