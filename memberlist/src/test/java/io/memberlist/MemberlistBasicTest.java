package io.memberlist;

import static io.memberlist.MemberlistTestSupport.WAIT;
import static io.memberlist.MemberlistTestSupport.addr;
import static io.memberlist.MemberlistTestSupport.aliveNames;
import static io.memberlist.MemberlistTestSupport.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemberlistBasicTest {

    @Test
    void twoNodesJoinAndSeeEachOther() throws Exception {
        try (Memberlist a = Memberlist.create(local("a").build());
                Memberlist b = Memberlist.create(local("b").build())) {
            assertThat(a.numMembers()).isEqualTo(1);
            assertThat(a.localNode().name()).isEqualTo("a");
            assertThat(b.join(addr(a))).isEqualTo(1);
            await().atMost(WAIT).until(() -> aliveNames(a).equals(Set.of("a", "b")));
            await().atMost(WAIT).until(() -> aliveNames(b).equals(Set.of("a", "b")));
            assertThat(a.healthScore()).isGreaterThanOrEqualTo(0);
            assertThat(a.protocolVersion()).isEqualTo(2);
            Duration rtt = a.ping("b", b.advertiseAddress());
            assertThat(rtt).isPositive();
        }
    }

    /**
     * The runtime starts the engine with the wall clock: the first incarnation is its seconds
     * since 1970 ({@link Config#initialIncarnationFromClock()}), or 1 with {@code goCompatible()}.
     */
    @Test
    void theIncarnationStartsAtTheWallClock() throws Exception {
        long before = Instant.now().getEpochSecond();
        try (Memberlist a = Memberlist.create(local("a").build());
                Memberlist go = Memberlist.create(local("go").goCompatible().build())) {
            long after = Instant.now().getEpochSecond();
            assertThat(a.localNode().incarnation()).isBetween(before, after);
            assertThat(go.localNode().incarnation()).isEqualTo(1);
        }
    }

    @Test
    void joinFailureListsEachAddress() throws Exception {
        int free;
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            free = ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
        // One second of retries: the refused address is tried a few times, then reported.
        try (Memberlist a = Memberlist.create(local("a").joinTimeout(Duration.ofSeconds(1)).build())) {
            String dead = "127.0.0.1:" + free;
            assertThatThrownBy(() -> a.join(dead, "no-such-host.invalid:1", "x/[::1"))
                    .isInstanceOf(JoinException.class)
                    .satisfies(e -> assertThat(((JoinException) e).failures()).hasSize(3));
        }
    }

    @Test
    void portsAreReleasedAfterClose() throws Exception {
        Memberlist a = Memberlist.create(local("a").build());
        int port = a.port();
        a.close();
        a.close(); // idempotent
        try (ServerSocketChannel s = ServerSocketChannel.open();
                DatagramChannel d = DatagramChannel.open()) {
            s.bind(new InetSocketAddress("127.0.0.1", port));
            d.bind(new InetSocketAddress("127.0.0.1", port));
        }
        try (Memberlist again = Memberlist.create(local("a2").bindPort(port).build())) {
            assertThat(again.port()).isEqualTo(port);
        }
    }

    @Test
    void pingOfAMissingNodeFails() throws Exception {
        int free;
        try (DatagramChannel d = DatagramChannel.open()) {
            d.bind(new InetSocketAddress("127.0.0.1", 0));
            free = ((InetSocketAddress) d.getLocalAddress()).getPort();
        }
        try (Memberlist a = Memberlist.create(local("a").build())) {
            assertThatThrownBy(() -> a.ping("ghost", new InetSocketAddress("127.0.0.1", free)))
                    .isInstanceOf(NoPingResponseException.class);
        }
    }

    @Test
    void callsAfterShutdownFail() throws Exception {
        Memberlist a = Memberlist.create(local("a").build());
        a.shutdown();
        assertThatThrownBy(a::members).isInstanceOf(IllegalStateException.class);
        assertThat(List.of(a.isShutdown())).containsExactly(true);
    }
}
