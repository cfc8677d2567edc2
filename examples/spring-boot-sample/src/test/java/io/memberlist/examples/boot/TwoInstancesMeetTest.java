package io.memberlist.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memberlist.Memberlist;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

/**
 * Two instances of the sample in one JVM, each a whole application context with its web server,
 * on free ports on loopback: the second joins the first, both list both at {@code /members} and
 * report two members in {@code /actuator/health}; when one stops, the other sees it leave.
 */
class TwoInstancesMeetTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;

    @AfterEach
    void close() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    private static ConfigurableApplicationContext start(String name, String join) {
        return new SpringApplicationBuilder(SampleApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--memberlist.name=" + name, "--memberlist.bind=127.0.0.1:0", "--memberlist.join=" + join);
    }

    private static RestClient http(ConfigurableApplicationContext ctx) {
        int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
        return RestClient.create("http://127.0.0.1:" + port);
    }

    private static List<Map<String, Object>> members(ConfigurableApplicationContext ctx) {
        return http(ctx).get().uri("/members").retrieve().body(new ParameterizedTypeReference<>() {});
    }

    @Test
    void theSecondJoinsTheFirstAndBothSeeBoth() {
        a = start("a", "");
        int gossipPortA = a.getBean(Memberlist.class).port();
        b = start("b", "127.0.0.1:" + gossipPortA);

        await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(members(a)).extracting(m -> m.get("name")).containsExactlyInAnyOrder("a", "b");
            assertThat(members(b)).extracting(m -> m.get("name")).containsExactlyInAnyOrder("a", "b");
        });
        assertThat(members(a)).allSatisfy(m -> assertThat(m.get("state")).isEqualTo("alive"));

        Map<String, Object> health = http(b).get().uri("/actuator/health/memberlist").retrieve()
                .body(new ParameterizedTypeReference<>() {});
        assertThat(health).containsEntry("status", "UP");
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) health.get("details");
        assertThat(details).containsEntry("name", "b").containsEntry("members", 2).containsKey("healthScore");

        String metrics = http(a).get().uri("/actuator/metrics").retrieve().body(String.class);
        assertThat(metrics).contains("memberlist.");

        b.close(); // leaves, then closes
        b = null;
        await().atMost(BOUND).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(members(a)).extracting(m -> m.get("name")).containsExactly("a"));
    }
}
