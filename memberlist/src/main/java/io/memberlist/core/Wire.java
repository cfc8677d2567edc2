package io.memberlist.core;

import io.memberlist.codec.CodecException;
import io.memberlist.codec.Compound;
import io.memberlist.codec.Message;
import io.memberlist.codec.Messages;
import java.util.List;

/**
 * The engine's only door to the message codec: encode one packet message, decode one leaf, build a
 * compound. Keeping every codec call behind this class keeps the engine's dependency on the codec
 * to a few functions.
 */
final class Wire {
    private Wire() {}

    /** Type byte + body of a packet message; a user message becomes {@code [8] + payload}. */
    static byte[] encode(Message m) {
        return Messages.encode(m);
    }

    /** Bytes of a stream message before compression and encryption, without encoding it. */
    static int streamSize(Message m) {
        return Messages.encodedSize(m);
    }

    /** Decodes one leaf (type byte + body) received in a packet. */
    static Message decodePacket(byte[] buf, int off, int len) throws CodecException {
        return Messages.decodePacket(buf, off, len);
    }

    /** A compound message of 1..255 non-empty parts (the engine never passes more than 127). */
    static byte[] compound(List<byte[]> parts) {
        return Compound.encode(parts);
    }
}
