package io.memberlist.interop;

import static io.memberlist.interop.AbstractMixedClusterTest.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sizes at the edges, once per Go release: node metadata of exactly {@code MetaMaxSize} (512
 * bytes) in alive messages and push/pull both ways, including an update; push/pull user state of
 * {@link #STATE_SIZE} bytes both ways, and of {@link #LARGEST_STATE} bytes compressed (compared by
 * SHA-256).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(GoVersion.class)
class InteropLimitsTest {
    static final int META_MAX = 512;
    /** Large for user state (Consul-style applications send kilobytes), far below the 20 MiB cap. */
    static final int STATE_SIZE = 2 * 1024 * 1024;
    /** gopeer's largest generated state ({@code maxPatternSize}). */
    static final int LARGEST_STATE = 16 * 1024 * 1024;

    @Parameter
    GoVersion version;

    @Test
    void metadataOfMaximumSizeCrossesBothWays() throws Exception {
        String goMeta = "g".repeat(META_MAX - 8) + "go-meta1";
        String javaMeta = "j".repeat(META_MAX - 8) + "j-meta-1";
        try (GoPeer go = GoPeer.start(GoPeer.options(version, "go").count(2).meta(goMeta));
                JNode j = JNode.start("j-big", javaMeta, b -> b.enableCompression(false))) {
            assertThat(j.ml.join(go.node(0).address())).isEqualTo(1);
            waitMetas(go, j, goMeta, javaMeta);
            // updates travel in alive broadcasts (UDP gossip) carrying 512 bytes of meta
            String goMeta2 = "G".repeat(META_MAX - 8) + "go-meta2";
            String javaMeta2 = "J".repeat(META_MAX - 8) + "j-meta-2";
            go.command("update_meta", Map.of("text", goMeta2));
            j.meta = javaMeta2;
            j.ml.updateNode(Duration.ofSeconds(5));
            waitMetas(go, j, goMeta2, javaMeta2);
        }
    }

    private static void waitMetas(GoPeer go, JNode j, String goMeta, String javaMeta) {
        assertThat(goMeta).hasSize(META_MAX);
        assertThat(javaMeta).hasSize(META_MAX);
        waiting().untilAsserted(() -> {
            for (String g : go.names()) {
                assertThat(j.metaOf(g)).as("meta of %s at j-big", g).isEqualTo(goMeta);
            }
            assertThat(go.members()).allSatisfy((self, t) -> {
                assertThat(t.get("j-big").meta()).as("meta of j-big at %s", self).isEqualTo(javaMeta);
                go.names().forEach(g -> assertThat(t.get(g).meta()).as("meta of %s at %s", g, self).isEqualTo(goMeta));
            });
        });
    }

    @Test
    void largeUserStateCrossesBothWays() throws Exception {
        stateCrossesBothWays(STATE_SIZE, false);
    }

    /**
     * The largest user state gopeer generates ({@link #LARGEST_STATE}, 16 MiB), in push/pulls
     * compressed on both sides (Go compresses every push/pull when compression is on, its
     * default): within every stream limit of the node.
     */
    @Test
    void largestUserStateCrossesBothWaysCompressed() throws Exception {
        stateCrossesBothWays(LARGEST_STATE, true);
    }

    private void stateCrossesBothWays(int size, boolean compress) throws Exception {
        byte[] javaState = JNode.pattern(size, 2);
        // Megabytes of state (LZW in Go is slow) on a shared CI machine: the local preset's 1 s
        // TCP timeout measures the machine's load, not the limits; use the LAN preset's 10 s.
        try (GoPeer go = GoPeer.start(GoPeer.options(version, "go").compress(compress).preset("lan"));
                JNode j = JNode.start("j-state", b -> b.enableCompression(compress)
                        .tcpTimeout(java.time.Duration.ofSeconds(10)))) {
            Map<String, Object> set = go.command("set_state", Map.of("size", size, "seed", 1));
            String goSha = JNode.sha256(JNode.pattern(size, 1));
            assertThat(set.get("state_sha256")).as("both sides generate the same pattern").isEqualTo(goSha);
            j.rawState = javaState;
            // the join's push/pull carries both states (join = true)
            assertThat(j.ml.join(go.node(0).address())).isEqualTo(1);
            waiting().untilAsserted(() -> {
                assertThat(j.remoteStateDigests).contains(new JNode.StateDigest(size, goSha, true));
                assertThat(go.anyEvent(e -> "remote_state".equals(e.get("event"))
                        && Integer.valueOf(size).equals(e.get("state_len"))
                        && JNode.sha256(javaState).equals(e.get("state_sha256"))
                        && Boolean.TRUE.equals(e.get("join")))).isTrue();
            });
            assertThat(j.aliveNames()).isEqualTo(Set.of("j-state", "go"));
        }
    }
}
