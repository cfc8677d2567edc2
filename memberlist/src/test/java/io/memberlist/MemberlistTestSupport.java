package io.memberlist;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Helpers for real-socket tests on loopback: short timings, bounded polling. */
final class MemberlistTestSupport {
    private MemberlistTestSupport() {}

    static final Duration WAIT = Duration.ofSeconds(20);

    /**
     * Short timings; one join attempt per address, as Go (tests that expect a refusal get it at
     * once; {@code JoinRetrySocketTest} sets {@link Config#joinTimeout()} itself).
     */
    static Config.Builder local(String name) {
        // tcpTimeout: the local preset's 1 s is the time a push/pull may take; test JVMs run four
        // at a time beside other builds, where a starved loop answered a join after more than 1 s
        return Config.local().name(name).bindAddr("127.0.0.1").bindPort(0)
                .tcpTimeout(Duration.ofSeconds(5))
                .joinTimeout(Duration.ZERO)
                .probeInterval(Duration.ofMillis(200))
                .probeTimeout(Duration.ofMillis(100))
                .gossipInterval(Duration.ofMillis(50))
                .pushPullInterval(Duration.ofSeconds(2))
                .gossipToTheDeadTime(Duration.ofSeconds(2));
    }

    static String addr(Memberlist m) {
        return "127.0.0.1:" + m.port();
    }

    static Set<String> aliveNames(Memberlist m) {
        return m.members().stream().filter(x -> x.state() == MemberState.ALIVE).map(Member::name)
                .collect(Collectors.toSet());
    }

    static void awaitAllSee(List<Memberlist> nodes, int n) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> nodes.stream().allMatch(m -> m.numMembers() == n));
    }

    static void closeAll(List<Memberlist> nodes) {
        for (Memberlist m : nodes) {
            m.close();
        }
    }
}
