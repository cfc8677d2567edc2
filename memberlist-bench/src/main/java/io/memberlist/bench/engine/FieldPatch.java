package io.memberlist.bench.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a fixed-width big-endian field sits in an encoded message, found by encoding the message
 * twice with two values that differ in every byte and comparing: the benchmarks then rewrite the
 * field in a copy of the bytes instead of encoding a new message for every operation. Values must
 * keep the encoding width (an incarnation from 2^24 on is always {@code 0xce} + 4 bytes, a
 * 4-byte meta is always {@code 0xc4 0x04} + 4 bytes).
 */
final class FieldPatch {
    private final int[] offsets;

    private FieldPatch(int[] offsets) {
        this.offsets = offsets;
    }

    /**
     * Every run of 4 differing bytes between {@code a} and {@code b} (same length, same encoding
     * apart from 4-byte fields holding values that differ in each byte).
     *
     * @throws IllegalArgumentException when the encodings do not line up that way
     */
    static FieldPatch find(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("encodings differ in length: " + a.length + " vs " + b.length);
        }
        List<Integer> starts = new ArrayList<>();
        int i = 0;
        while (i < a.length) {
            if (a[i] == b[i]) {
                i++;
                continue;
            }
            for (int k = 0; k < 4; k++) {
                if (i + k >= a.length || a[i + k] == b[i + k]) {
                    throw new IllegalArgumentException("a differing run at " + i + " is not 4 bytes long");
                }
            }
            starts.add(i);
            i += 4;
        }
        int[] out = new int[starts.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = starts.get(k);
        }
        return new FieldPatch(out);
    }

    int count() {
        return offsets.length;
    }

    /** Writes {@code value} into every occurrence, shifted by {@code base} bytes. */
    void write(byte[] buf, int base, int value) {
        for (int off : offsets) {
            put(buf, base + off, value);
        }
    }

    /** Writes {@code value} into occurrence {@code k} only. */
    void write(byte[] buf, int base, int k, int value) {
        put(buf, base + offsets[k], value);
    }

    private static void put(byte[] buf, int at, int value) {
        buf[at] = (byte) (value >>> 24);
        buf[at + 1] = (byte) (value >>> 16);
        buf[at + 2] = (byte) (value >>> 8);
        buf[at + 3] = (byte) value;
    }
}
