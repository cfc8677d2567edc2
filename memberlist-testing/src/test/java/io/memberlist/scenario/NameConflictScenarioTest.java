package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameConflictScenarioTest {
    /** Two nodes claim one name from different addresses: others report a conflict and keep the first address. */
    @Test
    void secondNodeWithTheSameNameIsReportedAndTheFirstAddressKept() {
        SimNetwork sim = SimNetwork.builder().seed(5).build();
        List<String> conflicts = Collections.synchronizedList(new ArrayList<>());
        Cluster c = Cluster.of(sim).add(5, "n", () -> Config.lan().conflict((existing, other) ->
                conflicts.add(existing.name() + " " + existing.address() + " vs " + other.address())));
        c.joinAllToSeed();
        c.converge(Duration.ofSeconds(10));
        SimNode original = c.nodes.get(2);
        SimNode impostor = sim.addConflictingNode(original.name(), Config.lan());
        assertThat(impostor.endpoint()).isNotEqualTo(original.endpoint());
        sim.join(impostor, c.seed());
        sim.runFor(Duration.ofSeconds(10));

        System.out.printf("conflict: %d notifications, first: %s%n", conflicts.size(),
                conflicts.isEmpty() ? "-" : conflicts.get(0));
        assertThat(conflicts).isNotEmpty();
        assertThat(conflicts).allMatch(s -> s.equals(original.name() + " " + original.endpoint() + " vs "
                + impostor.endpoint()));
        for (SimNode o : c.nodes) {
            if (o == original) {
                continue;
            }
            Member m = sim.viewOf(o, original.name());
            assertThat(m.endpoint()).as("%s keeps the first address", o.name()).isEqualTo(original.endpoint());
            assertThat(m.state()).isEqualTo(MemberState.ALIVE);
        }
    }
}
