package io.memberlist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyMetricsTest {
    @Test
    void countersAreSummedOverTagsTimersAndSummariesGiveMeans() {
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        r.counter("memberlist.msg.alive", "node", "a").increment(2);
        r.counter("memberlist.msg.alive", "node", "b").increment(3);
        r.timer("memberlist.probeNode").record(Duration.ofMillis(10));
        r.timer("memberlist.probeNode").record(Duration.ofMillis(30));
        r.summary("memberlist.queue.broadcasts").record(4);
        r.gauge("memberlist.node.instances", new AtomicInteger(3));
        r.counter("jvm.other").increment();

        assertThat(KeyMetrics.from(r)).containsExactly(
                java.util.Map.entry("memberlist.msg.alive", 5L),
                java.util.Map.entry("memberlist.probeNode.count", 2L),
                java.util.Map.entry("memberlist.probeNode.mean_ms", 20.0),
                java.util.Map.entry("memberlist.queue.broadcasts.count", 1L),
                java.util.Map.entry("memberlist.queue.broadcasts.mean", 4.0));
    }
}
