package io.memberlist.codec;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The {@code compress} message (type 9, PROTOCOL.md §3.10): an LZW stream in a msgpack map.
 *
 * <pre>
 * offset 0   1 byte   0x09 (compressMsg)
 * offset 1   ...      msgpack map, keys in Go's sorted order:
 *                       82                     fixmap, 2 entries
 *                       a4 "Algo"  00          uint8, 0 = LZW (the only algorithm)
 *                       a3 "Buf"   a0..bf|da|db  raw-string header + LZW bytes (§7)
 * </pre>
 *
 * <p>Encoding writes exactly what Go writes: {@code Buf} uses the str header family (fixstr,
 * str16, str32), never str8 and never bin, because v0.2.2 rejects bin and Go itself never
 * emits str8. Decoding is as lenient as Go: map16/map32 headers, any str or bin format for
 * {@code Buf} (nil meaning empty), keys in any string format, unknown keys skipped whatever
 * their value, duplicate keys last-wins, missing keys zero.
 *
 * <p>Decoding is hostile-input safe: every declared length is compared with the bytes left
 * before anything is allocated, skipped containers are walked iteratively (no recursion for
 * deep nesting), and msgpack-core failures become {@link CodecException}s. A message cut short
 * is {@code TRUNCATED} (a stream reader may wait for more); an {@code Algo} other than 0 is
 * {@code UNSUPPORTED}; an empty decompressed result is {@code MALFORMED} because no message is
 * empty (Go v0.2.2 panics on it).
 */
public final class Compression {
    private Compression() {}

    /** {@code Algo} value of LZW, the only algorithm. */
    public static final int ALGO_LZW = 0;

    private static final byte[] KEY_ALGO = {'A', 'l', 'g', 'o'};
    private static final byte[] KEY_BUF = {'B', 'u', 'f'};
    /** Encoded {@code Buf} lengths beyond this are refused before any byte is buffered. */
    static final int MAX_COMPRESSED_BYTES = Limits.MAX_DECOMPRESSED_BYTES;

    /**
     * Wraps {@code message} (type byte + body) into a compress message.
     *
     * @throws IllegalArgumentException if {@code message} is empty: an empty compress payload
     *     panics v0.2.2 receivers
     */
    public static byte[] compress(byte[] message) {
        if (message.length == 0) {
            throw new IllegalArgumentException("refusing to compress an empty message");
        }
        byte[] lzw = Lzw.compress(message);
        try (MessageBufferPacker packer = new MessagePack.PackerConfig()
                .withStr8FormatSupport(false)
                .newBufferPacker()) {
            packer.writePayload(new byte[] {(byte) MessageType.COMPRESS});
            packer.packMapHeader(2);
            packer.packRawStringHeader(KEY_ALGO.length).writePayload(KEY_ALGO);
            packer.packInt(ALGO_LZW);
            packer.packRawStringHeader(KEY_BUF.length).writePayload(KEY_BUF);
            packer.packRawStringHeader(lzw.length).writePayload(lzw);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory packer failed", e);
        }
    }

    /**
     * Decompresses the compress message in {@code buf[off, off+len)} (starting at its 0x09 type
     * byte) into the inner message. Bytes after the msgpack value are ignored, as Go does.
     */
    public static byte[] decompress(byte[] buf, int off, int len) throws CodecException {
        return decode(buf, off, len, Limits.MAX_DECOMPRESSED_BYTES).message();
    }

    /** A decompressed message and how many input bytes (type byte included) it took. */
    record Decoded(byte[] message, int consumed) {}

