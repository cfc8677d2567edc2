package io.memberlist.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memberlist.MemberState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The status endpoint and the commands that read it, over real HTTP on loopback, with a fake node. */
class StatusServerTest {
    static final MemberInfo SELF = new MemberInfo("a", "127.0.0.1", 7946, MemberState.ALIVE, 3,
            "role=web".getBytes(StandardCharsets.UTF_8), 1, 5, 2, 0, 0, 0);
    static final MemberInfo SUSPECT = new MemberInfo("b", "127.0.0.2", 7946, MemberState.SUSPECT, 1,
            new byte[] {0, (byte) 0xFF}, 1, 5, 2, 0, 0, 0);
    static final MemberInfo DEAD = new MemberInfo("c", "::1", 8000, MemberState.DEAD, 7, new byte[0], 1, 5, 2, 1, 2, 1);

    final List<List<String>> joins = new CopyOnWriteArrayList<>();
    final AtomicInteger leaves = new AtomicInteger();
    final AtomicInteger afterLeave = new AtomicInteger();
    StatusServer server;
    HttpClient http = HttpClient.newHttpClient();

    final AgentNode node = new AgentNode() {
        @Override
        public MemberInfo self() {
            return SELF;
        }

        @Override
        public List<MemberInfo> members() {
            return List.of(SELF, SUSPECT, DEAD);
        }

        @Override
        public int healthScore() {
            return 2;
        }

        @Override
        public JoinResult join(List<String> addresses) {
            joins.add(addresses);
            return addresses.get(0).startsWith("10.9.9.9") ? new JoinResult(0, "no route") : new JoinResult(addresses.size(), null);
        }

        @Override
        public void leave() {
            leaves.incrementAndGet();
        }

        @Override
        public String prometheusText() {
            return "# TYPE memberlist_msg_alive_total counter\nmemberlist_msg_alive_total 3.0\n";
        }

        @Override
        public Map<String, Number> keyMetrics() {
            return Map.of("memberlist.msg.alive", 3L);
        }
    };

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object json) {
        return (Map<String, Object>) json;
    }

    @BeforeEach
    void start() throws Exception {
        server = new StatusServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), node,
                afterLeave::incrementAndGet);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String agent() {
        return "127.0.0.1:" + server.address().getPort();
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + agent() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void membersAreAJsonListWithMetaAsBase64AndText() throws Exception {
        HttpResponse<String> r = send("GET", "/v1/members", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        List<?> list = (List<?>) JsonCodec.parse(r.body());
        assertThat(list).hasSize(3);
        Map<String, Object> a = obj(list.get(0));
        assertThat(a).containsEntry("name", "a").containsEntry("address", "127.0.0.1").containsEntry("port", 7946)
                .containsEntry("state", "alive").containsEntry("incarnation", 3)
                .containsEntry("meta", "cm9sZT13ZWI=").containsEntry("meta_text", "role=web")
                .containsEntry("protocol", Map.of("min", 1, "max", 5, "current", 2));
        Map<String, Object> b = obj(list.get(1));
        assertThat(b).containsEntry("meta", "AP8=").containsEntry("meta_text", null);
        assertThat(list.stream().map(MemberInfo::fromJson).toList()).containsExactly(SELF, SUSPECT, DEAD);
    }

    @Test
    void membersFilterByStatus() throws Exception {
        List<?> list = (List<?>) JsonCodec.parse(send("GET", "/v1/members?status=dead", null).body());
        assertThat(list).hasSize(1);
        assertThat(((Map<?, ?>) list.get(0)).get("name")).isEqualTo("c");

        HttpResponse<String> bad = send("GET", "/v1/members?status=zombie", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("status must be one of");
    }

    @Test
    void selfIncludesTheHealthScore() throws Exception {
        Map<String, Object> self = obj(JsonCodec.parse(send("GET", "/v1/self", null).body()));

        assertThat(self).containsEntry("name", "a").containsEntry("health_score", 2);
    }

    @Test
    void joinTakesAListOrAnObject() throws Exception {
        HttpResponse<String> r1 = send("POST", "/v1/join", "[\"127.0.0.1:7000\", \"node-x/10.0.0.1\"]");
        HttpResponse<String> r2 = send("POST", "/v1/join", "{\"addrs\": [\"[::1]:7001\"]}");

        assertThat(r1.statusCode()).isEqualTo(200);
        assertThat(JsonCodec.parse(r1.body())).isEqualTo(Map.of("joined", 2));
        assertThat(r2.statusCode()).isEqualTo(200);
        assertThat(joins).containsExactly(List.of("127.0.0.1:7000", "node-x/10.0.0.1"), List.of("[::1]:7001"));
    }

    @Test
    void aJoinThatReachesNobodyIsAnError() throws Exception {
        HttpResponse<String> r = send("POST", "/v1/join", "[\"10.9.9.9:7946\"]");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(JsonCodec.parse(r.body())).isEqualTo(Map.of("joined", 0, "error", "no route"));
    }

    @Test
    void badJoinBodiesAreRejectedWithoutJoining() throws Exception {
        for (String body : new String[] {"", "{", "[]", "{\"addrs\": 5}", "[1]", "[\"1.2.3.4:99999\"]", "\"x\""}) {
            HttpResponse<String> r = send("POST", "/v1/join", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(((Map<?, ?>) JsonCodec.parse(r.body())).get("error")).as(body).isNotNull();
        }
        HttpResponse<String> big = send("POST", "/v1/join", "[\"" + "a".repeat(70_000) + "\"]");
        assertThat(big.statusCode()).isEqualTo(400);
        assertThat(joins).isEmpty();
    }

    @Test
    void leaveLeavesAndThenTellsTheAgent() throws Exception {
        HttpResponse<String> r = send("POST", "/v1/leave", "");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JsonCodec.parse(r.body())).isEqualTo(Map.of("left", true));
        assertThat(leaves).hasValue(1);
        // runs once the reply is out, so possibly just after the client has it
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(afterLeave).hasValue(1));
    }

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        HttpResponse<String> r = send("GET", "/metrics", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.body()).contains("memberlist_msg_alive_total 3.0");
    }

    @Test
    void wrongMethodsAndPathsAreRefused() throws Exception {
        HttpResponse<String> post = send("POST", "/v1/members", "");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");

        assertThat(send("GET", "/v1/leave", null).statusCode()).isEqualTo(405);
        assertThat(send("GET", "/v1/membersX", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/index.htm", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/assets/../Main.class", null).statusCode()).isEqualTo(404);
        assertThat(leaves).hasValue(0);
    }

    @Test
    void membersCommandPrintsATable() {
        Cli r = Cli.run("members", "--http", agent());

        assertThat(r.exitCode()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("NAME").contains("ADDRESS", "STATE", "INCARNATION", "PROTOCOL", "META");
        assertThat(lines.get(1)).startsWith("a ").contains("127.0.0.1:7946", "alive", "3", "2 [1-5]", "role=web");
        assertThat(lines.get(2)).startsWith("b ").contains("suspect", "(2 bytes)");
        assertThat(lines.get(3)).startsWith("c ").contains("[::1]:8000", "dead");
    }

    @Test
    void membersCommandFiltersAndPrintsJson() {
        Cli r = Cli.run("members", "--http", agent(), "--json", "--status", "suspect");

        assertThat(r.exitCode()).isZero();
        List<?> list = (List<?>) JsonCodec.parse(r.out());
        assertThat(list).hasSize(1);
        assertThat(MemberInfo.fromJson(list.get(0))).isEqualTo(SUSPECT);
    }

    @Test
    void joinAndLeaveCommandsUseTheEndpoint() {
        Cli j = Cli.run("join", "--http", agent(), "127.0.0.1:7000", "10.0.0.2");
        assertThat(j.exitCode()).isZero();
        assertThat(j.out()).contains("joined 2 of 2 addresses");
        assertThat(joins).containsExactly(List.of("127.0.0.1:7000", "10.0.0.2:7946"));

        Cli failed = Cli.run("join", "--http", agent(), "10.9.9.9");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("error: POST /v1/join failed (HTTP 500): no route");

        Cli l = Cli.run("leave", "--http", agent());
        assertThat(l.exitCode()).isZero();
        assertThat(leaves).hasValue(1);
    }
}
