package io.memberlist.bench.engine;

import io.memberlist.bench.CompoundBytes;
import io.memberlist.codec.Alive;
import io.memberlist.codec.CodecException;
import io.memberlist.codec.Lzw;
import io.memberlist.codec.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * LZW (LSB first, 8-bit literals, as Go's {@code compress/lzw} with which memberlist compresses)
 * on two inputs: the 1,000-member push/pull stream of the engine benchmarks and a gossip-sized
 * compound of alives (as many as fit 1,400 bytes). Throughput is input bytes over time; the Go
 * twin runs {@code compress/lzw} on the same bytes (it prints their sizes and CRC-32 to compare).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class LzwBenchmark {
    byte[] pushPull;
    byte[] pushPullLzw;
    byte[] compound;
    byte[] compoundLzw;

    /** The compound input: alives of members 0, 1, ... while the packet stays within 1,400 bytes. */
    static byte[] gossipCompound() {
        List<Alive> alives = new ArrayList<>();
        int size = 2;
        for (int i = 0; ; i++) {
            Alive a = EngineFixture.alive(i, EngineFixture.INCARNATION0, 0);
            int more = Messages.encodedSize(a) + 2;
            if (size + more > 1400) {
                return CompoundBytes.encode(alives);
            }
            size += more;
            alives.add(a);
        }
    }

    @Setup
    public void setup() {
        pushPull = Messages.encodeStream(EngineFixture.pushPull(EngineFixture.INCARNATION0));
        pushPullLzw = Lzw.compress(pushPull);
        compound = gossipCompound();
        compoundLzw = Lzw.compress(compound);
    }

    @Benchmark
    public byte[] compressPushPull() {
        return Lzw.compress(pushPull);
    }

    @Benchmark
    public byte[] decompressPushPull() throws CodecException {
        return Lzw.decompress(pushPullLzw, 0, pushPullLzw.length);
    }

    @Benchmark
    public byte[] compressCompound() {
        return Lzw.compress(compound);
    }

    @Benchmark
    public byte[] decompressCompound() throws CodecException {
        return Lzw.decompress(compoundLzw, 0, compoundLzw.length);
    }
}
