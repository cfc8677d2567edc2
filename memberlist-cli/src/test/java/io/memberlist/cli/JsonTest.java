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

class JsonTest {
    @Test
    void writesInInsertionOrderWithEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", "q\"uote\\ \n\t\u0001");
        m.put("a", List.of(1, 2L, 2.5, true, false));
        m.put("n", null);
        m.put("nan", Double.NaN);

        assertThat(Json.write(m)).isEqualTo(
                "{\"b\":\"q\\\"uote\\\\ \\n\\t\\u0001\",\"a\":[1,2,2.5,true,false],\"n\":null,\"nan\":null}");
    }

    @Test
    void prettyPrints() {
        assertThat(Json.writePretty(Map.of("a", List.of(1)))).isEqualTo("{\n  \"a\": [\n    1\n  ]\n}");
        assertThat(Json.writePretty(List.of())).isEqualTo("[]");
    }

    @Test
    void roundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "héllo \u2028 \"x\"");
        m.put("l", Arrays.asList(1L, -2L, 0.5, null, "x", Map.of()));
        m.put("o", Map.of("k", List.of()));
        m.put("t", true);

        assertThat(Json.parse(Json.write(m))).isEqualTo(m);
        assertThat(Json.parse(Json.writePretty(m))).isEqualTo(m);
    }

    @Test
    void parsesEscapesAndNumbers() {
        assertThat(Json.parse(" \"\\u0041\\/\\b\" ")).isEqualTo("A/\b");
        assertThat(Json.parse("-12")).isEqualTo(-12L);
        assertThat(Json.parse("1e3")).isEqualTo(1000.0);
        assertThat(Json.parse("[\"a:1\", \"b:2\"]")).isEqualTo(List.of("a:1", "b:2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[", "{\"a\" 1}", "[1,]", "tru", "\"abc", "{\"a\":1} x", "[1 2]", "\"\\x\"", "{1:2}",
        "\"\\u12\"", "-", "\"a\nb\""})
    void rejectsMalformedInput(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad JSON at offset");
    }

    @Test
    void boundsNesting() {
        assertThatThrownBy(() -> Json.parse("[".repeat(100_000))).hasMessageContaining("nested deeper than");
    }
}
