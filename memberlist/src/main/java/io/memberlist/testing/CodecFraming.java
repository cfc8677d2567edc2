package io.memberlist.testing;

import io.memberlist.codec.CodecException;
import io.memberlist.codec.PacketCodec;
import java.util.function.Consumer;

/**
 * The real UDP pipeline: each node encodes with its own {@link PacketCodec} (its label, keys,
 * compression) and decodes with its own, so mismatched labels or keys lose packets as they would
 * on a real network. Nodes without a codec (toy processes) fall back to compound splitting.
 */
final class CodecFraming implements PacketFraming {
    static final CodecFraming INSTANCE = new CodecFraming();

    @Override
    public byte[] encode(SimNode from, byte[] payload, boolean crc) {
        PacketCodec codec = from.packetCodec;
        if (codec == null) {
            return payload;
        }
        return codec.encode(payload, crc, from.nonceRandom);
    }

    @Override
    public void decode(SimNode to, byte[] datagram, Consumer<byte[]> leaves) throws CodecException {
        PacketCodec codec = to.packetCodec;
        if (codec == null) {
            CompoundOnlyFraming.INSTANCE.decode(to, datagram, leaves);
            return;
        }
        PacketCodec.Decoded d = codec.decode(datagram, datagram.length);
        for (byte[] leaf : d.messages()) {
            leaves.accept(leaf);
        }
    }
}
