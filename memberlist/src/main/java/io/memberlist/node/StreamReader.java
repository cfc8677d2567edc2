package io.memberlist.node;

import io.memberlist.codec.CodecException;
import io.memberlist.codec.Message;
import io.memberlist.codec.MessageType;
import io.memberlist.codec.Messages;
import io.memberlist.codec.StreamBoundary;
import io.memberlist.codec.StreamCodec;
import java.util.Arrays;

/**
 * Reads the one message a stream carries, from bytes that arrive in pieces of any size, with
 * work linear in the bytes (PROTOCOL.md §5):
 *
 * <ol>
 *   <li>{@link Stage#LABEL}: the listener's optional label header, checked as soon as it is
 *       complete ({@link StreamCodec#readLabelHeader});
 *   <li>{@link Stage#FRAMING}: the first frame bytes decide between an encryption envelope (its
 *       5-byte header gives the exact length) and a plain message (whose end a
 *       {@link StreamBoundary} finds token by token), applying the codec's encryption rules
 *       on that short prefix only;
 *   <li>{@link Stage#BODY}: once the whole frame is there it is unframed and decoded exactly
 *       once.
 * </ol>
 *
 * <p>Input is bounded by {@code maxBytes}; the buffer grows by doubling and is released once
 * the message is read. A {@link CodecException} thrown by {@link #poll} is final; {@link #stage}
 * then says where it happened, which decides the answer (§5.1, §5.2).
 */
final class StreamReader {
    /** Where reading stands (and where a failure happened). */
    enum Stage { LABEL, FRAMING, BODY }

    private static final byte[] EMPTY = new byte[0];
    private static final int INITIAL = 512;

    private final StreamCodec codec;
    private final boolean listener;
    private final int maxBytes;
    private byte[] buf = EMPTY;
    private int len;
    private int frameStart = -1;
    private boolean encrypted;
    private boolean compressed;
    private int total = -1;
    private StreamBoundary boundary;
    private Stage stage = Stage.LABEL;
    private long work;
    private boolean done;
    private int envelopeLength = -1;

    /** @param listener true for the side that reads the request (which may carry a label) */
    StreamReader(StreamCodec codec, boolean listener, int maxBytes) {
        this.codec = codec;
        this.listener = listener;
        this.maxBytes = maxBytes;
    }

    /** Appends received bytes; OVER_LIMIT past {@code maxBytes}. */
    void append(byte[] src, int off, int n) throws CodecException {
        if (done) {
            return; // bytes after the one message are not read
        }
        if (n > maxBytes - len) {
            throw CodecException.overLimit("stream input over " + maxBytes + " bytes");
        }
        if (len + n > buf.length) {
            int cap = (int) Math.min(maxBytes, Math.max(Math.max(INITIAL, len + n), 2L * buf.length));
            buf = Arrays.copyOf(buf, cap);
        }
        System.arraycopy(src, off, buf, len, n);
        len += n;
    }

    /** Bytes held now. */
    int buffered() {
        return len;
    }

    /** True once the first byte of the message frame (after any label) has arrived. */
    boolean frameStarted() {
        return frameStart >= 0 && len > frameStart;
    }

    Stage stage() {
        return stage;
    }

    /** Byte examinations so far, boundary scanning and the final decode included. */
    long work() {
        return work + (boundary == null ? 0 : boundary.work());
    }

    /** The length the encryption header declared, once read; -1 for a plain message. */
    int envelopeLength() {
        return envelopeLength;
    }

    /** The message once it is complete, else {@code null}. */
    Message poll() throws CodecException {
        if (done) {
            return null;
        }
        if (frameStart < 0) {
            stage = Stage.LABEL;
            int h = listener ? codec.readLabelHeader(buf, 0, len) : 0;
            work += Math.min(len, 2);
            if (h < 0) {
                return null;
            }
            frameStart = h;
        }
        if (len <= frameStart) {
            return null;
        }
        stage = Stage.FRAMING;
        if (total < 0 && boundary == null && !encrypted) {
            // The rules applied to the prefix must not depend on how the bytes were cut: an
            // envelope is probed on exactly its 5-byte header, a plain message on exactly its
            // type byte (a longer prefix would let a compress body be judged early when it came
            // in one piece and only at its end when it trickled: the fuzzer found that).
            int type = buf[frameStart] & 0xff;
            int probe = frameStart + (type == MessageType.ENCRYPT ? StreamCodec.ENCRYPT_HEADER_LENGTH : 1);
            if (len < probe) {
                return null;
            }
            work += probe;
            StreamCodec.Read r = codec.tryDecode(buf, 0, probe, listener); // label and key rules
            if (type == MessageType.ENCRYPT) {
                encrypted = true;
                total = r instanceof StreamCodec.NeedMore more ? more.atLeast() : probe;
                if (total > maxBytes) {
                    throw CodecException.overLimit("stream: envelope of " + total + " bytes, limit " + maxBytes);
                }
            } else {
                compressed = type == MessageType.COMPRESS;
                boundary = new StreamBoundary(maxBytes - frameStart);
            }
        }
        if (boundary != null && total < 0) {
            stage = compressed ? Stage.FRAMING : Stage.BODY;
            int n = boundary.advance(buf, frameStart, len - frameStart);
            if (n < 0) {
                return null;
            }
            total = frameStart + n;
        }
        if (len < total) {
            return null;
        }
        stage = Stage.FRAMING;
        work += total;
        StreamCodec.Message framed = (StreamCodec.Message) codec.tryDecode(buf, 0, total, listener);
        stage = Stage.BODY;
        envelopeLength = framed.encrypted() ? framed.envelopeLength() : -1;
        byte[] plain = framed.message();
        done = true;
        buf = EMPTY;
        return Messages.decodeStream(plain, 0, plain.length).message();
    }
}
