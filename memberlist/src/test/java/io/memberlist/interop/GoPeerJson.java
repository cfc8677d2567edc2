package io.memberlist.interop;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** JSON lines of the Go peer's protocol ({@code gopeer node}), read and written by jackson-jr. */
final class GoPeerJson {
    private GoPeerJson() {}

    /** One line as a map; numbers as jackson-jr reads them (Integer, Long, Double, ...). */
    static Map<String, Object> parseObject(String text) {
        try {
            return JSON.std.mapFrom(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + text, e);
        }
    }

    /** A command line: maps, lists, strings, numbers, booleans and null. */
    static String write(Map<String, Object> v) {
        try {
            return JSON.std.asString(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
