package io.memberlist.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import java.util.zip.CRC32;

/** Byte literals for codec tests. */
final class TestBytes {
    private TestBytes() {}

    /** Hex with any whitespace ignored. */
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Concatenates byte arrays, hex strings and "quoted" ASCII (written as {@code "\"text"}). */
    static byte[] cat(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof byte[] b) {
                out.writeBytes(b);
            } else if (p instanceof String s && s.startsWith("\"")) {
                out.writeBytes(ascii(s.substring(1)));
            } else if (p instanceof String s) {
                out.writeBytes(hex(s));
            } else if (p instanceof Integer i) {
                out.write(i);
            } else {
                throw new IllegalArgumentException(String.valueOf(p));
            }
        }
        return out.toByteArray();
    }

    /** A fixstr key: header plus ASCII. */
    static byte[] key(String name) {
        return cat(0xa0 | name.length(), "\"" + name);
    }

    static long crc32(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b);
        return crc.getValue();
    }

    /** The generator of PROTOCOL.md §7: x ← x·1103515245 + 12345 (mod 2³²), byte = (x >> 16) & 0xff. */
    static byte[] lcg(int n, int seed, int mod) {
        byte[] b = new byte[n];
        int x = seed;
        for (int i = 0; i < n; i++) {
            x = x * 1103515245 + 12345;
            int v = (x >>> 16) & 0xff;
            b[i] = (byte) (mod > 0 ? v % mod : v);
        }
        return b;
    }

    /** A nonce source that always yields the given bytes, to pin test vectors. */
    static RandomGenerator fixedNonce(byte[] nonce) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException("only nextBytes is expected");
            }

            @Override
            public void nextBytes(byte[] bytes) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = nonce[i % nonce.length];
                }
            }
        };
    }
}
