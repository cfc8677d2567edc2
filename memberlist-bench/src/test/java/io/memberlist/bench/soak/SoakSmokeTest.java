package io.memberlist.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak command end to end, small and short, so that it does not rot: 8 real nodes on
 * loopback with 1 % loss for about 14 s, and a planted leak of heap, threads and descriptors that
 * the rules must flag. Nothing here depends on how fast the machine is: the leak grows by a
 * fixed step per sample, whatever the sample's timing.
 */
class SoakSmokeTest {

    @Test
    void runsWritesItsSeriesAndFlagsAPlantedLeak(@TempDir Path out) throws Exception {
        SoakOptions o = SoakOptions.parse("-n", "8", "-duration", "14s", "-settle", "3s", "-sample", "1s",
                "-loss", "0.01", "-seed", "5", "-threads", "1", "-out", out.toString(),
                "-plant-leak", "heap,threads,fds");
        Soak.Result r = Soak.run(o);

        assertThat(r.converge()).as("8 nodes on loopback join").isNotNull();
        assertThat(r.samples()).hasSizeGreaterThanOrEqualTo(10);
        Map<String, Boolean> checks = r.checks().stream()
                .collect(Collectors.toMap(SoakVerdict.Check::name, SoakVerdict.Check::ok));
        assertThat(checks).containsEntry("heap_flat", false).containsEntry("threads_flat", false)
                .containsEntry("fds_flat", false).containsKeys("no_false_deaths", "converged",
                        "broadcast_queue_flat", "streams_open_flat", "handoff_queued_flat");
        assertThat(r.ok()).isFalse();

        List<String> lines = Files.readAllLines(out.resolve("soak.jsonl"), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(r.samples().size());
        Map<String, Object> last = JSON.std.mapFrom(lines.get(lines.size() - 1));
        assertThat(last).containsKeys(SoakSample.HEAP_AFTER_GC, SoakSample.THREADS, SoakSample.FDS,
                SoakSample.BROADCAST_QUEUE_TOTAL, SoakSample.STREAMS_OPEN_TOTAL, SoakSample.HANDOFF_QUEUED_TOTAL,
                SoakSample.SUSPICIONS, SoakSample.FALSE_DEATHS);
        assertThat(((Number) last.get(SoakSample.MEMBER_TABLE_MAX)).intValue()).isEqualTo(8);
        assertThat(((Number) last.get(SoakSample.DATAGRAMS_SENT)).longValue()).isPositive();
        assertThat(((Number) last.get(SoakSample.FDS)).intValue()).isPositive();

        Map<String, Object> summary = JSON.std.mapFrom(Files.readString(out.resolve("summary.json")));
        assertThat(summary).containsEntry("ok", false).containsEntry("n", 8);
        assertThat(Files.readString(out.resolve("summary.txt"))).contains("FAIL").contains("heap_flat");
        for (String svg : List.of("soak-heap.svg", "soak-threads-fds.svg", "soak-queues.svg")) {
            assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve(svg).toFile())
                    .getDocumentElement().getNodeName()).isEqualTo("svg");
        }
    }

    @Test
    void parsesTheDocumentedCommandLine() {
        SoakOptions o = SoakOptions.parse("-n", "200", "-duration", "30m", "-loss=0.01", "--preset", "lan");
        assertThat(o.n()).isEqualTo(200);
        assertThat(o.duration().toMinutes()).isEqualTo(30);
        assertThat(o.loss()).isEqualTo(0.01);
        assertThat(o.leak()).isEmpty();
        assertThat(SoakOptions.duration("500ms").toMillis()).isEqualTo(500);
        assertThat(SoakOptions.duration("1.5s").toMillis()).isEqualTo(1500);
    }
}
