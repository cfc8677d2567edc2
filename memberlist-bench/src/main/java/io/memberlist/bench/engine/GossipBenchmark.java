package io.memberlist.bench.engine;

import io.memberlist.Config;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A full gossip tick at N = 1,001: {@code Node.onTimer} at the gossip deadline picks 3 random
 * members and sends each one packet filled with queued broadcasts (compound, CRC, optionally
 * LZW). The queue holds the 1,000 alive broadcasts of the members just learned, each allowed
 * {@code retransmitMult × ceil(log10(N+1))} = 10,000 × 4 sends instead of 4 × 4, so it never
 * runs dry within an iteration and every tick sends 3 full packets (checked). The Go twin runs its
 * gossip loop back to back with the same queue.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class GossipBenchmark {
    /** Go's EnableCompression (on by default in Go's configurations). */
    @Param({"false", "true"})
    public boolean compress;

    EngineFixture f;
    long ticks;

    @Setup(Level.Iteration)
    public void setup() {
        Config config = EngineFixture.config().probeInterval(EngineFixture.NEVER).gossipInterval(Duration.ofMillis(200)).retransmitMult(10_000)
                .enableCompression(compress).build();
        f = new EngineFixture(config, true);
        ticks = 0;
    }

    @TearDown(Level.Iteration)
    public void check() {
        if (f.io.datagrams != 3 * ticks) {
            throw new IllegalStateException(ticks + " ticks sent " + f.io.datagrams + " packets (want 3 each)");
        }
    }

    @Benchmark
    public long tick() {
        f.now = f.node.nextDeadline();
        f.node.onTimer(f.now);
        ticks++;
        return f.io.datagramBytes;
    }
}
