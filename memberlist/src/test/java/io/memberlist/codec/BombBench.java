package io.memberlist.codec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A command, not a test: CPU time the packet codec spends on one decompression-bomb datagram (a
 * 22 KB LZW stream that expands to 40 MiB, the old decompression cap). Run after
 * {@code mvn -pl memberlist test-compile}:
 *
 * <pre>
 * java -cp memberlist/target/test-classes:memberlist/target/classes:$(cat cp.txt) \
 *     io.memberlist.codec.BombBench [packets]
 * </pre>
 *
 * Prints the datagram size and the mean and worst CPU time per packet after a warm-up.
 */
public final class BombBench {
    private BombBench() {}

    public static void main(String[] args) throws Exception {
        int packets = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        PacketCodec codec = new PacketCodec(CodecOptions.defaults());
        measure("bomb (40 MiB of LZW output)", codec, LzwBomb.compressMessage(40L * 1024 * 1024), packets);
        measure("largest accepted (255 alives, ~64 KiB decompressed)", codec, largestAccepted(), packets);
    }

    private static void measure(String what, PacketCodec codec, byte[] datagram, int packets)
            throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < Math.max(5, packets / 5); i++) {
            decode(codec, datagram);
        }
        long total = 0;
        long worst = 0;
        for (int i = 0; i < packets; i++) {
            long t0 = mx.getCurrentThreadCpuTime();
            decode(codec, datagram);
            long t = mx.getCurrentThreadCpuTime() - t0;
            total += t;
            worst = Math.max(worst, t);
        }
        System.out.printf("%s: datagram %d bytes; CPU per packet: mean %.3f ms, worst %.3f ms"
                + " (%d packets); loadavg %s%n", what, datagram.length, total / 1e6 / packets,
                worst / 1e6, packets, Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** A compressed compound of 255 alives with distinct 180-byte metadata: just under 64 KiB decompressed. */
    static byte[] largestAccepted() {
        java.util.List<byte[]> parts = new java.util.ArrayList<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < 255; i++) {
            byte[] meta = new byte[180];
            for (int j = 0; j < meta.length; j++) {
                meta[j] = (byte) ('a' + r.nextInt(16));
            }
            parts.add(Messages.encode(new Alive(i + 1, "node-" + i, new byte[] {10, 0, 0, (byte) i},
                    7946, meta, Alive.vsn(1, 5, 2, 0, 0, 0))));
        }
        byte[] body = Compound.encode(parts);
        if (body.length > Limits.MAX_DATAGRAM) {
            throw new IllegalStateException("body of " + body.length + " bytes");
        }
        return Compression.compress(body);
    }

    private static void decode(PacketCodec codec, byte[] bomb) {
        try {
            PacketCodec.Decoded d = codec.decode(bomb, bomb.length);
            if (!d.messages().isEmpty() && d.messages().get(0).length == 0) {
                throw new AssertionError();
            }
        } catch (CodecException e) {
            // dropped: that is the point
        }
    }
}
