package io.memberlist.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * LZW exactly as Go's {@code compress/lzw} with {@code LSB} order and literal width 8 (the
 * GIF-style variant without "early change"), the only compression algorithm of memberlist
 * (PROTOCOL.md §7). Java has no library with these bit-level choices, so both directions live
 * here and are pinned by the §7 vectors.
 *
 * <pre>
 * code space   0..255  literals
 *              256     CLEAR  (reset dictionary, width back to 9)
 *              257     EOF    (end of data; bytes after it are ignored)
 *              258..4095 dictionary entries, 4095 is the last one
 *
 * bit packing  code k is OR-ed into an accumulator above the bits of codes 0..k-1;
 *              whole bytes leave from the low end:
 *
 *              byte 0          byte 1          byte 2
 *              7 6 5 4 3 2 1 0 7 6 5 4 3 2 1 0 7 ...
 *              [ code0 bits 7..0][.. code1 bits 6..0 |c0 b8] ...
 * </pre>
 *
 * <p>Width grows from 9 bits when the last assigned code reaches {@code 2^width} (the encoder)
 * or when the next code to assign does (the decoder), up to 12 bits. The encoder starts every
 * stream with CLEAR and emits CLEAR (at width 12) when it would assign code 4095, restarting
 * the dictionary; the decoder merely stops adding entries when its table is full.
 *
 * <p>Decoding is hostile-input safe: a code above the next assignable code is
 * {@link CodecException.Kind#MALFORMED}; output beyond the cap is
 * {@link CodecException.Kind#OVER_LIMIT}, thrown before the cap is exceeded (the output buffer
 * never grows past the cap). Input that ends before the EOF code is
 * {@link CodecException.Kind#MALFORMED}, not {@code TRUNCATED}: an LZW stream always arrives
 * inside a complete {@code compress} message, so more bytes can never complete it, and a
 * stream reader must not wait for them.
 *
 * <p>The dictionaries (48 KiB to encode, 24 KiB to decode) are kept per thread and reused: with
 * compression on, every gossip packet is compressed and every received one decompressed, and
 * allocating them each time made LZW the largest source of garbage of a busy node. Neither
 * direction calls out while it works, so one set per thread is enough; the encoder empties only
 * the slots it filled, and the decoder reads no entry it has not defined in the current stream
 * (a code above the next assignable one is refused), so nothing leaks from one call to the next.
 */
public final class Lzw {
    private Lzw() {}

    private static final ThreadLocal<Encoder> ENCODERS = ThreadLocal.withInitial(Encoder::new);
    private static final ThreadLocal<Decoder> DECODERS = ThreadLocal.withInitial(Decoder::new);

    static final int LITERAL_WIDTH = 8;
    static final int CLEAR = 1 << LITERAL_WIDTH; // 256
    static final int EOF = CLEAR + 1; // 257
    static final int MIN_WIDTH = LITERAL_WIDTH + 1; // 9
    static final int MAX_WIDTH = 12;
    static final int MAX_CODE = (1 << MAX_WIDTH) - 1; // 4095

    /** Compresses all of {@code input}. Empty input yields CLEAR followed by EOF. */
    public static byte[] compress(byte[] input) {
        return compress(input, 0, input.length);
    }

    /** Compresses {@code input[off, off+len)}. */
    public static byte[] compress(byte[] input, int off, int len) {
        Objects.checkFromIndexSize(off, len, input.length);
        return ENCODERS.get().encode(input, off, len);
    }

    /** Decompresses with the protocol cap of {@link Limits#MAX_DECOMPRESSED_BYTES}. */
    public static byte[] decompress(byte[] input, int off, int len) throws CodecException {
        return decompress(input, off, len, Limits.MAX_DECOMPRESSED_BYTES);
    }

    /**
     * Decompresses {@code input[off, off+len)}, producing at most {@code maxOutput} bytes.
     *
     * @throws CodecException MALFORMED for an invalid code or a stream without EOF code,
     *     OVER_LIMIT when the output would exceed {@code maxOutput}
     */
    public static byte[] decompress(byte[] input, int off, int len, int maxOutput)
            throws CodecException {
        Objects.checkFromIndexSize(off, len, input.length);
        if (maxOutput < 0) {
            throw new IllegalArgumentException("maxOutput must be >= 0, got " + maxOutput);
        }
        return DECODERS.get().decode(input, off, len, maxOutput);
    }

    /** A byte sink that grows by doubling, never beyond {@code cap}. */
    private static final class Output {
        private byte[] bytes;
        private int size;
        private final int cap;

        Output(int initial, int cap) {
            this.cap = cap;
            this.bytes = new byte[Math.max(16, Math.min(initial, cap))];
        }

        void ensure(int extra) {
            int need = size + extra;
            if (need > bytes.length) {
                int grown = (int) Math.min(Math.max((long) bytes.length * 2, need), cap);
                bytes = Arrays.copyOf(bytes, grown);
            }
        }

        void put(byte b) {
            ensure(1);
            bytes[size++] = b;
        }

        byte[] toArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    /**
     * The encoder. The dictionary maps (prefix code, next byte) to a code through an
     * open-addressing table twice as large as the code space, so probes stay short.
     */
    private static final class Encoder {
        private static final int TABLE_BITS = 13;
        private static final int TABLE_MASK = (1 << TABLE_BITS) - 1;

        private final int[] keys = new int[1 << TABLE_BITS];
        private final short[] codes = new short[1 << TABLE_BITS];
        /** The slots filled since the dictionary was last emptied (at most one per code). */
        private final short[] filled = new short[1 << MAX_WIDTH];
        private int filledCount;
        private Output out;
        private long bits;
        private int nBits;
        private int width;
        private int hi;

        Encoder() {
            Arrays.fill(keys, -1);
        }

        byte[] encode(byte[] in, int off, int len) {
            // Text-like payloads shrink; random ones grow by at most 12/8. Start near the middle.
            out = new Output(len / 2 + 16, Integer.MAX_VALUE - 16);
            bits = 0;
            nBits = 0;
            width = MIN_WIDTH;
            hi = EOF;
            try {
                return encodeAll(in, off, len);
            } finally {
                emptyDictionary();
                out = null;
            }
        }

        private void emptyDictionary() {
            for (int i = 0; i < filledCount; i++) {
                keys[filled[i]] = -1;
            }
            filledCount = 0;
        }

        private byte[] encodeAll(byte[] in, int off, int len) {
            writeCode(CLEAR);
            if (len > 0) {
                int prefix = in[off] & 0xff;
                for (int i = off + 1; i < off + len; i++) {
                    int b = in[i] & 0xff;
                    int key = (prefix << 8) | b;
                    int slot = find(key);
                    if (keys[slot] == key) {
                        prefix = codes[slot];
                        continue;
                    }
                    writeCode(prefix);
                    prefix = b;
                    if (assignNextCode()) {
                        keys[slot] = key;
                        codes[slot] = (short) hi;
                        filled[filledCount++] = (short) slot;
                    }
                }
                writeCode(prefix);
                assignNextCode();
            }
            writeCode(EOF);
            if (nBits > 0) {
                out.put((byte) bits);
            }
            return out.toArray();
        }

        /**
         * Advances {@code hi} after a code was written. Returns false when the code space ran
         * out: CLEAR was written and the dictionary restarted, so no entry may be added now.
         */
        private boolean assignNextCode() {
            hi++;
            if (hi == 1 << width) {
                width++;
            }
            if (hi == MAX_CODE) {
                writeCode(CLEAR);
                width = MIN_WIDTH;
                hi = EOF;
                emptyDictionary();
                return false;
            }
            return true;
        }

        /** The slot holding {@code key}, or the empty slot where it belongs. */
        private int find(int key) {
            int slot = ((key >>> 12) ^ key) & TABLE_MASK;
            while (keys[slot] != -1 && keys[slot] != key) {
                slot = (slot + 1) & TABLE_MASK;
            }
            return slot;
        }

        private void writeCode(int code) {
            bits |= (long) code << nBits;
            nBits += width;
            while (nBits >= 8) {
                out.put((byte) bits);
                bits >>>= 8;
                nBits -= 8;
            }
        }
    }

    /** The decoder: prefix/suffix tables, expansions assembled backwards in a scratch buffer. */
    private static final class Decoder {
        private static final int NONE = -1;

        private byte[] in;
        private int end;
        private int pos;
        private long bits;
        private int nBits;

        private final int[] prefix = new int[1 << MAX_WIDTH];
        private final byte[] suffix = new byte[1 << MAX_WIDTH];
        private final byte[] scratch = new byte[(1 << MAX_WIDTH) + 1];
        private int maxOutput;
        private Output out;

        byte[] decode(byte[] in, int off, int len, int maxOutput) throws CodecException {
            this.in = in;
            this.pos = off;
            this.end = off + len;
            this.maxOutput = maxOutput;
            this.bits = 0;
            this.nBits = 0;
            // Typical ratios stay below 4:1; the buffer doubles from there, bounded by the cap.
            this.out = new Output((int) Math.min((long) len * 4, Integer.MAX_VALUE - 16), maxOutput);
            try {
                return decodeAll();
            } finally {
                this.in = null; // keep no caller's bytes alive
                this.out = null;
            }
        }

        private byte[] decodeAll() throws CodecException {
            int width = MIN_WIDTH;
            int hi = EOF; // the next code to assign is hi + 1 once a data code follows
            int last = NONE;
            while (true) {
                int code = readCode(width);
                if (code == CLEAR) {
                    width = MIN_WIDTH;
                    hi = EOF;
                    last = NONE;
                    continue;
                }
                if (code == EOF) {
                    return out.toArray();
                }
                if (code > hi) {
                    throw CodecException.malformed(
                            "lzw: invalid code " + code + " (next assignable " + hi + ")");
                }
                int first;
                if (code < CLEAR) {
                    first = code;
                    emit(scratch.length - 1, (byte) code);
                } else {
                    int start = scratch.length;
                    int c = code;
                    if (code == hi && last != NONE) {
                        // The code being defined by this very step: last's expansion + its head.
                        scratch[--start] = headOf(last);
                        c = last;
                    }
                    while (c >= CLEAR) {
                        scratch[--start] = suffix[c];
                        c = prefix[c];
                    }
                    scratch[--start] = (byte) c;
                    first = c;
                    emitScratch(start);
                }
                if (last != NONE) {
                    prefix[hi] = last;
                    suffix[hi] = (byte) first;
                }
                last = code;
                hi++;
                if (hi >= 1 << width) {
                    if (width == MAX_WIDTH) {
                        // Table full: keep decoding with the current entries, define no more.
                        last = NONE;
                        hi--;
                    } else {
                        width++;
                    }
                }
            }
        }

        private byte headOf(int code) {
            int c = code;
            while (c >= CLEAR) {
                c = prefix[c];
            }
            return (byte) c;
        }

        private void emit(int index, byte b) throws CodecException {
            scratch[index] = b;
            emitScratch(index);
        }

        private void emitScratch(int start) throws CodecException {
            int n = scratch.length - start;
            if (n > maxOutput - out.size) {
                throw CodecException.overLimit(
                        "lzw: decompressed size exceeds " + maxOutput + " bytes");
            }
            out.ensure(n);
            System.arraycopy(scratch, start, out.bytes, out.size, n);
            out.size += n;
        }

        private int readCode(int width) throws CodecException {
            while (nBits < width) {
                if (pos >= end) {
                    throw CodecException.malformed("lzw: input ends before the EOF code");
                }
                bits |= (long) (in[pos++] & 0xff) << nBits;
                nBits += 8;
            }
            int code = (int) (bits & ((1 << width) - 1));
            bits >>>= width;
            nBits -= width;
            return code;
        }
    }
}
