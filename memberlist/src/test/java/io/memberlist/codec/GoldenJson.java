package io.memberlist.codec;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the golden vectors written by the Go peer ({@code interop/gopeer}) from test resources,
 * parsed by jackson-jr. Integral numbers are handed out as {@link Long} whatever their size, so
 * tests compare them with our decoders' {@code long} fields directly.
 */
final class GoldenJson {
    private GoldenJson() {}

    /** Parses a JSON resource of the 0.2.2 set ({@code /golden/}). */
    static Object resource(String name) {
        return resource(GoldenSet.V022, name);
    }

    /** Parses a JSON resource of a golden set. */
    static Object resource(GoldenSet set, String name) {
        return parse(bytes(set, name));
    }

    /** Parses JSON text: objects as ordered maps, arrays as lists, integers as {@link Long}. */
    static Object parse(byte[] json) {
        try {
            return longs(JSON.std.anyFrom(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of a resource of the 0.2.2 set ({@code /golden/}). */
    static byte[] bytes(String name) {
        return bytes(GoldenSet.V022, name);
    }

    /** The bytes of a resource of a golden set. */
    static byte[] bytes(GoldenSet set, String name) {
        String path = "/" + set.dir + "/" + name;
        try (InputStream in = GoldenJson.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path
                        + " (regenerate with interop/gopeer/regen-golden.sh " + (set == GoldenSet.V022 ? "debian" : "v070") + ")");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(Object array) {
        return (List<Map<String, Object>>) array;
    }

    /** jackson-jr reads small integers as Integer and big ones as Long/BigInteger: make all Long. */
    private static Object longs(Object v) {
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put((String) k, longs(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(longs(x)));
            return out;
        }
        return v;
    }
}
