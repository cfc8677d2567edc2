package io.memberlist.testing;

import io.memberlist.codec.CodecException;
import io.memberlist.codec.Message;
import io.memberlist.codec.Messages;
import io.memberlist.codec.StreamCodec;

/**
 * The bytes of a simulated TCP exchange. The dialer writes its label header and the message
 * framed by its own {@link StreamCodec} (compression, encryption); the listener decodes with its
 * own codec, expecting a label; the reply goes back framed by the listener's codec and is read
 * by the dialer without a label (PROTOCOL.md §5). So engines are tested on bytes, and
 * mismatched labels or keys break streams as they would on a real network. Nodes without a
 * codec (toy processes in tests) exchange message objects.
 */
final class StreamWire {
    private StreamWire() {}

    /** What travels: bytes when the sender has a codec, else the message itself. */
    record Payload(byte[] wire, Message message) {}

    static Payload write(SimNode from, Message m, boolean dialer, SimStats stats) {
        StreamCodec codec = from.streamCodec;
        if (codec == null) {
            return new Payload(null, m);
        }
        byte[] framed = codec.encodeMessage(Messages.encodeStream(m), from.nonceRandom);
        if (dialer) {
            byte[] label = codec.labelHeader();
            if (label.length > 0) {
                byte[] all = new byte[label.length + framed.length];
                System.arraycopy(label, 0, all, 0, label.length);
                System.arraycopy(framed, 0, all, label.length, framed.length);
                framed = all;
            }
        }
        stats.streamBytes += framed.length;
        return new Payload(framed, null);
    }

    static Message read(SimNode to, Payload p, boolean listener) throws CodecException {
        if (p.wire() == null) {
            return p.message();
        }
        StreamCodec codec = to.streamCodec;
        if (codec == null) {
            throw CodecException.unsupported("stream: a toy process cannot read stream bytes");
        }
        StreamCodec.Read r = codec.tryDecode(p.wire(), 0, p.wire().length, listener);
        if (r instanceof StreamCodec.NeedMore) {
            throw CodecException.truncated("stream: the connection closed inside a message");
        }
        byte[] plain = ((StreamCodec.Message) r).message();
        return Messages.decodeStream(plain, 0, plain.length).message();
    }
}
