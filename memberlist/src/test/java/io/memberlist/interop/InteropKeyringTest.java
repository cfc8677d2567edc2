package io.memberlist.interop;

import static io.memberlist.interop.AbstractMixedClusterTest.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.memberlist.JoinException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Encrypted mixed cluster (once per Go release): a wrong key is not admitted; a key rotation loses
 * no member.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(GoVersion.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InteropKeyringTest {
    static final byte[] K1 = InteropKeys.key(11);
    static final byte[] K2 = InteropKeys.key(12);
    static final byte[] WRONG = InteropKeys.key(99);

    private GoPeer go;
    private final List<JNode> java = new ArrayList<>();
    private final Set<String> all = new TreeSet<>();

    static String b64(byte[] k) {
        return Base64.getEncoder().encodeToString(k);
    }

    @Parameter
    GoVersion version;

    @BeforeParameterizedClassInvocation
    void start() throws Exception {
        java.clear();
        all.clear();
        go = GoPeer.start(GoPeer.options(version, "go").count(3).key(K1));
        for (int i = 0; i < 3; i++) {
            java.add(JNode.start("j-" + i, b -> b.enableCompression(false).keyring(List.of(K1)).secretKey(K1)));
        }
        java.get(1).ml.join(java.get(0).address());
        java.get(2).ml.join(java.get(0).address());
        java.get(0).ml.join(go.node(0).address());
        all.addAll(go.names());
        java.forEach(j -> all.add(j.name));
        awaitConverged();
    }

    @AfterParameterizedClassInvocation
    void stop() {
        java.forEach(JNode::close);
        java.clear();
        if (go != null) {
            go.close();
            go = null;
        }
    }

    private void awaitConverged() {
        waiting().untilAsserted(() -> {
            assertThat(java).allSatisfy(j -> assertThat(j.aliveNames()).as("alive at %s", j.name).isEqualTo(all));
            assertThat(go.namesInState("alive")).allSatisfy((self, names) ->
                    assertThat(names).as("alive at %s", self).isEqualTo(all));
        });
    }

    private void assertNoMemberLost() {
        assertThat(java).allSatisfy(j -> assertThat(j.leaves).as("leave events at %s", j.name).isEmpty());
        assertThat(go.events("leave")).as("Go leave events").isEmpty();
    }

    @Test
    @Order(1)
    void nodesWithAWrongKeyAreNotAdmitted() throws Exception {
        try (JNode badJava = JNode.start("j-bad", b -> b.enableCompression(false).keyring(List.of(WRONG)).secretKey(WRONG));
                GoPeer badGo = GoPeer.start(GoPeer.options(version, "go-bad").key(WRONG).join(java.get(0).address()))) {
            assertThatThrownBy(() -> badJava.ml.join(go.node(0).address())).isInstanceOf(JoinException.class);
            assertThat(badGo.node(0).joinError()).isNotNull();
            assertThat(badGo.node(0).joined()).isZero();
            // a while later still nobody lists them, and they list nobody
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(java).allSatisfy(j -> assertThat(j.memberNames()).doesNotContain("j-bad", "go-bad"));
                assertThat(go.members()).allSatisfy((self, t) -> assertThat(t).doesNotContainKeys("j-bad", "go-bad"));
                assertThat(badJava.memberNames()).containsExactly("j-bad");
                assertThat(badGo.members().get("go-bad")).containsOnlyKeys("go-bad");
            });
        }
        assertNoMemberLost();
    }

    @Test
    @Order(2)
    void keyRotationInFlightLosesNoMember() throws Exception {
        go.command("add_key", Map.of("key", b64(K2)));
        java.forEach(j -> j.ml.keyring().addKey(K2));
        awaitConverged();
        go.command("use_key", Map.of("key", b64(K2)));
        java.forEach(j -> j.ml.keyring().useKey(K2));
        awaitConverged();
        go.command("remove_key", Map.of("key", b64(K1)));
        java.forEach(j -> j.ml.keyring().removeKey(K1));

        Map<String, Object> keys = go.command("keys", Map.of("node", 1));
        assertThat(keys.get("keys")).isEqualTo(List.of(b64(K2)));
        assertThat(java).allSatisfy(j -> {
            assertThat(j.ml.keyring().keys()).hasSize(1);
            assertThat(j.ml.keyring().keys().get(0)).isEqualTo(K2);
        });
        // traffic under the new key only: gossip, probes, streams
        java.get(1).ml.sendReliable("go-1", "after-rotation-j".getBytes(StandardCharsets.UTF_8));
        go.command("send_reliable", Map.of("node", 1, "to", "j-1", "payload", "after-rotation-go"));
        waiting().until(() -> java.get(1).received("after-rotation-go")
                && go.anyEvent(e -> "user_msg".equals(e.get("event")) && "after-rotation-j".equals(e.get("payload"))));
        // probes keep succeeding for a few rounds: nobody is suspected away
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(45)).untilAsserted(this::assertConvergedNow);
        assertNoMemberLost();
    }

    private void assertConvergedNow() {
        assertThat(java).allSatisfy(j -> assertThat(j.aliveNames()).as("alive at %s", j.name).isEqualTo(all));
        assertThat(go.namesInState("alive")).allSatisfy((self, names) -> assertThat(names).as("alive at %s", self).isEqualTo(all));
    }
}
