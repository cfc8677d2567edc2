package io.memberlist.bench.engine;

import static io.memberlist.bench.engine.EngineFixture.INCARNATION0;
import static io.memberlist.bench.engine.EngineFixture.MEMBERS;

import io.memberlist.codec.Crc;
import io.memberlist.codec.Messages;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One alive handled end to end by the production node: a framed datagram ({@code [CRC][alive]},
 * no label, no encryption, no compression) through {@code Node.onDatagram} and the end of its
 * read batch: CRC check, decode, the handoff queue, the member-table lookup, the state rules, the
 * broadcast queue (the member's previous broadcast replaced) and an update event. Each operation
 * brings the next of the 1,000 known members a higher incarnation and new 4-byte metadata, so
 * every alive is applied, never ignored as stale (checked after each iteration). The metadata
 * change is what lets the Go twin see when an alive was handled (its only signal is
 * {@code NotifyUpdate}); the Java node emits the same event.
 *
 * <p>{@link #prepareOnly} measures the harness share: copying the member's template, writing the
 * incarnation and metadata, computing the CRC (the Go twin does the same per alive).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class AliveBenchmark {
    private static final FieldPatch INCARNATION = FieldPatch.find(
            Messages.encode(EngineFixture.alive(0, 0x11111111, 0)), Messages.encode(EngineFixture.alive(0, 0x22222222, 0)));
    private static final FieldPatch META = FieldPatch.find(
            Messages.encode(EngineFixture.alive(0, INCARNATION0, 0x11111111)),
            Messages.encode(EngineFixture.alive(0, INCARNATION0, 0x22222222)));

    EngineFixture f;
    byte[][] templates;
    int seq;
    long eventsBefore;
    int seqBefore;

    @Setup(Level.Trial)
    public void setup() {
        f = new EngineFixture(EngineFixture.config().build(), true);
        templates = new byte[MEMBERS][];
        for (int i = 0; i < MEMBERS; i++) {
            templates[i] = Messages.encode(EngineFixture.alive(i, INCARNATION0, 0));
        }
    }

    @Setup(Level.Iteration)
    public void mark() {
        eventsBefore = f.io.events;
        seqBefore = seq;
    }

    @TearDown(Level.Iteration)
    public void check() {
        long applied = f.io.events - eventsBefore;
        if (applied != seq - seqBefore) {
            throw new IllegalStateException((seq - seqBefore) + " alives sent, " + applied + " applied");
        }
    }

    /** The datagram of the next alive: a copy of the member's template, patched, with its CRC. */
    byte[] next() {
        int j = seq % MEMBERS;
        int round = seq / MEMBERS + 1;
        seq++;
        byte[] payload = templates[j].clone();
        INCARNATION.write(payload, 0, INCARNATION0 + round);
        META.write(payload, 0, round);
        return Crc.add(payload);
    }

    @Benchmark
    public void alive() {
        byte[] datagram = next();
        f.now += 1_000;
        f.deliver(datagram);
    }

    @Benchmark
    public byte[] prepareOnly() {
        byte[] d = next();
        seq--; // nothing was applied: the same alive again next time, and the check stays in step
        return d;
    }
}
