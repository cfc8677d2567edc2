package io.memberlist.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Loads the golden vectors written by the Go peer ({@code interop/gopeer}) from test resources. */
final class GoldenJson {
    private GoldenJson() {}

    /** Parses a JSON resource under {@code /golden/}. */
    static Object resource(String name) {
        return MiniJson.parse(new String(bytes(name), StandardCharsets.UTF_8));
    }

    /** The bytes of a resource under {@code /golden/}. */
    static byte[] bytes(String name) {
        try (InputStream in = GoldenJson.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /golden/" + name
                        + " (regenerate with interop/gopeer/regen-golden.sh)");
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
}
