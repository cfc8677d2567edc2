package io.memberlist.testing;

import io.memberlist.codec.CodecException;
import java.util.function.Consumer;

/**
 * What happens to a packet payload between two engines: the real packet codec (label, CRC,
 * compression, encryption, compound) or only compound splitting for speed.
 */
interface PacketFraming {
    /** Turns an unframed payload (one message or a compound) into the datagram put on the wire. */
    byte[] encode(SimNode from, byte[] payload, boolean crc);

    /** Turns a received datagram into leaves (one message each), handed to {@code leaves} in order. */
    void decode(SimNode to, byte[] datagram, Consumer<byte[]> leaves) throws CodecException;
}
