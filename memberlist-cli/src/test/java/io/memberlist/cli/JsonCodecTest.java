package io.memberlist.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The settings {@link JsonCodec} puts on jackson-jr: what the endpoint and the commands rely on. */
class JsonCodecTest {
    @Test
    void writesOneLineInInsertionOrderKeepingNulls() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", "q\"uote\\ \n\t\u0001");
        m.put("a", List.of(1, 2L, 2.5, true, false));
        m.put("n", null);

        assertThat(JsonCodec.write(m)).isEqualTo(
                "{\"b\":\"q\\\"uote\\\\ \\n\\t\\u0001\",\"a\":[1,2,2.5,true,false],\"n\":null}");
    }

    @Test
    void prettyPrints() {
        assertThat(JsonCodec.writePretty(Map.of("a", List.of(1)))).isEqualTo("{\n  \"a\": [\n    1\n  ]\n}");
        assertThat(JsonCodec.writePretty(List.of(Map.of()))).isEqualTo("[\n  {}\n]");
        assertThat(JsonCodec.writePretty(List.of())).isEqualTo("[]");
    }

    @Test
    void roundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "héllo \u2028 \"x\"");
        m.put("l", Arrays.asList(1, -2, 0.5, null, "x", Map.of(), 5_000_000_000L));
        m.put("o", Map.of("k", List.of()));
        m.put("t", true);

        assertThat(JsonCodec.parse(JsonCodec.write(m))).isEqualTo(m);
        assertThat(JsonCodec.parse(JsonCodec.writePretty(m))).isEqualTo(m);
    }

    @Test
    void parsesEscapesAndNumbers() {
        assertThat(JsonCodec.parse(" \"\\u0041\\/\\b\" ")).isEqualTo("A/\b");
        assertThat(JsonCodec.parse("-12")).isEqualTo(-12);
        assertThat(JsonCodec.parse("1e3")).isEqualTo(1000.0);
        assertThat(JsonCodec.parse("[\"a:1\", \"b:2\"]")).isEqualTo(List.of("a:1", "b:2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[", "{\"a\" 1}", "[1,]", "tru", "\"abc", "{\"a\":1} x", "{\"a\":1} 2", "[1 2]",
        "\"\\x\"", "{1:2}", "\"\\u12\"", "-", "\"a\nb\""})
    void rejectsMalformedInputWithOneExceptionType(String text) {
        assertThatThrownBy(() -> JsonCodec.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad JSON");
    }

    @Test
    void boundsNesting() {
        String deep = "[".repeat(JsonCodec.MAX_DEPTH + 1) + "]".repeat(JsonCodec.MAX_DEPTH + 1);
        String ok = "[".repeat(JsonCodec.MAX_DEPTH) + "]".repeat(JsonCodec.MAX_DEPTH);

        assertThat(JsonCodec.parse(ok)).isInstanceOf(List.class);
        assertThatThrownBy(() -> JsonCodec.parse(deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> JsonCodec.parse("[".repeat(100_000))).isInstanceOf(IllegalArgumentException.class);
    }
}
