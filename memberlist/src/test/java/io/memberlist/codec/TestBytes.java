package io.memberlist.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

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
}
