package io.memberlist.core;

import static io.memberlist.core.Shuttle.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code disableTcpPingsForNode}: the TCP fallback of a failed UDP probe is skipped for the
 * members the predicate names, and still used for the others.
 */
class DisableTcpPingsForNodeTest {

    @Test
    void tcpFallbackSkipsOnlyTheNamedMembers() {
        Shuttle s = new Shuttle(41);
        Shuttle.Node a = s.add(Shuttle.lan("a").disableTcpPingsForNode(n -> n.equals("b")).build());
        Shuttle.Node b = s.add("b");
        Shuttle.Node c = s.add("c");
        s.startAll();
        b.engine.join(s.now, List.of(a.endpoint), (n, e) -> { });
        c.engine.join(s.now, List.of(a.endpoint), (n, e) -> { });
        assertThat(s.runUntil(() -> s.converged(3), 5 * SEC)).isTrue();
        s.streamsOpened.clear();

        s.cutUdp("a", "b");
        s.cutUdp("a", "c");
        s.runFor(10 * SEC);

        String ping = ":0"; // message type 0: a ping on a stream
        List<String> tcpPingsByA = s.streamsOpened.stream()
                .filter(x -> x.startsWith("a>") && x.endsWith(ping)).toList();
        assertThat(tcpPingsByA).isNotEmpty()
                .allSatisfy(x -> assertThat(x).isEqualTo("a>" + c.endpoint + ping));
    }
}
