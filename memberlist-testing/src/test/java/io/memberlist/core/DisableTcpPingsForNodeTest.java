package io.memberlist.core;

import static io.memberlist.core.SimRecorder.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.codec.Ping;
import io.memberlist.testing.SimNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code disableTcpPingsForNode}: the TCP fallback of a failed UDP probe is skipped for the
 * members the predicate names, and still used for the others.
 */
class DisableTcpPingsForNodeTest {

    @Test
    void tcpFallbackSkipsOnlyTheNamedMembers() {
        SimRecorder s = SimRecorder.lan(41);
        SimNode a = s.add("a", Config.lan().disableTcpPingsForNode(n -> n.equals("b")));
        SimNode b = s.add("b");
        SimNode c = s.add("c");
        s.joinAll("a");
        assertThat(s.runUntil(s::converged, 5 * SEC)).isTrue();
        s.requests.clear();

        for (SimNode other : List.of(b, c)) {
            s.sim.cutPackets(a, other);
            s.sim.cutPackets(other, a);
        }
        s.runFor(10 * SEC);

        List<SimRecorder.Request> tcpPingsByA = s.requestsBy("a", Ping.class);
        assertThat(tcpPingsByA).isNotEmpty().allSatisfy(r -> assertThat(r.to()).isEqualTo("c"));
    }
}
