package io.memberlist.codec;

import java.io.ByteArrayOutputStream;

/**
 * Builds the cheapest LZW decompression bomb our decoder accepts: fill the dictionary with ever
 * longer runs of one byte (each code is the one being defined, so entry k expands to k - 256
 * bytes), then repeat the longest entry (3,839 bytes per 12-bit code) until the wanted size.
 * About 1,900 bytes out per byte in: 22 KB of stream expand to 40 MiB. Our own encoder never
 * produces this (it restarts the dictionary when full); the decoder must accept it (Go's does).
 */
public final class LzwBomb {
    private LzwBomb() {}

    /** An LZW stream that decompresses to exactly {@code size} zero bytes (at least 1). */
    public static byte[] lzw(long size) {
        Bits out = new Bits();
        int width = Lzw.MIN_WIDTH;
        out.write(Lzw.CLEAR, width);
        // The first code: literal 0, one byte.
        out.write(0, width);
        long produced = 1;
        int hi = Lzw.EOF + 1; // next code the decoder assigns
        int entryLength = 1; // expansion length of the last code emitted
        boolean full = false;
        while (produced < size) {
            if (!full) {
                long next = entryLength + 1;
                if (produced + next > size) {
                    break;
                }
                out.write(hi, width); // the code being defined: previous expansion + its head
                produced += next;
                entryLength = (int) next;
                hi++;
                if (hi >= 1 << width) {
                    if (width == Lzw.MAX_WIDTH) {
                        full = true;
                        hi--;
                    } else {
                        width++;
                    }
                }
            } else {
                if (produced + entryLength > size) {
                    break;
                }
                out.write(Lzw.MAX_CODE, width);
                produced += entryLength;
            }
        }
        // Top up with literal zeros (each defines an entry only while the table has room).
        while (produced < size) {
            out.write(0, width);
            produced++;
            if (!full) {
                hi++;
                if (hi >= 1 << width) {
                    if (width == Lzw.MAX_WIDTH) {
                        full = true;
                        hi--;
                    } else {
                        width++;
                    }
                }
            }
        }
        out.write(Lzw.EOF, width);
        return out.finish();
    }

    /** The bomb wrapped in a compress message (type 9), as a packet body. */
    public static byte[] compressMessage(long size) {
        byte[] lzw = lzw(size);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(MessageType.COMPRESS);
        b.write(0x82);
        b.writeBytes(new byte[] {(byte) 0xa4, 'A', 'l', 'g', 'o', 0x00});
        b.writeBytes(new byte[] {(byte) 0xa3, 'B', 'u', 'f'});
        if (lzw.length < 0x10000) {
            b.write(0xda);
            b.write(lzw.length >>> 8);
            b.write(lzw.length);
        } else {
            b.write(0xdb);
            b.write(lzw.length >>> 24);
            b.write(lzw.length >>> 16);
            b.write(lzw.length >>> 8);
            b.write(lzw.length);
        }
        b.writeBytes(lzw);
        return b.toByteArray();
    }

    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long acc;
        private int n;

        void write(int code, int width) {
            acc |= (long) code << n;
            n += width;
            while (n >= 8) {
                out.write((int) acc & 0xff);
                acc >>>= 8;
                n -= 8;
            }
        }

        byte[] finish() {
            if (n > 0) {
                out.write((int) acc & 0xff);
            }
            return out.toByteArray();
        }
    }
}
