package io.memberlist.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fuzz harness reaches the engine: its seed scripts (valid traffic, framed for each
 * configuration) make members, answers and events, so the fuzzer starts past the framing.
 */
class NodeHarnessTest {
    private static final Path SEEDS = Path.of("src/test/resources/io/memberlist/node/NodeFuzzTestInputs");

    private static byte[] seed(String target, String name) throws IOException {
        return Files.readAllBytes(SEEDS.resolve(target).resolve(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cfg0", "cfg3", "cfg6", "cfg8"})
    void datagramSeedsReachTheEngine(String cfg) throws IOException {
        NodeHarness h = NodeHarness.run(seed("datagrams", cfg + "-members-then-ping"), NodeHarness.Ops.DATAGRAMS);
        assertThat(h.node().members()).hasSize(4); // fuzz + n1..n3 from the compound of alives
        assertThat(h.events()).isGreaterThanOrEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cfg0", "cfg3", "cfg6", "cfg8"})
    void streamSeedsReachTheEngine(String cfg) throws IOException {
        NodeHarness whole = NodeHarness.run(seed("streams", cfg + "-pushpull"), NodeHarness.Ops.STREAMS);
        assertThat(whole.node().members()).hasSize(4);
        assertThat(whole.streamBytesOut()).as("the push/pull is answered").isPositive();
        NodeHarness bytewise = NodeHarness.run(seed("streams", cfg + "-pushpull-1byte"), NodeHarness.Ops.STREAMS);
        assertThat(bytewise.node().members()).hasSize(3);
        NodeHarness join = NodeHarness.run(seed("streams", cfg + "-join-reply"), NodeHarness.Ops.STREAMS);
        assertThat(join.node().members()).as("the join's reply was merged").hasSize(3);
        NodeHarness idle = NodeHarness.run(seed("streams", cfg + "-idle-then-pushpull"), NodeHarness.Ops.STREAMS);
        assertThat(idle.node().refusedStreams()).as("per-source refusals and header timeouts").isPositive();
        assertThat(idle.node().members()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cfg0", "cfg3", "cfg6", "cfg8"})
    void chunkingSeedsAreAnsweredTheSameWholeOrInPieces(String cfg) throws IOException {
        byte[] seed = seed("chunking", cfg + "-pushpull-1");
        NodeHarness.chunking(seed); // throws when the outcomes differ
        byte[] stream = java.util.Arrays.copyOfRange(seed, 4, seed.length);
        NodeHarness.Outcome whole = NodeHarness.outcome(seed[0], 2, stream, new int[] {Integer.MAX_VALUE});
        assertThat(whole.written()).as("a push/pull reply").isNotEmpty();
        assertThat(whole.members()).hasSize(4);
        assertThat(whole.refused()).isZero();
    }
}
