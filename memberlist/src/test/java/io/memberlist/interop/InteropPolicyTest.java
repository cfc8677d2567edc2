package io.memberlist.interop;

import static io.memberlist.interop.AbstractMixedClusterTest.waiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.memberlist.JoinException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Local admission policies across implementations, once per Go release (both exist since Go
 * v0.2.0/v0.2.1): {@code CIDRsAllowed} on either side admits peers from listed networks and
 * refuses every other one; {@code RequireNodeNames} makes a node refuse to address a peer it
 * cannot name, so it joins by {@code name/host:port}. All nodes are on loopback addresses.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(GoVersion.class)
class InteropPolicyTest {
    /** A second loopback address, for the node whose allowed network excludes 127.0.0.1. */
    static final String OTHER = "127.0.0.2";

    @Parameter
    GoVersion version;

    private static void converge(JNode j, GoPeer g) {
        Set<String> both = Set.of(j.name, g.node(0).name());
        waiting().untilAsserted(() -> {
            assertThat(j.aliveNames()).as("alive at %s", j.name).isEqualTo(both);
            assertThat(g.allSeeAlive(both)).as("%s sees %s alive", g, both).isTrue();
        });
    }

    /** A while later neither lists the other. */
    private static void keptApart(JNode j, GoPeer g) {
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(j.memberNames()).containsExactly(j.name);
            assertThat(g.members()).allSatisfy((self, t) -> assertThat(t).containsOnlyKeys(self));
        });
    }

    /**
     * Go applies {@code CIDRsAllowed} to membership, not to connections: the refused Java node's
     * join push/pull is answered (so the join "succeeds" and the Java node lists the Go node),
     * but the Go node never admits it. The Go node must be inside its own list (it never lists
     * itself otherwise), so it runs on 127.0.0.2 and allows only that address.
     */
    @Test
    void goCidrsAllowedAdmitsListedNetworksOnly() throws Exception {
        try (GoPeer open = GoPeer.start(GoPeer.options(version, "go-lo").cidrs("127.0.0.0/8"));
                GoPeer closed = GoPeer.start(GoPeer.options(version, "go-2").bind(OTHER).cidrs(OTHER + "/32"));
                JNode in = JNode.start("j-in");
                JNode out = JNode.start("j-out")) {
            assertThat(in.ml.join(open.node(0).address())).isEqualTo(1);
            converge(in, open);
            assertThat(out.ml.join(closed.node(0).address())).as("the push/pull is answered").isEqualTo(1);
            neverAdmitted(closed, "j-out");
        }
    }

    /** The same rule on the Java side: the refused Go node's join is answered, never admitted. */
    @Test
    void javaCidrsAllowedAdmitsListedNetworksOnly() throws Exception {
        try (JNode open = JNode.start("j-lo", b -> b.cidrsAllowed(List.of("127.0.0.0/8")));
                JNode closed = JNode.start("j-2", b -> b.bindAddr(OTHER).cidrsAllowed(List.of(OTHER + "/32")));
                GoPeer in = GoPeer.start(GoPeer.options(version, "go-in").join(open.address()));
                GoPeer out = GoPeer.start(GoPeer.options(version, "go-out").join(closed.address()))) {
            assertThat(in.node(0).joinError()).isNull();
            assertThat(in.node(0).joined()).isEqualTo(1);
            converge(open, in);
            assertThat(out.node(0).joinError()).as("the push/pull is answered").isNull();
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(closed.memberNames()).as("members at j-2").doesNotContain("go-out"));
        }
    }

    /** A while later {@code g}'s nodes still do not list {@code name}. */
    private static void neverAdmitted(GoPeer g, String name) {
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(g.members()).allSatisfy((self, t) -> assertThat(t).as("members at %s", self)
                        .doesNotContainKey(name)));
    }

    @Test
    void goRequireNodeNamesJoinsJavaByNameOnly() throws Exception {
        try (JNode j = JNode.start("j-named");
                GoPeer g = GoPeer.start(GoPeer.options(version, "go-strict").requireNodeNames(true))) {
            Map<String, Object> unnamed = g.tryCommand("join", Map.of("addrs", List.of(j.address())));
            assertThat(unnamed.get("ok")).as("join without a node name: %s", unnamed).isEqualTo(false);
            assertThat(String.valueOf(unnamed.get("error"))).contains("node names are required");
            g.command("join", Map.of("addrs", List.of("j-named/" + j.address())));
            converge(j, g);
            // probes in both directions keep succeeding: nobody is suspected for a few rounds
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(j.aliveNames()).containsExactlyInAnyOrder("j-named", "go-strict");
                assertThat(g.allSeeAlive(Set.of("j-named", "go-strict"))).isTrue();
                assertThat(j.leaves).isEmpty();
            });
        }
    }

    @Test
    void javaRequireNodeNamesJoinsGoByName() throws Exception {
        try (GoPeer g = GoPeer.start(GoPeer.options(version, "go-plain"));
                JNode j = JNode.start("j-strict", b -> b.requireNodeNames(true))) {
            assertThat(j.ml.join(g.node(0).namedAddress())).isEqualTo(1);
            converge(j, g);
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(j.aliveNames()).containsExactlyInAnyOrder("j-strict", "go-plain");
                assertThat(g.allSeeAlive(Set.of("j-strict", "go-plain"))).isTrue();
                assertThat(g.events("leave")).isEmpty();
            });
        }
    }

    @Test
    void javaRequireNodeNamesRefusesAnUnnamedJoinLikeGo() throws Exception {
        try (GoPeer g = GoPeer.start(GoPeer.options(version, "go-plain2"));
                JNode j = JNode.start("j-strict2", b -> b.requireNodeNames(true))) {
            assertThatThrownBy(() -> j.ml.join(g.node(0).address())).isInstanceOf(JoinException.class);
            keptApart(j, g);
        }
    }
}
