package io.memberlist.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.memberlist.Config;
import io.memberlist.Delegate;
import io.memberlist.JoinException;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.Memberlist;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real nodes (runtime, framing, engine) over the in-memory network: no sockets at all. */
class InMemoryTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final InMemoryNetwork network = new InMemoryNetwork();
    private final EventLoopGroup group = new EventLoopGroup(2, "inmem-test");
    private final List<Memberlist> nodes = new ArrayList<>();
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();

    @AfterEach
    void tearDown() {
        for (Memberlist m : nodes) {
            m.close();
        }
        group.close();
        assertThat(network.size()).isZero();
    }

    private Memberlist start(String name) throws Exception {
        List<String> inbox = new CopyOnWriteArrayList<>();
        received.put(name, inbox);
        Config config = Config.local().name(name).bindAddr("127.0.0.1").bindPort(0).joinTimeout(Duration.ZERO)
                .delegate(new Delegate() {
                    @Override
                    public void notifyMessage(byte[] message) {
                        inbox.add(new String(message, StandardCharsets.UTF_8));
                    }
                })
                .build();
        Memberlist m = Memberlist.create(config, group, network.newTransport());
        nodes.add(m);
        return m;
    }

    private static String addr(Memberlist m) {
        return "127.0.0.1:" + m.port();
    }

    private static Map<String, MemberState> view(Memberlist m) {
        return m.members().stream().collect(Collectors.toMap(Member::name, Member::state));
    }

    @Test
    void nodesJoinExchangeMessagesDetectFailureAndLeave() throws Exception {
        Memberlist seed = start("n0");
        for (int i = 1; i < 5; i++) {
            assertThat(start("n" + i).join(addr(seed))).isEqualTo(1);
        }
        Set<String> all = Set.of("n0", "n1", "n2", "n3", "n4");
        for (Memberlist m : nodes) {
            await().atMost(WAIT).until(() -> view(m).keySet().equals(all));
        }

        // streams (reliable) and datagrams (best effort)
        nodes.get(1).sendReliable("n2", "over a stream".getBytes(StandardCharsets.UTF_8));
        assertThat(nodes.get(3).sendBestEffort("n2", "as a datagram".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        await().atMost(WAIT).until(() -> received.get("n2").containsAll(
                List.of("over a stream", "as a datagram")));

        // a member cut off from the network is found dead by the others
        Memberlist cut = nodes.get(4);
        network.isolate(new io.memberlist.Endpoint(InMemoryNetwork.LOOPBACK, cut.port()));
        for (Memberlist m : nodes.subList(0, 4)) {
            await().atMost(WAIT).until(() -> !view(m).containsKey("n4"));
        }

        // a graceful leave is seen by the rest
        nodes.get(3).leave(Duration.ofSeconds(5));
        for (Memberlist m : nodes.subList(0, 3)) {
            await().atMost(WAIT).until(() -> !view(m).containsKey("n3"));
        }
    }

    @Test
    void joiningAnAbsentAddressFailsWithTheReason() throws Exception {
        Memberlist a = start("a");
        assertThatThrownBy(() -> a.join("127.0.0.1:1"))
                .isInstanceOf(JoinException.class)
                .hasMessageContaining("127.0.0.1:1");
    }
}
