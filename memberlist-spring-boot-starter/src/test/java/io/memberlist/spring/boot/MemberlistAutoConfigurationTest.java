package io.memberlist.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.memberlist.Config;
import io.memberlist.EventListener;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.Memberlist;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration in application contexts of its own: real members on loopback. */
class MemberlistAutoConfigurationTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemberlistAutoConfiguration.class,
                    MemberlistHealthAutoConfiguration.class))
            .withPropertyValues("memberlist.bind=127.0.0.1:0", "memberlist.preset=local");

    @Test
    void propertiesBecomeTheConfiguration() {
        byte[] primary = new byte[32];
        byte[] older = new byte[16];
        older[0] = 1;
        runner.withPropertyValues("memberlist.name=n1", "memberlist.label=orders",
                        "memberlist.advertise=127.0.0.1",
                        "memberlist.keys[0]=" + Base64.getEncoder().encodeToString(primary),
                        "memberlist.keys[1]=" + Base64.getEncoder().encodeToString(older))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(Memberlist.class);
                    Config c = ctx.getBean(Memberlist.class).config();
                    assertThat(c.name()).isEqualTo("n1");
                    assertThat(c.bindAddr()).isEqualTo("127.0.0.1");
                    assertThat(c.advertiseAddr()).isEqualTo("127.0.0.1");
                    assertThat(c.label()).isEqualTo("orders");
                    assertThat(c.encryptionEnabled()).isTrue();
                    assertThat(c.secretKey()).isEqualTo(primary);
                    assertThat(c.keyring()).anySatisfy(k -> assertThat(k).isEqualTo(older));
                    assertThat(c.probeTimeout()).isEqualTo(Config.local().build().probeTimeout());
                    assertThat(ctx.getBean(Memberlist.class).port()).isPositive();
                });
    }

    @Test
    void aBadKeyFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("memberlist.keys[0]=not*base64").run(ctx ->
                assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("memberlist.keys[0]"));
        runner.withPropertyValues("memberlist.keys[0]=" + Base64.getEncoder().encodeToString(new byte[5])).run(ctx ->
                assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("secretKey"));
    }

    @Test
    void aBadBindAddressFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("memberlist.bind=127.0.0.1:notaport").run(ctx ->
                assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("memberlist.bind"));
    }

    @Test
    void disabledMeansNoMember() {
        runner.withPropertyValues("memberlist.enabled=false").run(ctx ->
                assertThat(ctx).hasNotFailed().doesNotHaveBean(Memberlist.class).doesNotHaveBean(HealthIndicator.class));
    }

    @Test
    void healthIsUpWithDetailsWhileRunning() {
        runner.withPropertyValues("memberlist.name=h1").run(ctx -> {
            HealthIndicator indicator = ctx.getBean("memberlistHealthIndicator", HealthIndicator.class);
            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("name", "h1").containsEntry("members", 1)
                    .containsEntry("healthScore", 0).containsKey("address");
            ctx.getBean(Memberlist.class).shutdown();
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void withoutActuatorThereIsNoHealthIndicatorButStillAMember() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(ctx ->
                assertThat(ctx).hasNotFailed().hasSingleBean(Memberlist.class).doesNotHaveBean(HealthIndicator.class));
    }

    @Test
    void twoContextsMeetReportMetricsAndLeaveAtClose() {
        List<Member> leftSeenByA = new CopyOnWriteArrayList<>();
        EventListener recorder = new EventListener() {
            @Override
            public void notifyLeave(Member m) {
                leftSeenByA.add(m);
            }
        };
        SimpleMeterRegistry metersA = new SimpleMeterRegistry();
        runner.withPropertyValues("memberlist.name=a")
                .withBean(MeterRegistry.class, () -> metersA)
                .withBean(MemberlistConfigCustomizer.class, () -> b -> b.events(recorder))
                .run(a -> {
                    Memberlist nodeA = a.getBean(Memberlist.class);
                    runner.withPropertyValues("memberlist.name=b", "memberlist.join=127.0.0.1:" + nodeA.port())
                            .run(b -> {
                                Memberlist nodeB = b.getBean(Memberlist.class);
                                await().atMost(BOUND).untilAsserted(() -> {
                                    assertThat(nodeA.numMembers()).isEqualTo(2);
                                    assertThat(nodeB.numMembers()).isEqualTo(2);
                                });
                            });
                    // closing b's context left the cluster: a hears "left", not a failure
                    await().atMost(BOUND).untilAsserted(() -> assertThat(leftSeenByA)
                            .anySatisfy(m -> {
                                assertThat(m.name()).isEqualTo("b");
                                assertThat(m.state()).isEqualTo(MemberState.LEFT);
                            }));
                    assertThat(nodeA.numMembers()).isEqualTo(1);
                    assertThat(metersA.getMeters()).anySatisfy(m ->
                            assertThat(m.getId().getName()).startsWith("memberlist."));
                });
    }
}
