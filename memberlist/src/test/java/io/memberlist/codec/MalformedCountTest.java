package io.memberlist.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, "3,000 malformed datagrams": every message lost is reported exactly once, with its
 * reason. A receiver counting one drop per datagram thrown plus {@link PacketCodec.Decoded#dropped()}
 * per datagram decoded must count exactly N for N datagrams with one fault each (before, a
 * runtime counting one per datagram with any problem saw a fraction: faults in leaves were
 * dropped later, uncounted, and nesting or extra pings were not faults at all).
 */
class MalformedCountTest {
    static final PacketCodec PLAIN = new PacketCodec(CodecOptions.defaults());
    static final PacketCodec ENCRYPTED = new PacketCodec(
            CodecOptions.builder().keyring(Keyring.of(MalformedCorpus.KEY)).build());

    @Test
    void threeThousandMalformedDatagramsGiveExactlyThreeThousandDropsByReason() {
        List<MalformedCorpus.Sample> corpus = MalformedCorpus.generate(3000, 20240601L);
        Map<DropReason, Integer> expected = new EnumMap<>(DropReason.class);
        Map<DropReason, Integer> counted = new EnumMap<>(DropReason.class);
        int total = 0;
        for (MalformedCorpus.Sample s : corpus) {
            expected.merge(DropReason.valueOf(s.reason()), 1, Integer::sum);
            Map<DropReason, Integer> one = drops(s);
            assertThat(one).as("drops of a %s sample", s.reason())
                    .containsExactly(Map.entry(DropReason.valueOf(s.reason()), 1));
            for (Map.Entry<DropReason, Integer> e : one.entrySet()) {
                counted.merge(e.getKey(), e.getValue(), Integer::sum);
                total += e.getValue();
            }
        }
        assertThat(total).isEqualTo(3000);
        assertThat(counted).isEqualTo(expected);
        assertThat(counted.keySet()).containsExactlyInAnyOrder(DropReason.values());
    }

    /** What a node counts for one datagram: 1 when it is thrown away whole, else each drop. */
    static Map<DropReason, Integer> drops(MalformedCorpus.Sample s) {
        PacketCodec codec = s.encrypted() ? ENCRYPTED : PLAIN;
        Map<DropReason, Integer> out = new EnumMap<>(DropReason.class);
        try {
            PacketCodec.Decoded d = codec.decode(s.datagram(), s.datagram().length);
            for (PacketCodec.Drop drop : d.drops()) {
                out.merge(drop.reason(), drop.count(), Integer::sum);
            }
        } catch (CodecException e) {
            out.merge(e.dropReason(), 1, Integer::sum);
        }
        return out;
    }
}
