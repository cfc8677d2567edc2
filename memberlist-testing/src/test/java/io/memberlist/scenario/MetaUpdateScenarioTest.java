package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Delegate;
import io.memberlist.Member;
import io.memberlist.core.MemberEvent;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetaUpdateScenarioTest {
    @Test
    void metadataUpdatePropagatesToAll() {
        int n = 30;
        SimNetwork sim = SimNetwork.builder().seed(30).build();
        byte[][] meta = {"v1".getBytes(StandardCharsets.UTF_8)};
        Delegate d = new Delegate() {
            @Override
            public byte[] nodeMeta(int limit) {
                return meta[0];
            }
        };
        Cluster c = Cluster.of(sim).add(n, "n", () -> Config.lan().delegate(d)).joinAllToSeed();
        c.converge(Duration.ofSeconds(10));
        SimNode x = c.nodes.get(7);
        for (SimNode o : c.nodes) {
            assertThat(sim.viewOf(o, x.name()).meta()).asString().isEqualTo("v1");
        }
        Set<String> updatedAt = new HashSet<>();
        sim.onEvent((node, e) -> {
            if (e instanceof MemberEvent.Updated u && u.member().name().equals(x.name())) {
                updatedAt.add(node.name());
            }
        });
        meta[0] = "v2".getBytes(StandardCharsets.UTF_8);
        long before = x.localMember().incarnation();
        long t0 = sim.nowNanos();
        sim.updateMeta(x, Duration.ofSeconds(5));
        boolean all = sim.runUntil(s -> c.nodes.stream()
                .allMatch(o -> new String(sim.viewOf(o, x.name()).meta(), StandardCharsets.UTF_8).equals("v2")),
                Duration.ofSeconds(5), Duration.ofMillis(1));
        System.out.printf("meta: update seen by all after %d ms%n", (sim.nowNanos() - t0) / 1_000_000);
        assertThat(all).isTrue();
        assertThat(updatedAt).hasSizeGreaterThanOrEqualTo(n - 1);
        for (SimNode o : c.nodes) {
            Member m = sim.viewOf(o, x.name());
            assertThat(m.incarnation()).isEqualTo(before + 1);
        }
    }
}
