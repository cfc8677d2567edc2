package io.memberlist.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SoakVerdictTest {
    private static final int N = 200;

    /** A healthy series: flat floors, noisy peaks (streams and pooled threads in flight). */
    private static List<Map<String, Object>> healthy(int count) {
        List<Map<String, Object>> s = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(SoakSample.T, i * 30.0);
            m.put(SoakSample.SETTLED, i >= 2);
            m.put(SoakSample.HEAP_AFTER_GC, 100_000_000L + (i % 3) * 2_000_000L);
            m.put(SoakSample.THREADS, 20 + (i % 4 == 0 ? 2 : 0));
            m.put(SoakSample.FDS, 420 + (i % 5) * 6);
            m.put(SoakSample.MEMBERS_MIN, N);
            m.put(SoakSample.MEMBER_TABLE_MAX, N);
            m.put(SoakSample.BROADCAST_QUEUE_TOTAL, (long) (i % 7 == 0 ? 600 : 0));
            m.put(SoakSample.STREAMS_OPEN_TOTAL, (long) (i % 2) * 6);
            m.put(SoakSample.STREAM_BUFFERED_TOTAL, 0L);
            m.put(SoakSample.HANDOFF_QUEUED_TOTAL, 0L);
            m.put(SoakSample.SUSPICIONS, (long) i * 3);
            m.put(SoakSample.FALSE_DEATHS, 0L);
            m.put(SoakSample.REFUTATIONS, (long) i);
            s.add(m);
        }
        return s;
    }

    private static Map<String, Boolean> verdict(List<Map<String, Object>> samples) {
        return SoakVerdict.judge(samples, N).stream()
                .collect(Collectors.toMap(SoakVerdict.Check::name, SoakVerdict.Check::ok));
    }

    private static List<Map<String, Object>> with(BiConsumer<Integer, Map<String, Object>> change) {
        List<Map<String, Object>> s = healthy(40);
        for (int i = 0; i < s.size(); i++) {
            change.accept(i, s.get(i));
        }
        return s;
    }

    @Test
    void aHealthySeriesPassesEveryCheck() {
        Map<String, Boolean> v = verdict(healthy(40));
        assertThat(v).containsKeys("no_false_deaths", "no_false_deaths_joining", "converged", "heap_flat", "threads_flat", "fds_flat",
                "broadcast_queue_flat", "streams_open_flat", "handoff_queued_flat", "member_table_flat");
        assertThat(v.values()).containsOnly(true);
    }

    @Test
    void heapGrowthBeyondTenPercentIsFlagged() {
        Map<String, Boolean> v = verdict(with((i, m) -> m.put(SoakSample.HEAP_AFTER_GC, 100_000_000L + i * 600_000L)));
        assertThat(v).containsEntry("heap_flat", false).containsEntry("threads_flat", true);
        // a shrinking heap beyond the band is not "flat" either
        assertThat(verdict(with((i, m) -> m.put(SoakSample.HEAP_AFTER_GC, 100_000_000L - i * 600_000L))))
                .containsEntry("heap_flat", false);
        // within the band: flat
        assertThat(verdict(with((i, m) -> m.put(SoakSample.HEAP_AFTER_GC, 100_000_000L + i * 200_000L))))
                .containsEntry("heap_flat", true);
    }

    @Test
    void aRisingFloorOfThreadsFdsOrQueuesIsFlagged() {
        assertThat(verdict(with((i, m) -> m.put(SoakSample.THREADS, 20 + i / 4)))).containsEntry("threads_flat", false);
        assertThat(verdict(with((i, m) -> m.put(SoakSample.FDS, 420 + i)))).containsEntry("fds_flat", false);
        assertThat(verdict(with((i, m) -> m.put(SoakSample.BROADCAST_QUEUE_TOTAL, (long) i * 20))))
                .containsEntry("broadcast_queue_flat", false);
        assertThat(verdict(with((i, m) -> m.put(SoakSample.STREAMS_OPEN_TOTAL, (long) i))))
                .containsEntry("streams_open_flat", false);
        assertThat(verdict(with((i, m) -> m.put(SoakSample.HANDOFF_QUEUED_TOTAL, (long) i / 4))))
                .containsEntry("handoff_queued_flat", false);
    }

    @Test
    void oneFalseDeathOrAnUnconvergedViewFails() {
        List<Map<String, Object>> s = healthy(40);
        s.get(s.size() - 1).put(SoakSample.FALSE_DEATHS, 1L);
        assertThat(verdict(s)).containsEntry("no_false_deaths", false).containsEntry("no_false_deaths_joining", true);
        List<Map<String, Object>> joining = healthy(40);
        joining.forEach(m -> m.put(SoakSample.FALSE_DEATHS, 2L)); // both before the first sample
        assertThat(verdict(joining)).containsEntry("no_false_deaths", true).containsEntry("no_false_deaths_joining", false);
        List<Map<String, Object>> t = healthy(40);
        t.get(t.size() - 1).put(SoakSample.MEMBERS_MIN, N - 1);
        assertThat(verdict(t)).containsEntry("converged", false);
    }

    /** A series as the Go soak writes it: no stream table, no handoff queue, goroutines besides threads. */
    private static List<Map<String, Object>> goShaped(BiConsumer<Integer, Map<String, Object>> change) {
        return with((i, m) -> {
            m.remove(SoakSample.STREAMS_OPEN_TOTAL);
            m.remove(SoakSample.STREAM_BUFFERED_TOTAL);
            m.remove(SoakSample.HANDOFF_QUEUED_TOTAL);
            m.put("goroutines", 1200 + i % 3);
            change.accept(i, m);
        });
    }

    @Test
    void rulesWhoseFieldIsAbsentAreReportedNotApplicableAndTheOthersStillJudged() {
        List<SoakVerdict.Check> checks = SoakVerdict.judge(goShaped((i, m) -> {}), N);
        assertThat(SoakVerdict.allOk(checks)).isTrue();
        assertThat(checks.stream().filter(SoakVerdict::notApplicable).map(SoakVerdict.Check::name))
                .containsExactlyInAnyOrder("streams_open_flat", "stream_buffer_flat", "handoff_queued_flat");
        assertThat(checks).filteredOn(SoakVerdict::notApplicable)
                .allSatisfy(c -> assertThat(c.detail()).startsWith("not applicable: no settled sample has ")
                        .contains("rule not judged"));
        assertThat(checks).filteredOn(c -> c.name().equals("threads_flat"))
                .singleElement().matches(c -> !SoakVerdict.notApplicable(c));
        // what is present is judged as before
        assertThat(verdict(goShaped((i, m) -> m.put(SoakSample.THREADS, 20 + i / 4))))
                .containsEntry("threads_flat", false).containsEntry("streams_open_flat", true);
        assertThat(verdict(goShaped((i, m) -> m.put(SoakSample.HEAP_AFTER_GC, 100_000_000L + i * 600_000L))))
                .containsEntry("heap_flat", false);
        List<Map<String, Object>> death = goShaped((i, m) -> {});
        death.get(death.size() - 1).put(SoakSample.FALSE_DEATHS, 1L);
        assertThat(verdict(death)).containsEntry("no_false_deaths", false);
    }

    @Test
    void absentCountersAreSaidNotMeasuredAndAFieldInSomeSamplesOnlyIsAnError() {
        List<SoakVerdict.Check> checks = SoakVerdict.judge(goShaped((i, m) -> {
            m.remove(SoakSample.SUSPICIONS);
            m.remove(SoakSample.REFUTATIONS);
        }), N);
        assertThat(SoakVerdict.allOk(checks)).isTrue();
        assertThat(checks).filteredOn(c -> c.name().equals("no_false_deaths")).singleElement()
                .matches(c -> c.detail().contains("suspicions not measured") && c.detail().contains("refutations not measured"));
        assertThat(checks).filteredOn(c -> c.name().equals("no_false_deaths_joining")).singleElement()
                .matches(c -> c.detail().contains("suspicions not measured"));
        // present in the Java series: counted as before
        assertThat(SoakVerdict.judge(healthy(40), N)).filteredOn(c -> c.name().equals("no_false_deaths")).singleElement()
                .matches(c -> c.detail().contains("117 suspicions (111 after settling)") && c.detail().contains("39 refutations"));
        List<Map<String, Object>> partial = goShaped((i, m) -> {
            if (i % 2 == 0) {
                m.remove(SoakSample.FDS);
            }
        });
        assertThatThrownBy(() -> SoakVerdict.judge(partial, N)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(SoakSample.FDS);
    }

    @Test
    void tooFewSettledSamplesCannotPass() {
        List<SoakVerdict.Check> checks = SoakVerdict.judge(healthy(4), N);
        assertThat(SoakVerdict.allOk(checks)).isFalse();
        assertThat(checks).anyMatch(c -> c.name().equals("settled_samples") && !c.ok());
        assertThat(SoakVerdict.allOk(SoakVerdict.judge(List.of(), N))).isFalse();
    }
}
