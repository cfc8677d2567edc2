package io.memberlist.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The CI band of the fault campaign: a fixed range of seeds, each a full run (a drawn cluster of
 * 5 to 40 production nodes, {@link #TICKS} ticks of faults, then the quiet phases) with every
 * checker on. A failure names the seed, the broken invariant and the last lines of the replayed
 * trace; {@code bin/campaign --replay SEED} prints the whole story. The full campaign (4,096
 * seeds) is a command, not a test: docs/TESTING.md.
 */
class CampaignBandTest {
    /** Seeds {@code FIRST .. FIRST + SEEDS - 1}; the band stays within about a minute on two cores. */
    static final long FIRST = 0;
    static final int SEEDS = 32;
    static final int TICKS = 5000;

    @TestFactory
    Stream<DynamicTest> band() {
        return LongStream.range(FIRST, FIRST + SEEDS).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed,
                () -> assertPasses(seed, TICKS)));
    }

    /** Runs {@code seed}; on failure replays it with a trace and fails with the last trace lines. */
    static void assertPasses(long seed, int ticks) {
        SeedResult r = new CampaignRun(seed, ticks, 0).run();
        if (r.passed()) {
            return;
        }
        CampaignRun replay = new CampaignRun(seed, ticks, 80);
        SeedResult again = replay.run();
        List<String> lines = new ArrayList<>(replay.sim().traceLines());
        StringBuilder b = new StringBuilder(r.toString()).append("\nreplay: bin/campaign --replay ").append(seed)
                .append(" --ticks ").append(ticks).append("\nlast trace lines:");
        for (String l : lines) {
            b.append("\n  ").append(Campaign.seconds(l));
        }
        if (r.error() != null) {
            throw new AssertionError(b.toString(), r.error());
        }
        assertThat(again.outcome()).as("replay is deterministic").isEqualTo(r.outcome());
        throw new AssertionError(b.toString());
    }
}
