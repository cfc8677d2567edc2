package io.memberlist.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Go's compress/lzw output ({@code lzw.json} of every {@link GoldenSet}): our encoder matches it
 * byte for byte.
 */
class GoldenLzwTest {
    private static final HexFormat HEX = HexFormat.of();

    static Stream<Arguments> vectors() {
        return Stream.of(GoldenSet.values()).flatMap(set -> {
            List<Map<String, Object>> all = GoldenJson.objects(GoldenJson.resource(set, "lzw.json"));
            return all.stream().map(v -> Arguments.of(set + " " + v.get("name"), v));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void compressesLikeGoAndDecompressesBack(String name, Map<String, Object> v) throws CodecException {
        byte[] input = HEX.parseHex((String) v.get("inputHex"));
        byte[] output = HEX.parseHex((String) v.get("outputHex"));
        assertThat(input.length).isEqualTo(((Long) v.get("inputLen")).intValue());

        assertThat(HEX.formatHex(Lzw.compress(input))).isEqualTo(HEX.formatHex(output));
        assertThat(Lzw.decompress(output, 0, output.length)).isEqualTo(input);
    }
}
