package io.memberlist.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerMetrics metrics = new MicrometerMetrics(registry);

    @Test
    void countersKeepTheGoNameAndAddDeltas() {
        metrics.counter("memberlist.msg.alive", 1);
        metrics.counter("memberlist.msg.alive", 2);
        metrics.counter("memberlist.udp.sent", 1400);

        assertThat(registry.get("memberlist.msg.alive").counter().count()).isEqualTo(3.0);
        assertThat(registry.get("memberlist.udp.sent").counter().count()).isEqualTo(1400.0);
    }

    @Test
    void zeroAndNegativeCounterDeltasAreIgnored() {
        metrics.counter("memberlist.tcp.accept", 0);
        assertThat(registry.find("memberlist.tcp.accept").counter()).isNull();

        metrics.counter("memberlist.tcp.accept", 1);
        metrics.counter("memberlist.tcp.accept", -5);
        assertThat(registry.get("memberlist.tcp.accept").counter().count()).isEqualTo(1.0);
    }

    @Test
    void counterLabelsBecomeTagsWithOneCounterPerLabelSet() {
        metrics.counter("memberlist.packet.dropped", 2, Map.of("reason", "over_limit"));
        metrics.counter("memberlist.packet.dropped", 1, Map.of("reason", "label"));
        metrics.counter("memberlist.packet.dropped", 3, Map.of("reason", "over_limit"));

        assertThat(registry.get("memberlist.packet.dropped").tag("reason", "over_limit").counter().count())
                .isEqualTo(5.0);
        assertThat(registry.get("memberlist.packet.dropped").tag("reason", "label").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("memberlist.packet.dropped").counters()).hasSize(2);
    }

    @Test
    void gaugesReadTheLastValueSet() {
        metrics.gauge("memberlist.health.score", 3);
        Gauge g = registry.get("memberlist.health.score").gauge();
        assertThat(g.value()).isEqualTo(3.0);

        metrics.gauge("memberlist.health.score", 0);
        assertThat(g.value()).isEqualTo(0.0);
    }

    @Test
    void gaugeLabelsBecomeTagsWithOneGaugePerLabelSet() {
        metrics.gauge("memberlist.node.instances", 4, Map.of("node_state", "alive"));
        metrics.gauge("memberlist.node.instances", 1, Map.of("node_state", "dead"));
        metrics.gauge("memberlist.node.instances", 5, Map.of("node_state", "alive"));

        assertThat(registry.get("memberlist.node.instances").tag("node_state", "alive").gauge().value())
                .isEqualTo(5.0);
        assertThat(registry.get("memberlist.node.instances").tag("node_state", "dead").gauge().value())
                .isEqualTo(1.0);
        assertThat(registry.get("memberlist.node.instances").gauges()).hasSize(2);
    }

    @Test
    void timersRecordNanoseconds() {
        metrics.timer("memberlist.probeNode", 1_500_000);
        metrics.timer("memberlist.probeNode", 500_000);

        Timer t = registry.get("memberlist.probeNode").timer();
        assertThat(t.count()).isEqualTo(2);
        assertThat(t.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2.0);
        assertThat(t.max(TimeUnit.NANOSECONDS)).isEqualTo(1_500_000.0);
    }

    @Test
    void samplesAreDistributionSummaries() {
        metrics.sample("memberlist.queue.broadcasts", 7);
        metrics.sample("memberlist.queue.broadcasts", 3);

        DistributionSummary s = registry.get("memberlist.queue.broadcasts").summary();
        assertThat(s.count()).isEqualTo(2);
        assertThat(s.totalAmount()).isEqualTo(10.0);
        assertThat(s.max()).isEqualTo(7.0);
    }

    @Test
    void commonTagsAreOnEveryMeter() {
        MicrometerMetrics tagged = new MicrometerMetrics(registry, Map.of("cluster", "c1"));
        tagged.counter("memberlist.msg.dead", 1);
        tagged.gauge("memberlist.node.instances", 2, Map.of("node_state", "left"));
        tagged.timer("memberlist.gossip", 10);
        tagged.sample("memberlist.size.remote", 100);

        assertThat(registry.get("memberlist.msg.dead").tag("cluster", "c1").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("memberlist.node.instances").tags("cluster", "c1", "node_state", "left")
                .gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("memberlist.gossip").tag("cluster", "c1").timer().count()).isEqualTo(1);
        assertThat(registry.get("memberlist.size.remote").tag("cluster", "c1").summary().count()).isEqualTo(1);
    }

    @Test
    void labelsBecomeTagsOnEveryKindWithOneMeterPerLabelSet() {
        metrics.counter("memberlist.msg.alive", 1, Map.of("dc", "a"));
        metrics.counter("memberlist.msg.alive", 2, Map.of("dc", "b"));
        metrics.counter("memberlist.msg.alive", 3, Map.of("dc", "a"));
        metrics.timer("memberlist.gossip", 10, Map.of("dc", "a"));
        metrics.sample("memberlist.size.remote", 100, Map.of("dc", "a"));

        assertThat(registry.get("memberlist.msg.alive").tag("dc", "a").counter().count()).isEqualTo(4.0);
        assertThat(registry.get("memberlist.msg.alive").tag("dc", "b").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("memberlist.gossip").tag("dc", "a").timer().count()).isEqualTo(1);
        assertThat(registry.get("memberlist.size.remote").tag("dc", "a").summary().count()).isEqualTo(1);
    }

    @Test
    void configuredMetricLabelsReachTheRegistry() {
        io.memberlist.Metrics viaConfig = io.memberlist.Config.lan().name("n").metrics(metrics)
                .metricLabels(Map.of("cluster", "blue")).build().metrics();
        viaConfig.counter("memberlist.msg.dead", 1);
        viaConfig.timer("memberlist.probeNode", 5);
        viaConfig.sample("memberlist.queue.broadcasts", 3);
        viaConfig.gauge("memberlist.node.instances", 2, Map.of("node_state", "alive"));

        assertThat(registry.get("memberlist.msg.dead").tag("cluster", "blue").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("memberlist.probeNode").tag("cluster", "blue").timer().count()).isEqualTo(1);
        assertThat(registry.get("memberlist.queue.broadcasts").tag("cluster", "blue").summary().count())
                .isEqualTo(1);
        assertThat(registry.get("memberlist.node.instances").tags("cluster", "blue", "node_state", "alive")
                .gauge().value()).isEqualTo(2.0);
    }

    @Test
    void aNameTheRegistryRefusesIsIgnoredWithoutThrowing() {
        // a registry that throws on a type clash, as Prometheus does
        SimpleMeterRegistry strict = new SimpleMeterRegistry();
        strict.config().onMeterRegistrationFailed((id, reason) -> {
            throw new IllegalArgumentException(reason);
        });
        Counter.builder("memberlist.clash").register(strict);
        MicrometerMetrics m = new MicrometerMetrics(strict);

        assertThatCode(() -> {
            m.timer("memberlist.clash", 5);
            m.timer("memberlist.clash", 5);
            m.gauge("memberlist.clash", 1);
        }).doesNotThrowAnyException();
        assertThat(strict.get("memberlist.clash").counter().count()).isZero();
    }

    @Test
    void isSafeUnderConcurrentUse() throws InterruptedException {
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int j = 0; j < 10_000; j++) {
                    metrics.counter("memberlist.msg.suspect", 1);
                    metrics.gauge("memberlist.node.instances", j, Map.of("node_state", "alive"));
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(registry.get("memberlist.msg.suspect").counter().count()).isEqualTo(40_000.0);
        assertThat(registry.get("memberlist.node.instances").gauges()).hasSize(1);
    }
}
