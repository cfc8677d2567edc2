package io.memberlist.transport;

import io.memberlist.codec.CodecException;
import io.memberlist.codec.Message;

/**
 * The message-body codec as the runtime uses it; a seam until {@code Messages} lands on the
 * {@code msgcodec} branch. Package-private.
 */
final class Wire {
    private Wire() {}

    /** A decoded stream message and the bytes it used. */
    record Decoded(Message message, int consumed) {}

    static byte[] encodeStream(Message m) {
        throw new UnsupportedOperationException("Messages codec not merged yet");
    }

    /** @throws CodecException TRUNCATED when more bytes are needed */
    static Decoded decodeStream(byte[] buf, int off, int len) throws CodecException {
        throw new UnsupportedOperationException("Messages codec not merged yet");
    }
}
