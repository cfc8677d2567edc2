package io.memberlist.interop;

import static io.memberlist.interop.AbstractMixedClusterTest.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.memberlist.Config;
import io.memberlist.JoinException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Labels (Go v0.3.0+, so once per release that has them): a labelled, encrypted, compressed
 * cluster of 2 Go and 2 Java nodes merges in both directions; nodes with another label or without
 * a label never get in, and a labelled node never gets into an unlabelled cluster, whichever
 * side (Go or Java) the joining node and the cluster are. The outsiders share the cluster's key,
 * so it is the label that keeps them out.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.memberlist.interop.GoVersion#withLabels")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InteropLabelTest {
    static final String LABEL = "blue";
    static final byte[] KEY = InteropKeys.key(21);

    @Parameter
    GoVersion version;

    private GoPeer go;
    private GoPeer gx;
    private final List<JNode> java = new ArrayList<>();
    private final Set<String> members = new TreeSet<>();

    static Config.Builder labelled(Config.Builder b, String label) {
        return b.label(label).keyring(List.of(KEY)).secretKey(KEY).enableCompression(true);
    }

    @BeforeParameterizedClassInvocation
    void start() throws Exception {
        java.clear();
        members.clear();
        go = GoPeer.start(GoPeer.options(version, "go").count(2).label(LABEL).key(KEY).compress(true));
        for (int i = 0; i < 2; i++) {
            java.add(JNode.start("j-" + i, b -> labelled(b, LABEL)));
        }
        java.get(1).ml.join(java.get(0).address());
        members.addAll(go.names());
        java.forEach(j -> members.add(j.name));
    }

    @AfterParameterizedClassInvocation
    void stop() {
        java.forEach(JNode::close);
        java.clear();
        for (GoPeer g : new GoPeer[] {gx, go}) {
            if (g != null) {
                g.close();
            }
        }
        gx = null;
        go = null;
    }

    private void awaitMembers() {
        waiting().untilAsserted(() -> {
            assertThat(java).allSatisfy(j -> assertThat(j.aliveNames()).as("alive at %s", j.name).isEqualTo(members));
            assertThat(go.namesInState("alive")).allSatisfy((self, n) -> assertThat(n).as("alive at %s", self)
                    .isEqualTo(members));
        });
    }

    /** Neither side lists the outsiders, and each outsider lists only itself, a while later. */
    private void assertKeptApart(List<JNode> javaOutsiders, List<GoPeer> goOutsiders, Set<String> names) {
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(java).allSatisfy(j -> assertThat(j.memberNames()).as("members at %s", j.name)
                    .doesNotContainAnyElementsOf(names));
            assertThat(go.members()).allSatisfy((self, t) -> assertThat(t.keySet()).as("members at %s", self)
                    .doesNotContainAnyElementsOf(names));
            assertThat(javaOutsiders).allSatisfy(j -> assertThat(j.memberNames()).containsExactly(j.name));
            assertThat(goOutsiders).allSatisfy(g -> assertThat(g.members())
                    .allSatisfy((self, t) -> assertThat(t).containsOnlyKeys(self)));
        });
    }

    @Test
    @Order(1)
    void sameLabelJavaJoinsGo() throws Exception {
        assertThat(java.get(0).ml.join(go.node(0).address())).isEqualTo(1);
        awaitMembers();
        // streams and packets both carry the label: a reliable and a best-effort message each way
        java.get(1).ml.sendReliable("go-1", "rel-j1".getBytes(StandardCharsets.UTF_8));
        go.command("send_reliable", Map.of("node", 1, "to", "j-1", "payload", "rel-go1"));
        waiting().untilAsserted(() -> {
            if (!java.get(0).received("be-go0")) {
                go.command("send_best_effort", Map.of("node", 0, "to", "j-0", "payload", "be-go0"));
            }
            assertThat(java.get(1).received("rel-go1")).isTrue();
            assertThat(java.get(0).received("be-go0")).isTrue();
            assertThat(go.anyEvent(e -> "user_msg".equals(e.get("event")) && "rel-j1".equals(e.get("payload"))))
                    .isTrue();
        });
    }

    @Test
    @Order(2)
    void sameLabelGoJoinsJava() {
        gx = GoPeer.start(GoPeer.options(version, "gx").label(LABEL).key(KEY).compress(true)
                .join(java.get(1).address()));
        assertThat(gx.node(0).joinError()).isNull();
        assertThat(gx.node(0).joined()).isEqualTo(1);
        members.add("gx");
        awaitMembers();
        waiting().until(() -> gx.allSeeAlive(members));
    }

    @Test
    @Order(3)
    void otherLabelNeverMergesEitherWay() throws Exception {
        try (JNode red = JNode.start("j-red", b -> labelled(b, "red"));
                GoPeer gred = GoPeer.start(GoPeer.options(version, "go-red").label("red").key(KEY).compress(true)
                        .join(java.get(0).address()))) {
            assertThatThrownBy(() -> red.ml.join(go.node(0).address())).isInstanceOf(JoinException.class);
            assertThat(gred.node(0).joinError()).isNotNull();
            assertThat(gred.node(0).joined()).isZero();
            assertKeptApart(List.of(red), List.of(gred), Set.of("j-red", "go-red"));
        }
    }

    @Test
    @Order(4)
    void missingLabelNeverMergesEitherWay() throws Exception {
        try (JNode plain = JNode.start("j-plain", b -> labelled(b, ""));
                GoPeer gplain = GoPeer.start(GoPeer.options(version, "go-plain").key(KEY).compress(true)
                        .join(java.get(0).address()))) {
            assertThatThrownBy(() -> plain.ml.join(go.node(1).address())).isInstanceOf(JoinException.class);
            assertThat(gplain.node(0).joinError()).isNotNull();
            assertThat(gplain.node(0).joined()).isZero();
            assertKeptApart(List.of(plain), List.of(gplain), Set.of("j-plain", "go-plain"));
        }
    }

    @Test
    @Order(5)
    void labelledNodesNeverGetIntoAnUnlabelledCluster() throws Exception {
        // an unlabelled Go node and an unlabelled Java node, both with the cluster's key
        try (JNode plain = JNode.start("j-plain2", b -> labelled(b, ""));
                GoPeer gplain = GoPeer.start(GoPeer.options(version, "go-plain2").key(KEY).compress(true))) {
            assertThatThrownBy(() -> java.get(1).ml.join(gplain.node(0).address())).isInstanceOf(JoinException.class);
            Map<String, Object> reply = go.tryCommand("join", Map.of("node", 0, "addrs", List.of(plain.address())));
            assertThat(reply.get("ok")).isEqualTo(false);
            assertKeptApart(List.of(plain), List.of(gplain), Set.of("j-plain2", "go-plain2"));
        }
    }

    @Test
    @Order(6)
    void clusterIntactAfterwards() {
        awaitMembers();
        assertThat(java).allSatisfy(j -> assertThat(j.leaves).as("leave events at %s", j.name).isEmpty());
        assertThat(go.events("leave")).isEmpty();
    }
}
