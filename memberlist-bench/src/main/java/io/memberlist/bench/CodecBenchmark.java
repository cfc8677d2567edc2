package io.memberlist.bench;

import io.memberlist.codec.AckResp;
import io.memberlist.codec.Alive;
import io.memberlist.codec.CodecException;
import io.memberlist.codec.Message;
import io.memberlist.codec.Messages;
import io.memberlist.codec.Ping;
import io.memberlist.codec.PushNodeState;
import io.memberlist.codec.PushPull;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encode and decode cost of single messages ({@code io.memberlist.codec.Messages}), of a full
 * compound packet of alive messages, and of decoding a 1,000-node push/pull. Decode only: no
 * framing (CRC, compression, encryption) and no state merge.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class CodecBenchmark {
    /** The usual UDP budget for a compound packet (Go's default UDPBufferSize is 1400). */
    static final int PACKET_BUDGET = 1400;

    Ping ping;
    byte[] pingBytes;
    AckResp ack;
    byte[] ackBytes;
    Alive alive;
    byte[] aliveBytes;
    List<Alive> compoundAlives;
    byte[] compoundBytes;
    PushPull pushPull;
    byte[] pushPullBytes;

    @Setup
    public void setup() {
        byte[] vsn = {1, 5, 2, 0, 0, 0};
        ping = new Ping(123456, "node-0042.dc1.example", new byte[] {10, 1, 2, 3}, 7946,
                "node-0007.dc1.example");
        pingBytes = Messages.encode(ping);
        ack = new AckResp(123456, null);
        ackBytes = Messages.encode(ack);
        alive = new Alive(17, "node-0042.dc1.example", new byte[] {10, 1, 2, 42}, 7946,
                "role=web,zone=a".getBytes(), vsn);
        aliveBytes = Messages.encode(alive);

        compoundAlives = new ArrayList<>();
        int used = 2;
        for (int i = 0; ; i++) {
            Alive a = new Alive(i + 1, String.format("node-%04d.dc1.example", i),
                    new byte[] {10, 1, (byte) (i >> 8), (byte) i}, 7946, "role=web,zone=a".getBytes(), vsn);
            int size = Messages.encodedSize(a) + 2;
            if (used + size > PACKET_BUDGET) {
                break;
            }
            used += size;
            compoundAlives.add(a);
        }
        compoundBytes = encodeCompound(compoundAlives);

        List<PushNodeState> states = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            states.add(new PushNodeState(String.format("node-%04d.dc1.example", i),
                    new byte[] {10, 1, (byte) (i >> 8), (byte) i}, 7946, "role=web,zone=a".getBytes(),
                    i + 1, i % 50 == 0 ? 1 : 0, vsn));
        }
        pushPull = new PushPull(false, states, null);
        pushPullBytes = Messages.encodeStream(pushPull);
    }

    static byte[] encodeCompound(List<? extends Message> messages) {
        return CompoundBytes.encode(messages);
    }

    @Benchmark
    public byte[] encodePing() {
        return Messages.encode(ping);
    }

    @Benchmark
    public Message decodePing() throws CodecException {
        return Messages.decodePacket(pingBytes, 0, pingBytes.length);
    }

    @Benchmark
    public byte[] encodeAck() {
        return Messages.encode(ack);
    }

    @Benchmark
    public Message decodeAck() throws CodecException {
        return Messages.decodePacket(ackBytes, 0, ackBytes.length);
    }

    @Benchmark
    public byte[] encodeAlive() {
        return Messages.encode(alive);
    }

    @Benchmark
    public Message decodeAlive() throws CodecException {
        return Messages.decodePacket(aliveBytes, 0, aliveBytes.length);
    }

    @Benchmark
    public byte[] encodeCompoundAlive() {
        return encodeCompound(compoundAlives);
    }

    @Benchmark
    public void decodeCompoundAlive(Blackhole bh) throws CodecException {
        byte[] b = compoundBytes;
        int n = b[1] & 0xFF;
        int pos = 2 + 2 * n;
        for (int i = 0; i < n; i++) {
            int len = ((b[2 + 2 * i] & 0xFF) << 8) | (b[3 + 2 * i] & 0xFF);
            bh.consume(Messages.decodePacket(b, pos, len));
            pos += len;
        }
    }

    @Benchmark
    public byte[] encodePushPull1000() {
        return Messages.encodeStream(pushPull);
    }

    @Benchmark
    public Messages.Decoded decodePushPull1000() throws CodecException {
        return Messages.decodeStream(pushPullBytes, 0, pushPullBytes.length);
    }
}
