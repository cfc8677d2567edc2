package io.memberlist;

import static io.memberlist.MemberlistTestSupport.awaitAllSee;
import static io.memberlist.MemberlistTestSupport.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Config#joinTimeout()} on real sockets: a refused connection is retried. */
class JoinRetrySocketTest {
    private static int freePort() throws Exception {
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
    }

    @Test
    void aJoinRefusedUntilTheSeedStartsIsRetriedAndSucceeds() throws Exception {
        int port = freePort();
        try (Memberlist b = Memberlist.create(local("b").joinTimeout(Duration.ofSeconds(30)).build())) {
            // Nothing listens at the port yet: the connection is refused, and retried.
            CompletableFuture<Integer> join = b.joinAsync("127.0.0.1:" + port);
            Thread.sleep(700); // lets the first attempts fail (no timing is asserted)
            assertThat(join).as("a refused join is still being retried").isNotDone();
            try (Memberlist a = Memberlist.create(local("a").bindPort(port).build())) {
                assertThat(join.get(30, TimeUnit.SECONDS)).isEqualTo(1);
                awaitAllSee(List.of(a, b), 2);
            }
        }
    }

    @Test
    void withoutRetriesTheSameJoinFailsAtOnce() throws Exception {
        int port = freePort();
        try (Memberlist b = Memberlist.create(local("b").joinTimeout(Duration.ZERO).build())) {
            assertThatThrownBy(() -> b.join("127.0.0.1:" + port))
                    .isInstanceOf(JoinException.class)
                    .satisfies(e -> assertThat(((JoinException) e).failures().values())
                            .singleElement().asString().doesNotContain("attempts"));
        }
    }

    @Test
    void aSeedThatNeverAnswersIsReportedWithItsAttemptsAfterTheTimeout() throws Exception {
        int port = freePort();
        try (Memberlist b = Memberlist.create(local("b").joinTimeout(Duration.ofSeconds(1)).build())) {
            assertThatThrownBy(() -> b.join("127.0.0.1:" + port))
                    .isInstanceOf(JoinException.class)
                    .satisfies(e -> assertThat(((JoinException) e).failures().values())
                            .singleElement().asString().containsPattern("after \\d+ attempts"));
        }
    }
}
