package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.testing.SimCompletion;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The simulated network carries real bytes: labels and keys matter as on a real network. */
class CodecPathScenarioTest {
    private static final byte[] KEY = new byte[16];

    @Test
    void labelledEncryptedClusterConverges() {
        SimNetwork sim = SimNetwork.builder().seed(3).build();
        Cluster c = Cluster.of(sim).add(8, "n", () -> Config.lan().label("prod").secretKey(KEY)).joinAllToSeed();
        c.converge(Duration.ofSeconds(10));
        assertThat(sim.liveNodes()).allSatisfy(n -> assertThat(n.node().malformedPackets()).isZero());
    }

    @Test
    void nodesWithAnotherLabelOrKeyCannotJoin() {
        SimNetwork sim = SimNetwork.builder().seed(4).build();
        SimNode a = sim.addNode("a", Config.lan().label("prod").secretKey(KEY));
        SimNode b = sim.addNode("b", Config.lan().label("test").secretKey(KEY));
        byte[] otherKey = new byte[16];
        otherKey[0] = 1;
        SimNode c = sim.addNode("c", Config.lan().label("prod").secretKey(otherKey));
        SimCompletion<SimNetwork.JoinOutcome> jb = sim.join(b, a);
        SimCompletion<SimNetwork.JoinOutcome> jc = sim.join(c, a);
        sim.runFor(Duration.ofSeconds(15));
        assertThat(jb.get().joined()).isZero();
        assertThat(jc.get().joined()).isZero();
        assertThat(a.members()).hasSize(1);
        assertThat(b.members()).hasSize(1);
        assertThat(c.members()).hasSize(1);
    }
}
