package io.memberlist.bench.engine;

import static io.memberlist.bench.engine.EngineFixture.INCARNATION0;
import static io.memberlist.bench.engine.EngineFixture.MEMBERS;

import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.bench.CompoundBytes;
import io.memberlist.codec.Crc;
import io.memberlist.codec.Message;
import io.memberlist.codec.Messages;
import io.memberlist.codec.Suspect;
import io.memberlist.codec.UserMessage;
import java.util.List;
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
 * A suspicion with its confirmations, then its refutation, through the production node. One
 * operation is one cycle for the next of the 1,000 known members (N = 1,001, so Lifeguard wants
 * k = suspicionMult − 2 = 2 confirmations):
 * <ol>
 *   <li>one framed compound datagram {@code [user marker][suspect from c][suspect from b][suspect
 *       from a]}: the handoff queue hands the suspects over newest first (Go's LIFO), so the one
 *       from a starts the suspicion (state SUSPECT, timer, broadcast) and b and c confirm it (each
 *       a new timeout and a re-broadcast); the user message is the Go twin's "suspects handled"
 *       signal (the low-priority queue is LIFO, so it is handled last);</li>
 *   <li>one framed alive with the next incarnation and new metadata: the member refutes, the
 *       suspicion is cancelled, an update event is emitted.</li>
 * </ol>
 * Virtual time advances 100 ms per cycle and the driver's {@code nextDeadline()} is read after
 * each datagram, as a driver does, so cancelled suspicion timers leave the timer heap once due.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class SuspectBenchmark {
    private static final FieldPatch SUSPECT_INCARNATION = FieldPatch.find(compound(0, 0x11111111), compound(0, 0x22222222));
    private static final FieldPatch ALIVE_INCARNATION = FieldPatch.find(
            Messages.encode(EngineFixture.alive(0, 0x11111111, 0)), Messages.encode(EngineFixture.alive(0, 0x22222222, 0)));
    private static final FieldPatch ALIVE_META = FieldPatch.find(
            Messages.encode(EngineFixture.alive(0, INCARNATION0, 0x11111111)),
            Messages.encode(EngineFixture.alive(0, INCARNATION0, 0x22222222)));

    EngineFixture f;
    byte[][] suspects;
    byte[][] alives;
    int[] incarnation;
    int seq;
    long eventsBefore;
    int seqBefore;

    /** The compound for member {@code j}: a user message, then suspects from j+3, j+2, j+1. */
    static byte[] compound(int j, int incarnation) {
        String node = EngineFixture.name(j);
        long inc = Integer.toUnsignedLong(incarnation);
        List<Message> parts = List.of(new UserMessage(new byte[] {1}),
                new Suspect(inc, node, EngineFixture.name((j + 3) % MEMBERS)),
                new Suspect(inc, node, EngineFixture.name((j + 2) % MEMBERS)),
                new Suspect(inc, node, EngineFixture.name((j + 1) % MEMBERS)));
        return CompoundBytes.encode(parts);
    }

    @Setup(Level.Trial)
    public void setup() {
        f = new EngineFixture(EngineFixture.config().build(), true);
        suspects = new byte[MEMBERS][];
        alives = new byte[MEMBERS][];
        incarnation = new int[MEMBERS];
        for (int j = 0; j < MEMBERS; j++) {
            suspects[j] = compound(j, INCARNATION0);
            alives[j] = Messages.encode(EngineFixture.alive(j, INCARNATION0, 0));
            incarnation[j] = INCARNATION0;
        }
        selfCheck();
    }

    /** One cycle by hand, looking at the member in between: the benchmark measures what it says. */
    private void selfCheck() {
        int j = seq % MEMBERS;
        f.deliver(suspectDatagram(j));
        if (state(j) != MemberState.SUSPECT) {
            throw new IllegalStateException("the suspects did not make " + EngineFixture.name(j) + " suspect");
        }
        f.deliver(aliveDatagram(j));
        if (state(j) != MemberState.ALIVE) {
            throw new IllegalStateException("the alive did not refute the suspicion of " + EngineFixture.name(j));
        }
        seq++;
    }

    private MemberState state(int j) {
        String name = EngineFixture.name(j);
        for (Member m : f.node.members()) {
            if (m.name().equals(name)) {
                return m.state();
            }
        }
        return null;
    }

    byte[] suspectDatagram(int j) {
        byte[] payload = suspects[j].clone();
        SUSPECT_INCARNATION.write(payload, 0, incarnation[j]);
        return Crc.add(payload);
    }

    byte[] aliveDatagram(int j) {
        int inc = ++incarnation[j];
        byte[] payload = alives[j].clone();
        ALIVE_INCARNATION.write(payload, 0, inc);
        ALIVE_META.write(payload, 0, inc);
        return Crc.add(payload);
    }

    @Setup(Level.Iteration)
    public void mark() {
        eventsBefore = f.io.events;
        seqBefore = seq;
    }

    /** Every cycle emitted two events: the marker's user message and the refutation's update. */
    @TearDown(Level.Iteration)
    public void check() {
        long events = f.io.events - eventsBefore;
        if (events != 2L * (seq - seqBefore)) {
            throw new IllegalStateException((seq - seqBefore) + " cycles, " + events + " events (want 2 per cycle)");
        }
    }

    @Benchmark
    public void suspectConfirmRefute() {
        int j = seq % MEMBERS;
        seq++;
        f.now += 100_000_000L;
        f.deliver(suspectDatagram(j));
        f.node.nextDeadline();
        f.deliver(aliveDatagram(j));
        f.node.nextDeadline();
    }
}
