package io.memberlist.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;

/**
 * The tool's JSON, through jackson-jr: values are the plain shapes {@code Map<String, ?>} (written
 * in iteration order, {@code null} values kept), {@code List<?>}, {@code String}, {@code Number},
 * {@code Boolean} and {@code null}. Reading gives the same shapes back (integral numbers as
 * {@code Integer} or {@code Long}, others as {@code Double}).
 *
 * <p>This class only fixes the settings in one place: nesting is bounded (the status endpoint
 * reads request bodies from whoever can reach it), text after the value is an error, and every
 * failure is an {@link IllegalArgumentException} so callers answer "bad request" without caring
 * which layer of Jackson noticed.
 */
final class JsonCodec {
    /** Deepest nesting accepted when reading; the tool's own documents are 3 levels deep. */
    static final int MAX_DEPTH = 32;

    private static final JSON COMPACT = JSON.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(JSON.Feature.WRITE_NULL_PROPERTIES)
            .build();
    /** Two spaces, {@code "key": value}, arrays one element a line, {@code []} and {@code {}} when empty. */
    private static final JSON PRETTY = COMPACT.with(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("")
                    .withObjectEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")))
            .with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private JsonCodec() {}

    /** One line of JSON (no line breaks, so it fits in one server-sent event's data line). */
    static String write(Object value) {
        return write(COMPACT, value);
    }

    /** Indented, for people. */
    static String writePretty(Object value) {
        return write(PRETTY, value);
    }

    private static String write(JSON json, Object value) {
        try {
            return json.asString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Parses exactly one JSON value; anything but white space after it is an error. */
    static Object parse(String text) {
        try (JsonParser p = COMPACT.createParser(text)) {
            Object value = COMPACT.anyFrom(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("bad JSON: unexpected text after the value");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("bad JSON: " + firstLine(e instanceof JsonProcessingException j ? j.getOriginalMessage() : String.valueOf(e.getMessage())), e);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