    /**
     * Decodes and decompresses, producing at most {@code maxOutput} bytes. {@code TRUNCATED}
     * only means the msgpack value itself is incomplete; an incomplete LZW stream inside a
     * complete value is {@code MALFORMED}.
     */
    static Decoded decode(byte[] buf, int off, int len, int maxOutput) throws CodecException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < 1) {
            throw CodecException.truncated("compress: missing type byte");
        }
        if ((buf[off] & 0xff) != MessageType.COMPRESS) {
            throw CodecException.malformed("compress: type byte is " + (buf[off] & 0xff));
        }
        long algo = 0;
        int lzwOff = -1;
        int lzwLen = 0;
        int consumed;
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(buf, off + 1, len - 1)) {
            int remaining = len - 1;
            MessageFormat format = in.getNextFormat();
            if (format.getValueType() != ValueType.MAP) {
                throw CodecException.malformed("compress: body is " + format + ", not a map");
            }
            long entries = Integer.toUnsignedLong(in.unpackMapHeader());
            checkCount(entries * 2, remaining - (int) in.getTotalReadBytes());
            for (long i = 0; i < entries; i++) {
                byte[] key = readKey(in, remaining);
                if (Arrays.equals(key, KEY_ALGO)) {
                    algo = readAlgo(in);
                } else if (Arrays.equals(key, KEY_BUF)) {
                    int n = readByteStringHeader(in, remaining);
                    lzwOff = off + 1 + (int) in.getTotalReadBytes();
                    lzwLen = n;
                    in.readPayloadAsReference(n); // a view, no copy: Lzw reads buf directly
                } else {
                    skipValue(in, remaining);
                }
            }
            consumed = 1 + (int) in.getTotalReadBytes();
        } catch (MessageInsufficientBufferException e) {
            throw new CodecException(CodecException.Kind.TRUNCATED, "compress: truncated msgpack", e);
        } catch (MessagePackException | IOException e) {
            throw new CodecException(CodecException.Kind.MALFORMED, "compress: bad msgpack: " + e.getMessage(), e);
        }
        if (algo != ALGO_LZW) {
            throw CodecException.unsupported("compress: unknown algorithm " + algo);
        }
        byte[] out = lzwOff < 0
                ? Lzw.decompress(buf, off, 0, maxOutput) // missing or nil Buf: an empty stream
                : Lzw.decompress(buf, lzwOff, lzwLen, maxOutput);
        if (out.length == 0) {
            throw CodecException.malformed("compress: decompressed to an empty message");
        }
        return new Decoded(out, consumed);
    }

    private static void checkCount(long needed, int left) throws CodecException {
        if (needed > left) {
            throw CodecException.truncated(
                    "compress: declares " + needed + " more values, only " + left + " bytes left");
        }
    }

    private static byte[] readKey(MessageUnpacker in, int total) throws IOException, CodecException {
        ValueType type = in.getNextFormat().getValueType();
        int n;
        if (type == ValueType.STRING) {
            n = in.unpackRawStringHeader();
        } else if (type == ValueType.BINARY) {
            n = in.unpackBinaryHeader();
        } else {
            throw CodecException.malformed("compress: map key is " + type);
        }
        checkLength(n, total - (int) in.getTotalReadBytes());
        return in.readPayload(n);
    }

    private static long readAlgo(MessageUnpacker in) throws IOException, CodecException {
        ValueType type = in.getNextFormat().getValueType();
        if (type == ValueType.NIL) {
            in.unpackNil();
            return 0;
        }
        if (type != ValueType.INTEGER) {
            throw CodecException.malformed("compress: Algo is " + type);
        }
        long v;
        try {
            v = in.unpackLong();
        } catch (MessagePackException e) {
            throw CodecException.malformed("compress: Algo out of range");
        }
        if (v < 0 || v > 0xff) {
            throw CodecException.malformed("compress: Algo " + v + " does not fit uint8");
        }
        return v;
    }

    /** Reads a str/bin header (or nil = empty) and checks the payload is present. */
    private static int readByteStringHeader(MessageUnpacker in, int total)
            throws IOException, CodecException {
        ValueType type = in.getNextFormat().getValueType();
        int n;
        if (type == ValueType.NIL) {
            in.unpackNil();
            return 0;
        } else if (type == ValueType.STRING) {
            n = in.unpackRawStringHeader();
        } else if (type == ValueType.BINARY) {
            n = in.unpackBinaryHeader();
        } else {
            throw CodecException.malformed("compress: Buf is " + type);
        }
        if (n < 0 || n > MAX_COMPRESSED_BYTES) {
            throw CodecException.overLimit("compress: Buf of " + Integer.toUnsignedString(n) + " bytes");
        }
        checkLength(n, total - (int) in.getTotalReadBytes());
        return n;
    }

    private static void checkLength(int n, int left) throws CodecException {
        if (n < 0 || n > left) {
            throw CodecException.truncated(
                    "compress: declared length " + Integer.toUnsignedString(n) + ", " + left + " bytes left");
        }
    }

    /**
     * Skips one value of any type. Containers are walked with a counter instead of recursion,
     * and a container declaring more elements than bytes left (each needs at least one) is
     * refused at once, so neither deep nesting nor huge counts cost stack or time.
     */
    private static void skipValue(MessageUnpacker in, int total) throws IOException, CodecException {
        long pending = 1;
        while (pending > 0) {
            pending--;
            ValueType type = in.getNextFormat().getValueType();
            long added;
            if (type == ValueType.MAP) {
                added = 2 * Integer.toUnsignedLong(in.unpackMapHeader());
            } else if (type == ValueType.ARRAY) {
                added = Integer.toUnsignedLong(in.unpackArrayHeader());
            } else {
                in.skipValue(); // scalars, str, bin, ext: msgpack-core bounds these itself
                continue;
            }
            pending += added;
            checkCount(pending, total - (int) in.getTotalReadBytes());
        }
    }
}
