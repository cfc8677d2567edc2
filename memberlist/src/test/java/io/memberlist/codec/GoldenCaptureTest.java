package io.memberlist.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real traffic of Go memberlist 0.2.2, recorded by {@code interop/gopeer} ({@code golden/index.json}):
 * every captured datagram and stream message must decode, through all of its layers, to exactly
 * the messages and fields Go saw, and must re-encode to the very same bytes (for encrypted
 * captures, re-encrypted with the captured nonce).
 */
class GoldenCaptureTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final List<Map<String, Object>> INDEX =
            GoldenJson.objects(GoldenJson.resource("index.json"));

    static Stream<Arguments> packets() {
        return INDEX.stream().filter(e -> "packet".equals(e.get("kind")))
                .map(e -> Arguments.of(e.get("file"), e));
    }

    static Stream<Arguments> streams() {
        return INDEX.stream().filter(e -> "stream".equals(e.get("kind")))
                .map(e -> Arguments.of(e.get("file"), e));
    }

    @Test
    void coversEveryMessageTypeUnderEveryConfiguration() {
        Set<String> configs = new TreeSet<>();
        Set<String> seen = new TreeSet<>();
        for (Map<String, Object> e : INDEX) {
            configs.add((String) e.get("config"));
            for (Map<String, Object> m : messages(e)) {
                seen.add(e.get("config") + "/" + m.get("name"));
            }
        }
        assertThat(configs).contains("plain", "compress", "aes128", "aes192", "aes256",
                "aes128+compress", "aes256+compress");
        List<String> types = List.of("ping", "indirectPing", "ack", "nack", "suspect", "alive",
                "dead", "user", "pushPull");
        for (String config : List.of("plain", "compress", "aes128", "aes192", "aes256",
                "aes128+compress", "aes256+compress")) {
            for (String type : types) {
                assertThat(seen).as("golden vectors for %s under %s", type, config)
                        .contains(config + "/" + type);
            }
        }
        assertThat(seen).anyMatch(s -> s.endsWith("/err"));
        assertThat(INDEX).anyMatch(e -> Long.valueOf(0).equals(e.get("encVersion")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packets")
    void packetDecodesToGoMessagesAndReencodesToSameBytes(String file, Map<String, Object> e)
            throws CodecException {
        byte[] wire = GoldenJson.bytes(file);
        List<String> layers = layers(e);
        CodecOptions options = options(e, layers);
        PacketCodec codec = new PacketCodec(options);

        PacketCodec.Decoded decoded = codec.decode(wire, wire.length);

        assertThat(decoded.dropped()).as("dropped parts").isZero();
        assertThat(decoded.crcPresent()).isEqualTo(layers.contains("crc"));
        List<Map<String, Object>> expected = messages(e);
        assertThat(decoded.messages().stream().map(HEX::formatHex).toList())
                .containsExactlyElementsOf(expected.stream().map(m -> (String) m.get("hex")).toList());
        for (int i = 0; i < expected.size(); i++) {
            byte[] leaf = decoded.messages().get(i);
            Message m = Messages.decodePacket(leaf, 0, leaf.length);
            assertFields(GoFields.of(m), fields(expected.get(i)), m);
            assertThat(HEX.formatHex(Messages.encode(m, IntStyle.V022_UNSIGNED)))
                    .as("re-encoded %s", m.getClass().getSimpleName())
                    .isEqualTo(expected.get(i).get("hex"));
        }

        byte[] payload = layers.contains("compound")
                ? Compound.encode(decoded.messages())
                : decoded.messages().get(0);
        byte[] again = codec.encode(payload, layers.contains("crc"), nonceOf(wire, 1, layers));
        assertThat(HEX.formatHex(again)).as("re-framed packet").isEqualTo(HEX.formatHex(wire));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void streamMessageDecodesToGoMessageAndReencodesToSameBytes(String file, Map<String, Object> e)
            throws CodecException {
        byte[] wire = GoldenJson.bytes(file);
        List<String> layers = layers(e);
        StreamCodec codec = new StreamCodec(options(e, layers));

        StreamCodec.Read read = codec.tryDecode(wire, 0, wire.length, "req".equals(e.get("direction")));

        assertThat(read).isInstanceOf(StreamCodec.Message.class);
        StreamCodec.Message sm = (StreamCodec.Message) read;
        assertThat(sm.encrypted()).isEqualTo(layers.contains("encrypt"));
        assertThat(sm.compressed()).isEqualTo(layers.contains("compress"));
        Map<String, Object> expected = messages(e).get(0);
        byte[] plain = sm.message();
        Messages.Decoded d = Messages.decodeStream(plain, 0, plain.length);
        assertThat(HEX.formatHex(plain, 0, d.consumed())).isEqualTo(expected.get("hex"));
        assertFields(GoFields.of(d.message()), fields(expected), d.message());
        byte[] reencoded = Messages.encodeStream(d.message(), IntStyle.V022_UNSIGNED);
        assertThat(HEX.formatHex(reencoded)).isEqualTo(expected.get("hex"));

        byte[] again = codec.encodeMessage(reencoded, nonceOf(wire, 6, layers));
        assertThat(HEX.formatHex(again)).as("re-framed stream message").isEqualTo(HEX.formatHex(wire));
    }

    private static void assertFields(Map<String, Object> ours, Map<String, Object> go, Message m) {
        for (Map.Entry<String, Object> f : go.entrySet()) {
            String name = f.getKey();
            Object want = f.getValue();
            Object got;
            switch (name) {
                case "UserState" -> {
                    byte[] us = ((PushPull) m).userState();
                    got = us == null ? "" : HEX.formatHex(us);
                    want = want == null ? "" : want;
                }
                case "UserMsgLen" -> got = (long) ((UserMessage) m).payload().length;
                case "States" -> {
                    // maps compare by content, whatever the key order
                    assertThat(ours.get(name)).as("States of %s", m).isEqualTo(new ArrayList<>((List<?>) want));
                    continue;
                }
                default -> got = ours.get(name);
            }
            assertThat(ours.containsKey(name) || name.equals("UserState") || name.equals("UserMsgLen"))
                    .as("field %s known to our decoder", name).isTrue();
            assertThat(Objects.toString(got)).as("field %s of %s", name, m.getClass().getSimpleName())
                    .isEqualTo(Objects.toString(want));
        }
    }

    private static CodecOptions options(Map<String, Object> e, List<String> layers) {
        CodecOptions.Builder b = CodecOptions.builder()
                .compression(((String) e.get("config")).contains("compress"));
        if (layers.contains("encrypt")) {
            b.keyring(Keyring.of(HEX.parseHex((String) e.get("keyHex"))));
            Object v = e.get("encVersion");
            b.protocolVersion(Long.valueOf(0).equals(v) ? 1 : 2);
        }
        return b.build();
    }

    /** A nonce source replaying the nonce found in a captured envelope. */
    private static RandomGenerator nonceOf(byte[] wire, int nonceOffset, List<String> layers) {
        byte[] nonce = new byte[12];
        if (layers.contains("encrypt")) {
            System.arraycopy(wire, nonceOffset, nonce, 0, 12);
        }
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException("only nonces are replayed");
            }

            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(nonce, 0, bytes, 0, bytes.length);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static List<String> layers(Map<String, Object> e) {
        return (List<String>) e.get("layers");
    }

    private static List<Map<String, Object>> messages(Map<String, Object> e) {
        return GoldenJson.objects(e.get("messages"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(Map<String, Object> m) {
        return (Map<String, Object>) m.get("fields");
    }
}
