package io.memberlist.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.bench.sim.Experiments.Convergence;
import io.memberlist.bench.sim.Experiments.TailRun;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Convergence after a mass join through one seed, in virtual time (the 1,000-node run lives in
 * {@link Experiments#main}: about a minute of wall time).
 *
 * <p>Finding: with the {@code local} preset (RetransmitMult 2) every node sends each broadcast at
 * most L = 2 × ceil(log10(N + 1)) = 4 (N = 64) or 6 (N = 256) times. Infection-style spreading
 * then misses a given (node, fact) pair with probability about e^−L (1.8% at L = 4): at 1 s
 * some 20 to 70 pairs of a 64-node cluster are still missing and every broadcast queue is empty,
 * so only push/pull repairs them, one exchange at a time. With Go's push/pull timing that takes
 * 43 to 45 s for 64 nodes (Go measured: 42.6 s median) and about 75 s for 256. The engine's
 * {@code syncAfterGossipWave} (default on) brings joins under 1 s (64) and 2.5 s (256) for most
 * seeds, but only once per push/pull period, so a leave right after the join wave is still missed
 * by some node in about 3 runs of 8. RetransmitMult 4 (the LAN value) removes the tail itself.
 *
 * <p>Direct self-announcement ({@code Config.selfAnnounceFanout}, default 512) removes it with the
 * local preset unchanged: the joiner that completes its push/pull sends its alive to every member
 * it learned of, the leaver sends its dead to every member. Tail experiment (8 seeds, virtual time;
 * the leaver shuts down once {@code leave} is done; see {@link Experiments#tail}):
 * <pre>
 *            fanout 0 (Go-like)                      fanout 512
 *  N   full ms med/max  leave ms med/max       full ms med/max  leave ms med/max
 *  64  570 / 62770      421 / never (3 of 8)   10 / 10          1 / 1
 *  256 2470 / 2490      420 / never (3 of 8)   310 / 310        230 / 301
 *  bytes per node, join (first 5 s) / idle (60 s):
 *  64  9436 / 7294                             11207 / 5982
 *  256 44094 / 5446                            50167 / 5411
 * </pre>
 * With 2% datagram loss (fanout 512): 64 nodes 190 / 270 ms, leave 44 / 97 ms; 256 nodes
 * 620 / 1850 ms, leave 201 / 301 ms; with fanout 0 the leave is never seen by all (within 30 s) in
 * 5 of 8 runs (64) and 4 of 8 (256). Run {@code Experiments tail 8 0.02} to reproduce.
 */
class ConvergenceExperimentTest {
    @Test
    void lan100() {
        Convergence c = Experiments.converge("lan", Config::lan, 100, 1, Duration.ofMinutes(3), false);
        System.out.println("convergence: " + c);
        assertThat(c.fullMillis()).isBetween(0L, 10_000L);
        assertThat(c.leaveMillis()).isBetween(0L, 1_000L);
    }

    /** Go's timing reproduces Go's tail: 99% of pairs in well under a second, the rest by push/pull. */
    @Test
    void localPresetWithGoTimingHasThePushPullTail() {
        Convergence c64 = Experiments.converge("l-go", () -> Config.local().syncAfterGossipWave(false).selfAnnounceFanout(0), 64, 1,
                Duration.ofMinutes(3), false);
        System.out.println("convergence: " + c64);
        assertThat(c64.pairs99Millis()).isLessThanOrEqualTo(1_000);
        assertThat(c64.fullMillis()).isGreaterThan(30_000);
    }

    @Test
    void localPresetDefault() {
        Convergence c64 = Experiments.converge("local", Config::local, 64, 1, Duration.ofMinutes(3), false);
        Convergence c256 = Experiments.converge("local", Config::local, 256, 1, Duration.ofMinutes(3), false);
        System.out.println("convergence: " + c64);
        System.out.println("convergence: " + c256);
        assertThat(c64.fullMillis()).isBetween(0L, 2_000L);
        assertThat(c256.fullMillis()).isBetween(0L, 5_000L);
    }

    /**
     * The product goal with the local preset, in virtual time, over 8 seeds per size: every node
     * sees all 64 (256) alive within 2 s (5 s) of a mass join, and a graceful leave as LEFT within
     * 1 s; idle traffic is not above Go's.
     */
    @Test
    void selfAnnouncementMeetsTheGoalsOnEverySeed() {
        List<TailRun> on64 = Experiments.tailSeries("fanout=512", Config::local, 64, 8, Duration.ofSeconds(30));
        List<TailRun> off64 = Experiments.tailSeries("fanout=0", () -> Config.local().selfAnnounceFanout(0), 64, 8,
                Duration.ofSeconds(90));
        // Times only for 256 (the byte measurements are the slow part in wall time; see
        // Experiments.main): the leave then follows convergence at once.
        List<TailRun> on256 = Experiments.tailSeries("fanout=512", Config::local, 256, 8, Duration.ofSeconds(30), 0,
                Duration.ZERO);
        for (TailRun r : on64) {
            assertThat(r.fullMillis()).as("64 nodes, seed %d: full convergence", r.seed()).isBetween(0L, 2_000L);
            assertThat(r.leaveMillis()).as("64 nodes, seed %d: leave", r.seed()).isBetween(0L, 1_000L);
        }
        for (TailRun r : on256) {
            assertThat(r.fullMillis()).as("256 nodes, seed %d: full convergence", r.seed()).isBetween(0L, 5_000L);
            assertThat(r.leaveMillis()).as("256 nodes, seed %d: leave", r.seed()).isBetween(0L, 1_000L);
        }
        double idleOn = on64.stream().mapToLong(TailRun::idleBytesPerNode).average().orElseThrow();
        double idleOff = off64.stream().mapToLong(TailRun::idleBytesPerNode).average().orElseThrow();
        assertThat(idleOn).isLessThanOrEqualTo(idleOff * 1.05);
        // The Go-like setting still shows the tail (the reason for the feature).
        assertThat(off64).anyMatch(r -> r.fullMillis() < 0 || r.fullMillis() > 2_000 || r.leaveMillis() < 0
                || r.leaveMillis() > 1_000);
    }

    @Test
    void localPresetWithRetransmitMult4MeetsTheGoals() {
        Convergence c64 = Experiments.converge("l-rm4", () -> Config.local().retransmitMult(4), 64, 1,
                Duration.ofMinutes(3), false);
        Convergence c256 = Experiments.converge("l-rm4", () -> Config.local().retransmitMult(4), 256, 1,
                Duration.ofMinutes(3), false);
        System.out.println("convergence: " + c64);
        System.out.println("convergence: " + c256);
        assertThat(c64.fullMillis()).isBetween(0L, 2_000L);
        assertThat(c256.fullMillis()).isBetween(0L, 5_000L);
        assertThat(c64.leaveMillis()).isBetween(0L, 1_000L);
        assertThat(c256.leaveMillis()).isBetween(0L, 1_000L);
    }
}
