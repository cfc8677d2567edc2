package io.memberlist;

import static io.memberlist.MemberlistTestSupport.addr;
import static io.memberlist.MemberlistTestSupport.local;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, items 4 and 8 on real sockets: every metric carries the configured labels, and a join
 * is counted as Go counts it: one {@code tcp.connect} on the joiner (the engine counts it; the
 * runtime no longer does too), one {@code tcp.accept} on the seed, and with encryption one
 * {@code size.remote} sample on each side (each reads one encrypted message). Probing and
 * periodic push/pull are off, so no other stream can happen.
 */
class MetricLabelsTest {

    private static Config.Builder quiet(String name, RecordingMetrics m) {
        return local(name).probeInterval(Duration.ZERO).pushPullInterval(Duration.ZERO)
                .secretKey(new byte[16]).metrics(m).metricLabels(Map.of("cluster", "blue"));
    }

    @Test
    void everyMetricCarriesTheLabelsAndAJoinCountsOnce() throws Exception {
        RecordingMetrics ma = new RecordingMetrics();
        RecordingMetrics mb = new RecordingMetrics();
        try (Memberlist a = Memberlist.create(quiet("a", ma).build());
                Memberlist b = Memberlist.create(quiet("b", mb).build())) {
            assertThat(b.join(addr(a))).isEqualTo(1);

            assertThat(mb.total("memberlist.tcp.connect")).isEqualTo(1);
            assertThat(ma.total("memberlist.tcp.connect")).isZero();
            assertThat(ma.total("memberlist.tcp.accept")).isEqualTo(1);
            assertThat(mb.count("memberlist.size.remote")).isEqualTo(1);
            assertThat(ma.count("memberlist.size.remote")).isEqualTo(1);
            assertThat(mb.count("memberlist.pushPullNode")).isEqualTo(1);
            assertThat(mb.count("memberlist.size.local")).isEqualTo(1);
        }
        for (RecordingMetrics m : new RecordingMetrics[] {ma, mb}) {
            assertThat(m.reports()).isNotEmpty().allSatisfy(r ->
                    assertThat(r.labels()).containsEntry("cluster", "blue"));
        }
        assertThat(ma.of("memberlist.node.instances")).isNotEmpty().allSatisfy(r ->
                assertThat(r.labels()).containsOnlyKeys("cluster", "node_state"));
    }

    @Test
    void withoutLabelsTheSinkIsUsedAsGiven() {
        RecordingMetrics m = new RecordingMetrics();
        assertThat(Config.lan().name("n").metrics(m).build().metrics()).isSameAs(m);
        Config labelled = Config.lan().name("n").metrics(m).metricLabels(Map.of("k", "v")).build();
        labelled.metrics().counter("x", 1);
        assertThat(m.reports()).singleElement().satisfies(r -> assertThat(r.labels()).isEqualTo(Map.of("k", "v")));
        // toBuilder keeps the sink, not the wrapper: labels are not applied twice.
        labelled.toBuilder().metricLabels(Map.of("k", "w")).build().metrics().counter("y", 1);
        assertThat(m.of("y")).singleElement().satisfies(r -> assertThat(r.labels()).isEqualTo(Map.of("k", "w")));
    }
}
