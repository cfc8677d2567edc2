package io.memberlist.bench.engine;

import static io.memberlist.bench.engine.EngineFixture.INCARNATION0;

import io.memberlist.Endpoint;
import io.memberlist.codec.CodecOptions;
import io.memberlist.codec.Message;
import io.memberlist.codec.Messages;
import io.memberlist.codec.PushPull;
import io.memberlist.codec.StreamCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A remote push/pull of 1,000 member states merged, two ways:
 * <ul>
 *   <li>{@code node*}: the production node's stream path, as a driver feeds it: an accepted
 *       connection, all request bytes in one read ({@code [pushPull][header][1,000 states]},
 *       no label, encryption or compression), incremental parse, the engine's answer (this
 *       node's own 1,001 states) encoded and written, the merge, the graceful close reported
 *       back. The Go twin measures the same exchange from its stream listener to the close of
 *       the connection.</li>
 *   <li>{@code engine*}: {@code Engine.onStreamMessage} with the request already decoded: the
 *       reply's states built (not encoded) and the merge; no bytes at all.</li>
 * </ul>
 * Three situations each: {@code Steady}, the node already knows all 1,000 at those incarnations
 * (the periodic push/pull of a converged cluster: every entry is looked up and ignored);
 * {@code Update}, every entry has a newer incarnation (each is applied: state rules, broadcast
 * replaced); {@code Fresh}, the node knows nobody yet (a join: 1,000 entries created, 1,000
 * broadcasts and join events).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PushPullBenchmark {
    static final Endpoint STREAM_PEER = new Endpoint(new byte[] {10, 0, 0, 2}, 40_000);
    private static final StreamCodec PLAIN = new StreamCodec(CodecOptions.builder().compression(false).build());

    static byte[] streamBytes(int incarnation) {
        return PLAIN.encodeMessage(Messages.encodeStream(EngineFixture.pushPull(incarnation)));
    }

    private static final FieldPatch INCARNATIONS = FieldPatch.find(streamBytes(0x11111111), streamBytes(0x22222222));

    /** A node that knows the 1,000 members; the request bytes (patched per operation for updates). */
    @State(Scope.Thread)
    public static class Known {
        EngineFixture f;
        byte[] request;
        PushPull decoded = EngineFixture.pushPull(INCARNATION0);
        int round;

        @Setup(Level.Trial)
        public void setup() {
            f = new EngineFixture(EngineFixture.config().build(), true);
            request = streamBytes(INCARNATION0);
            if (INCARNATIONS.count() != EngineFixture.MEMBERS) {
                throw new IllegalStateException("found " + INCARNATIONS.count() + " incarnations in the request");
            }
            long before = f.io.streamBytes;
            exchange(f, request);
            if (f.io.streamBytes - before < 50_000) {
                throw new IllegalStateException("no full reply written: " + (f.io.streamBytes - before) + " bytes");
            }
        }
    }

    /** A node that knows nobody, new for every operation. */
    @State(Scope.Thread)
    public static class Empty {
        EngineFixture f;
        byte[] request = streamBytes(INCARNATION0);
        PushPull decoded = EngineFixture.pushPull(INCARNATION0);

        @Setup(Level.Invocation)
        public void setup() {
            f = new EngineFixture(EngineFixture.config().build(), false);
        }
    }

    /** The decoded request with incarnations above everything the node has seen, new for every operation. */
    @State(Scope.Thread)
    public static class Newer {
        PushPull decoded;
        int round;

        @Setup(Level.Invocation)
        public void setup() {
            round++;
            decoded = EngineFixture.pushPull(INCARNATION0 + round);
        }
    }

    /** One inbound stream exchange through the node: accept, bytes, (answer, merge), close reported. */
    static void exchange(EngineFixture f, byte[] request) {
        long id = f.node.onStreamAccepted(f.now, STREAM_PEER);
        f.node.onStreamBytes(f.now, id, request, 0, request.length);
        f.node.onStreamClosed(f.now, id, null);
        f.node.nextDeadline();
    }

    @Benchmark
    public long nodeSteady(Known s) {
        exchange(s.f, s.request);
        return s.f.io.streamBytes;
    }

    @Benchmark
    public long nodeUpdate(Known s) {
        byte[] request = s.request.clone();
        INCARNATIONS.write(request, 0, INCARNATION0 + ++s.round);
        exchange(s.f, request);
        return s.f.io.streamBytes;
    }

    @Benchmark
    public long nodeFresh(Empty s) {
        exchange(s.f, s.request);
        return s.f.io.streamBytes;
    }

    @Benchmark
    public Message engineSteady(Known s) {
        return s.f.node.engine().onStreamMessage(s.f.now, STREAM_PEER, s.decoded);
    }

    @Benchmark
    public Message engineUpdate(Known k, Newer n) {
        return k.f.node.engine().onStreamMessage(k.f.now, STREAM_PEER, n.decoded);
    }

    @Benchmark
    public Message engineFresh(Empty s) {
        return s.f.node.engine().onStreamMessage(s.f.now, STREAM_PEER, s.decoded);
    }
}
