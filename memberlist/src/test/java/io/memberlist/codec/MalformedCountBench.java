package io.memberlist.codec;

import java.util.List;

/**
 * A command, not a test: replays {@link MalformedCorpus} through {@link PacketCodec} and counts
 * what a runtime that adds one per datagram thrown or with {@code dropped() > 0} (the runtime
 * before issue 9) would count, and the total {@code dropped()} it could have counted. Runs
 * against any build that has {@code PacketCodec.Decoded.dropped()}:
 *
 * <pre>
 * java -cp memberlist/target/test-classes:memberlist/target/classes:$(cat cp.txt) \
 *     io.memberlist.codec.MalformedCountBench 3000
 * </pre>
 */
public final class MalformedCountBench {
    private MalformedCountBench() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        List<MalformedCorpus.Sample> corpus = MalformedCorpus.generate(n, 20240601L);
        PacketCodec plain = new PacketCodec(CodecOptions.defaults());
        PacketCodec encrypted = new PacketCodec(
                CodecOptions.builder().keyring(Keyring.of(MalformedCorpus.KEY)).build());
        int perDatagram = 0;
        int leaves = 0;
        int delivered = 0;
        for (MalformedCorpus.Sample s : corpus) {
            try {
                PacketCodec.Decoded d = (s.encrypted() ? encrypted : plain).decode(s.datagram(), s.datagram().length);
                if (d.dropped() > 0) {
                    perDatagram++;
                }
                leaves += d.dropped();
                delivered += d.messages().size();
            } catch (CodecException e) {
                perDatagram++;
                leaves++;
            }
        }
        System.out.printf("%d malformed datagrams: counted per datagram %d, drops reported %d,"
                + " leaves handed on %d%n", n, perDatagram, leaves, delivered);
    }
}
