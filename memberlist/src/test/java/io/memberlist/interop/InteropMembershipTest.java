package io.memberlist.interop;

import static io.memberlist.interop.AbstractMixedClusterTest.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.MemberState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Joins, graceful leaves and crashes across implementations, on shared clusters (once per Go
 * release): a 3-node Go cluster and a 3-node Java cluster, first visited by single nodes of the
 * other kind, then merged.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(GoVersion.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InteropMembershipTest {
    private GoPeer go;
    private final List<JNode> java = new ArrayList<>();
    private JNode jx;
    private GoPeer gx;
    private GoPeer gk;

    @Parameter
    GoVersion version;

    @BeforeParameterizedClassInvocation
    void start() throws Exception {
        java.clear();
        jx = null;
        gx = null;
        gk = null;
        go = GoPeer.start(GoPeer.options(version, "go").count(3));
        for (int i = 0; i < 3; i++) {
            java.add(JNode.start("j-" + i, b -> b.enableCompression(false)));
        }
        java.get(1).ml.join(java.get(0).address());
        java.get(2).ml.join(java.get(0).address());
    }

    @AfterParameterizedClassInvocation
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {jx, gx, gk}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
        java.forEach(JNode::close);
        java.clear();
        if (go != null) {
            go.close();
            go = null;
        }
    }

    private void awaitJavaSee(Set<String> alive, List<JNode> nodes) {
        waiting().untilAsserted(() -> assertThat(nodes).allSatisfy(j ->
                assertThat(j.aliveNames()).as("alive at %s", j.name).isEqualTo(alive)));
    }

    @Test
    @Order(1)
    void javaNodeJoinsGoCluster() throws Exception {
        jx = JNode.start("jx", b -> b.enableCompression(false));
        assertThat(jx.ml.join(go.node(0).address())).isEqualTo(1);
        Set<String> want = Set.of("go-0", "go-1", "go-2", "jx");
        waiting().until(() -> go.allSeeAlive(want));
        awaitJavaSee(want, List.of(jx));
    }

    @Test
    @Order(2)
    void javaLeaveIsSeenAsLeftByGo() {
        jx.ml.leave(Duration.ofSeconds(5));
        jx.close();
        waiting().untilAsserted(() -> assertThat(go.notYetGone("jx", "left")).isEmpty());
        assertThat(go.events("leave")).anyMatch(e -> "jx".equals(e.get("node")));
    }

    @Test
    @Order(3)
    void goNodeJoinsJavaCluster() {
        gx = GoPeer.start(GoPeer.options(version, "gx").join(java.get(0).address()));
        assertThat(gx.node(0).joinError()).isNull();
        assertThat(gx.node(0).joined()).isEqualTo(1);
        Set<String> want = Set.of("j-0", "j-1", "j-2", "gx");
        awaitJavaSee(want, java);
        waiting().until(() -> gx.allSeeAlive(want));
    }

    @Test
    @Order(4)
    void goLeaveIsSeenAsLeftByJava() {
        gx.command("leave", Map.of("timeout_ms", 5000));
        gx.command("shutdown");
        waiting().untilAsserted(() -> assertThat(java).allSatisfy(j ->
                assertThat(j.eventState.get("gx")).as("gx at %s", j.name).isEqualTo(MemberState.LEFT)));
        awaitJavaSee(Set.of("j-0", "j-1", "j-2"), java);
        gx.close();
    }

    @Test
    @Order(5)
    void mixedClusterOfThreeAndThreeConverges() throws Exception {
        assertThat(java.get(0).ml.join(go.node(0).address())).isEqualTo(1);
        Set<String> all = Set.of("go-0", "go-1", "go-2", "j-0", "j-1", "j-2");
        awaitJavaSee(all, java);
        waiting().until(() -> go.allSeeAlive(all));
    }

    @Test
    @Order(6)
    void javaCrashIsSeenDeadByGo() {
        JNode victim = java.remove(2);
        victim.close(); // no leave
        waiting().untilAsserted(() -> assertThat(go.notYetGone("j-2", "dead")).isEmpty());
        waiting().untilAsserted(() -> assertThat(java).allSatisfy(j ->
                assertThat(j.eventState.get("j-2")).isEqualTo(MemberState.DEAD)));
    }

    @Test
    @Order(7)
    void goCrashesAreSeenDeadByJava() {
        gk = GoPeer.start(GoPeer.options(version, "gk").join(java.get(1).address()));
        Set<String> all = Set.of("go-0", "go-1", "go-2", "j-0", "j-1", "gk");
        awaitJavaSee(all, java);
        // every Go node must know gk before it dies, or it has nothing to report as dead
        waiting().until(() -> go.allSeeAlive(all));
        gk.kill(); // SIGKILL: the process dies mid-protocol
        go.command("shutdown", Map.of("node", 2)); // Shutdown() without Leave
        waiting().untilAsserted(() -> assertThat(java).allSatisfy(j -> {
            assertThat(j.eventState.get("gk")).as("gk at %s", j.name).isEqualTo(MemberState.DEAD);
            assertThat(j.eventState.get("go-2")).as("go-2 at %s", j.name).isEqualTo(MemberState.DEAD);
        }));
        awaitJavaSee(Set.of("go-0", "go-1", "j-0", "j-1"), java);
        waiting().untilAsserted(() -> assertThat(go.notYetGone("gk", "dead")).isEmpty());
    }
}
