package io.memberlist.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Agents as separate processes on loopback, asked through their status endpoints and the CLI. */
class AgentProcessTest {
    private static final Duration BOUND = Duration.ofSeconds(60);

    @Test
    void anAgentAnswersMembersAndLeavesOnRequest() throws Exception {
        try (AgentProcess a = AgentProcess.start("solo", "--meta", "role=test")) {
            AgentClient client = new AgentClient(HostPort.parse(a.http), Duration.ofSeconds(10));
            List<MemberInfo> members = client.members(null);
            assertThat(members).hasSize(1);
            MemberInfo self = members.get(0);
            assertThat(self.name()).isEqualTo("solo");
            assertThat(self.hostPort()).isEqualTo(a.gossip);
            assertThat(self.metaText()).isEqualTo("role=test");
            assertThat(self.state().name()).isEqualTo("ALIVE");

            Cli table = Cli.run("members", "--http", a.http);
            assertThat(table.exitCode()).isZero();
            assertThat(table.out().lines().toList()).hasSize(2);
            assertThat(table.out().lines().toList().get(1)).startsWith("solo").contains(a.gossip, "alive", "role=test");

            Cli json = Cli.run("members", "--http", a.http, "--json");
            assertThat(json.exitCode()).isZero();
            assertThat(((Map<?, ?>) ((List<?>) JsonCodec.parse(json.out())).get(0)).get("name")).isEqualTo("solo");

            Cli leave = Cli.run("leave", "--http", a.http);
            assertThat(leave.exitCode()).isZero();
            assertThat(a.waitFor(BOUND)).isTrue();
            assertThat(a.process.exitValue()).isZero();
            assertThat(a.output()).contains("received a leave request", "agent solo stopped");
        }
    }

    @Test
    void sigtermLeavesGracefullyAndExitsZero() throws Exception {
        try (AgentProcess a = AgentProcess.start("termed")) {
            // SIGTERM through the handle: Process.destroy() would also close our end of its output
            a.process.toHandle().destroy();

            assertThat(a.waitFor(BOUND)).isTrue();
            assertThat(a.process.exitValue()).as(a.output()).isZero();
            assertThat(a.output()).contains("received SIGTERM, leaving the cluster", "agent termed stopped");
        }
    }

    @Test
    void sigintLeavesGracefullyAndExitsZero() throws Exception {
        try (AgentProcess a = AgentProcess.start("interrupted")) {
            assumeFalse(a.output().contains("SIGINT is ignored"),
                    "SIGINT was ignored when this test JVM started (a background job), and so in the agent");
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(a.process.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();

            assertThat(a.waitFor(BOUND)).isTrue();
            assertThat(a.process.exitValue()).as(a.output()).isZero();
            assertThat(a.output()).contains("received SIGINT, leaving the cluster", "left the cluster");
        }
    }

    @Test
    void sigtermWithNoLeaveOnTermJustStops() throws Exception {
        try (AgentProcess a = AgentProcess.start("abrupt", "--no-leave-on-term")) {
            a.process.toHandle().destroy();

            assertThat(a.waitFor(BOUND)).isTrue();
            assertThat(a.process.exitValue()).as(a.output()).isZero();
            assertThat(a.output()).contains("received SIGTERM, stopping", "agent abrupt stopped")
                    .doesNotContain("left the cluster");
        }
    }

    @Test
    void twoAgentsJoinAndOneSeesTheOtherFailWhenKilled() throws Exception {
        try (AgentProcess a = AgentProcess.start("alpha")) {
            try (AgentProcess b = AgentProcess.start("beta", "--join", a.gossip)) {
                AgentClient toA = new AgentClient(HostPort.parse(a.http), Duration.ofSeconds(10));
                AgentClient toB = new AgentClient(HostPort.parse(b.http), Duration.ofSeconds(10));
                await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    assertThat(names(toA.members("alive"))).containsExactly("alpha", "beta");
                    assertThat(names(toB.members("alive"))).containsExactly("alpha", "beta");
                });
                assertThat(b.output()).contains("joined the cluster through 1 of 1 address");

                b.process.destroyForcibly(); // SIGKILL: no leave
                assertThat(b.waitFor(BOUND)).isTrue();

                await().atMost(BOUND).pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> assertThat(names(toA.members("dead"))).containsExactly("beta"));
                assertThat(a.output()).contains("member failed: beta");
                Cli dead = Cli.run("members", "--http", a.http, "--status", "dead");
                assertThat(dead.exitCode()).isZero();
                assertThat(dead.out().lines().toList()).hasSize(2);
                assertThat(dead.out().lines().toList().get(1)).startsWith("beta").contains(b.gossip, "dead");
            }
        }
    }

    private static List<String> names(List<MemberInfo> members) {
        return members.stream().map(MemberInfo::name).sorted().toList();
    }
}
