package io.memberlist.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
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
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real traffic of Go memberlist, recorded by {@code interop/gopeer} per release ({@link GoldenSet}:
 * 0.2.2 in {@code golden/}, v0.7.0 with labelled configurations in {@code golden-v070/}): every
 * captured datagram and stream message must decode, through all of its layers, to exactly the
 * messages and fields Go saw, and must re-encode, in the set's integer style, to the very same
 * bytes (for encrypted captures, re-encrypted with the captured nonce).
 */
class GoldenCaptureTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Map<GoldenSet, List<Map<String, Object>>> INDEX = new EnumMap<>(GoldenSet.class);

    static {
        for (GoldenSet set : GoldenSet.values()) {
            INDEX.put(set, GoldenJson.objects(GoldenJson.resource(set, "index.json")));
        }
    }

    private static final List<String> TYPES = List.of("ping", "indirectPing", "ack", "nack", "suspect",
            "alive", "dead", "user", "pushPull");

    /** Configurations each set must cover with every message type. */
    private static final Map<GoldenSet, List<String>> FULL_CONFIGS = Map.of(
            GoldenSet.V022, List.of("plain", "compress", "aes128", "aes192", "aes256", "aes128+compress",
                    "aes256+compress"),
            GoldenSet.V070, List.of("plain", "compress", "aes128", "aes256+compress", "label", "label+aes256",
                    "label+aes128+compress"));

    static Stream<Arguments> packets() {
        return entries("packet");
    }

    static Stream<Arguments> streams() {
        return entries("stream");
    }

    private static Stream<Arguments> entries(String kind) {
        return INDEX.entrySet().stream().flatMap(s -> s.getValue().stream()
                .filter(e -> kind.equals(e.get("kind")))
                .map(e -> Arguments.of(s.getKey() + " " + e.get("file"), s.getKey(), e)));
    }

    /** The recorder writes {@code build.json} (the 0.2.2 set predates it: Debian's package, GOPATH). */
    @Test
    void newestSetWasRecordedByV070() {
        @SuppressWarnings("unchecked")
        Map<String, Object> build = (Map<String, Object>) GoldenJson.resource(GoldenSet.V070, "build.json");
        assertThat(build.get("memberlist")).isEqualTo("v0.7.0");
        assertThat(build.get("msgpack")).isEqualTo("go-msgpack/v2");
    }

    @ParameterizedTest
    @EnumSource(GoldenSet.class)
    void coversEveryMessageTypeUnderEveryConfiguration(GoldenSet set) {
        Set<String> configs = new TreeSet<>();
        Set<String> seen = new TreeSet<>();
        for (Map<String, Object> e : INDEX.get(set)) {
            configs.add((String) e.get("config"));
            for (Map<String, Object> m : messages(e)) {
                seen.add(e.get("config") + "/" + m.get("name"));
            }
        }
        assertThat(configs).containsAll(FULL_CONFIGS.get(set));
        for (String config : FULL_CONFIGS.get(set)) {
            for (String type : TYPES) {
                assertThat(seen).as("golden vectors for %s under %s", type, config)
                        .contains(config + "/" + type);
            }
        }
        assertThat(seen).anyMatch(s -> s.endsWith("/err"));
        assertThat(INDEX.get(set)).anyMatch(e -> Long.valueOf(0).equals(e.get("encVersion")));
    }

    /** v0.7.0: labelled packets and both stream directions, and a refused label, are recorded. */
    @Test
    void newestReleaseCoversLabels() {
        List<Map<String, Object>> index = INDEX.get(GoldenSet.V070);
        assertThat(index).anyMatch(e -> "packet".equals(e.get("kind")) && layers(e).contains("label")
                && layers(e).contains("encrypt"));
        assertThat(index).anyMatch(e -> "stream".equals(e.get("kind")) && "req".equals(e.get("direction"))
                && layers(e).contains("label") && layers(e).contains("encrypt"));
        assertThat(index).anyMatch(e -> "stream".equals(e.get("kind")) && "resp".equals(e.get("direction"))
                && "lbl".equals(e.get("label")) && layers(e).contains("encrypt"));
        assertThat(index).anyMatch(e -> "labelmismatch".equals(e.get("scenario")) && "other".equals(e.get("label")));
        assertThat(INDEX.get(GoldenSet.V022)).allMatch(e -> "".equals(e.get("label")));
    }

    /**
     * go-msgpack/v2 writes Go ints above 127 in signed forms: some v0.7.0 stream messages differ
     * from their unsigned (0.2.2-style) encoding, and none of the 0.2.2 ones does.
     */
    @ParameterizedTest
    @EnumSource(GoldenSet.class)
    void integerStyleMattersExactlyForTheNewRelease(GoldenSet set) throws CodecException {
        int differ = 0;
        for (Map<String, Object> e : INDEX.get(set)) {
            if (!"stream".equals(e.get("kind"))) {
                continue;
            }
            for (Map<String, Object> m : messages(e)) {
                byte[] leaf = HEX.parseHex((String) m.get("hex"));
                Messages.Decoded d = Messages.decodeStream(leaf, 0, leaf.length);
                if (!Arrays.equals(Messages.encodeStream(d.message(), IntStyle.V022_UNSIGNED), leaf)) {
                    differ++;
                }
            }
        }
        if (set.style == IntStyle.V022_UNSIGNED) {
            assertThat(differ).isZero();
        } else {
            assertThat(differ).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packets")
    void packetDecodesToGoMessagesAndReencodesToSameBytes(String name, GoldenSet set, Map<String, Object> e)
            throws CodecException {
        byte[] wire = GoldenJson.bytes(set, (String) e.get("file"));
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
            assertThat(HEX.formatHex(Messages.encode(m, set.style)))
                    .as("re-encoded %s", m.getClass().getSimpleName())
                    .isEqualTo(expected.get(i).get("hex"));
        }

        byte[] payload = layers.contains("compound")
                ? Compound.encode(decoded.messages())
                : decoded.messages().get(0);
        int labelHeader = layers.contains("label") ? Label.PREFIX_LENGTH + (wire[1] & 0xff) : 0;
        assertThat(decoded.label()).isEqualTo(e.get("label"));
        byte[] again = codec.encode(payload, layers.contains("crc"), nonceOf(wire, labelHeader + 1, layers));
        assertThat(HEX.formatHex(again)).as("re-framed packet").isEqualTo(HEX.formatHex(wire));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void streamMessageDecodesToGoMessageAndReencodesToSameBytes(String name, GoldenSet set, Map<String, Object> e)
            throws CodecException {
        byte[] wire = GoldenJson.bytes(set, (String) e.get("file"));
        List<String> layers = layers(e);
        StreamCodec codec = new StreamCodec(options(e, layers));
        boolean request = "req".equals(e.get("direction"));

        StreamCodec.Read read = codec.tryDecode(wire, 0, wire.length, request);

        assertThat(read).isInstanceOf(StreamCodec.Message.class);
        StreamCodec.Message sm = (StreamCodec.Message) read;
        assertThat(sm.consumed()).isEqualTo(wire.length);
        assertThat(sm.label()).isEqualTo(e.get("label"));
        assertThat(sm.encrypted()).isEqualTo(layers.contains("encrypt"));
        assertThat(sm.compressed()).isEqualTo(layers.contains("compress"));
        Map<String, Object> expected = messages(e).get(0);
        byte[] plain = sm.message();
        Messages.Decoded d = Messages.decodeStream(plain, 0, plain.length);
        assertThat(HEX.formatHex(plain, 0, d.consumed())).isEqualTo(expected.get("hex"));
        assertFields(GoFields.of(d.message()), fields(expected), d.message());
        byte[] reencoded = Messages.encodeStream(d.message(), set.style);
        assertThat(HEX.formatHex(reencoded)).isEqualTo(expected.get("hex"));

        // only the dialer's request carries the label header, written before the message
        byte[] header = layers.contains("label") ? codec.labelHeader() : new byte[0];
        assertThat(header.length == 0).isEqualTo(!request || "".equals(e.get("label")));
        byte[] again = codec.encodeMessage(reencoded, nonceOf(wire, header.length + 6, layers));
        assertThat(HEX.formatHex(header) + HEX.formatHex(again)).as("re-framed stream message")
                .isEqualTo(HEX.formatHex(wire));
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
                .compression(((String) e.get("config")).contains("compress"))
                .label((String) e.get("label"));
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
