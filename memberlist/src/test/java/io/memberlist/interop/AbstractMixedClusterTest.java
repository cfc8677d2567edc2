package io.memberlist.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memberlist.Config;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A mixed cluster shared by the tests of a class, once per Go release ({@link GoVersion}): 3 Go
 * nodes (one gopeer process) and 3 Java nodes; the Java nodes form their own cluster, then j-0
 * joins go-0 (one push/pull merges both halves). Subclasses choose compression and keys; the
 * checks are the same.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(GoVersion.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AbstractMixedClusterTest {
    static final Duration WAIT = Duration.ofSeconds(45);

    @Parameter
    protected GoVersion version;

    protected GoPeer go;
    protected final List<JNode> java = new ArrayList<>();
    protected Set<String> all;

    /** Compression on both sides. */
    protected abstract boolean compress();

    /** Keyring (first = primary) on both sides; empty = no encryption. */
    protected abstract List<byte[]> keys();

    protected Config.Builder tweak(Config.Builder b) {
        b.enableCompression(compress());
        if (!keys().isEmpty()) {
            b.keyring(keys()).secretKey(keys().get(0));
        }
        return b;
    }

    static ConditionFactory waiting() {
        return await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250));
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @BeforeParameterizedClassInvocation
    void startCluster() throws Exception {
        java.clear();
        go = GoPeer.start(GoPeer.options(version, "go").count(3).compress(compress()).keys(keys()).state("go-state"));
        for (int i = 0; i < 3; i++) {
            java.add(JNode.start("j-" + i, this::tweak));
        }
        java.get(1).ml.join(java.get(0).address());
        java.get(2).ml.join(java.get(0).address());
        all = new TreeSet<>(go.names());
        java.forEach(j -> all.add(j.name));
    }

    @AfterParameterizedClassInvocation
    void stopCluster() {
        java.forEach(JNode::close);
        java.clear();
        if (go != null) {
            go.close();
            go = null;
        }
    }

    protected void awaitConverged() {
        waiting().untilAsserted(() -> {
            for (JNode j : java) {
                assertThat(j.aliveNames()).as("alive at %s", j.name).isEqualTo(all);
            }
            assertThat(go.namesInState("alive")).allSatisfy((self, names) ->
                    assertThat(names).as("alive at %s", self).isEqualTo(all));
        });
    }

    protected boolean goEvent(String kind, Predicate<Map<String, Object>> p) {
        return go.anyEvent(e -> kind.equals(e.get("event")) && p.test(e));
    }

    @Test
    @Order(1)
    void mixedClusterConvergesAndJoinExchangesUserState() throws Exception {
        assertThat(java.get(0).ml.join(go.node(0).address())).isEqualTo(1);
        awaitConverged();
        // metadata announced at start crossed over
        assertThat(go.members()).allSatisfy((self, table) -> java.forEach(j ->
                assertThat(table.get(j.name).meta()).as("meta of %s at %s", j.name, self).isEqualTo("meta-" + j.name)));
        // the join push/pull carried user state both ways (join = true)
        waiting().until(() -> goEvent("remote_state",
                e -> "go-0".equals(e.get("self")) && "state-j-0".equals(e.get("state")) && Boolean.TRUE.equals(e.get("join"))));
        assertThat(java.get(0).remoteStates).contains(new JNode.RemoteState("go-state", true));
    }

    @Test
    @Order(2)
    void metadataUpdatesSeenBothWays() {
        go.command("update_meta", Map.of("node", 1, "text", "go-meta-2"));
        JNode j = java.get(1);
        j.meta = "java-meta-2";
        j.ml.updateNode(Duration.ofSeconds(5));
        waiting().untilAsserted(() -> {
            for (JNode x : java) {
                assertThat(x.metaOf("go-1")).as("meta of go-1 at %s", x.name).isEqualTo("go-meta-2");
            }
            assertThat(go.members()).allSatisfy((self, table) ->
                    assertThat(table.get("j-1").meta()).as("meta of j-1 at %s", self).isEqualTo("java-meta-2"));
        });
        waiting().until(() -> java.get(2).eventMeta.get("go-1").equals("go-meta-2"));
        waiting().until(() -> goEvent("update", e -> "j-1".equals(e.get("node")) && "java-meta-2".equals(e.get("meta"))));
    }

    @Test
    @Order(3)
    void userBroadcastsDeliveredBothWays() {
        // memberlist sends a user broadcast retransmitMult * ceil(log10(n + 1)) = 2 times and never
        // relays it: queue a fresh one each round until one reached the other side.
        int[] round = {0};
        waiting().pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            boolean goToJava = java.stream().anyMatch(j -> j.messages.stream().anyMatch(m -> m.startsWith("bc-go-2-")));
            boolean javaToGo = goEvent("user_msg", e -> String.valueOf(e.get("payload")).startsWith("bc-j-2-")
                    && !"j-2".equals(e.get("self")));
            int r = round[0]++;
            if (!goToJava) {
                go.command("broadcast", Map.of("node", 2, "text", "bc-go-2-" + r));
            }
            if (!javaToGo) {
                java.get(2).broadcast("bc-j-2-" + r);
            }
            assertThat(goToJava).as("a Go broadcast reached a Java node").isTrue();
            assertThat(javaToGo).as("a Java broadcast reached a Go node").isTrue();
        });
    }

    @Test
    @Order(4)
    void bestEffortMessagesDeliveredBothWays() {
        // UDP: resend until seen (a datagram may be dropped on a loaded host)
        waiting().untilAsserted(() -> {
            if (!java.get(1).received("be-go-to-j1")) {
                go.command("send_best_effort", Map.of("node", 0, "to", "j-1", "payload", "be-go-to-j1"));
            }
            if (!goEvent("user_msg", e -> "go-2".equals(e.get("self")) && "be-j0-to-go2".equals(e.get("payload")))) {
                assertThat(java.get(0).ml.sendBestEffort("go-2", "be-j0-to-go2".getBytes(StandardCharsets.UTF_8))).isTrue();
            }
            assertThat(java.get(1).received("be-go-to-j1")).isTrue();
            assertThat(goEvent("user_msg", e -> "go-2".equals(e.get("self")) && "be-j0-to-go2".equals(e.get("payload")))).isTrue();
        });
    }

    @Test
    @Order(5)
    void reliableMessagesDeliveredBothWays() throws Exception {
        String big = "r".repeat(3000); // larger than one UDP packet; streams carry any size
        go.command("send_reliable", Map.of("node", 1, "to", "j-2", "payload", "rel-go-to-j2"));
        go.command("send_reliable", Map.of("node", 1, "to", "j-2", "payload_b64", b64(big)));
        java.get(2).ml.sendReliable("go-0", "rel-j2-to-go0".getBytes(StandardCharsets.UTF_8));
        java.get(2).ml.sendReliable("go-0", big.getBytes(StandardCharsets.UTF_8));
        waiting().untilAsserted(() -> {
            assertThat(java.get(2).messages).contains("rel-go-to-j2", big);
            assertThat(goEvent("user_msg", e -> "go-0".equals(e.get("self")) && "rel-j2-to-go0".equals(e.get("payload")))).isTrue();
            assertThat(goEvent("user_msg", e -> "go-0".equals(e.get("self")) && big.equals(e.get("payload")))).isTrue();
        });
    }

    @Test
    @Order(6)
    void periodicPushPullMergesUserStateBothWays() {
        go.command("set_state", Map.of("text", "go-state-2"));
        java.forEach(j -> j.state = "java-state-2");
        waiting().untilAsserted(() -> {
            assertThat(goEvent("remote_state", e -> "java-state-2".equals(e.get("state")))).isTrue();
            assertThat(java.stream().anyMatch(j -> j.remoteStates.contains(new JNode.RemoteState("go-state-2", false))))
                    .isTrue();
        });
    }

    @Test
    @Order(7)
    void stillConvergedAfterwards() {
        awaitConverged();
        assertThat(java).allSatisfy(j -> assertThat(j.leaves).isEmpty());
        assertThat(go.events("leave")).isEmpty();
    }
}
