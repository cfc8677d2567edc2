package io.memberlist.codec;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The TCP framing (PROTOCOL.md §5): one message per direction per connection.
 *
 * <pre>
 * dialer's first write (only with a label):   [F4][L][label]                     (§4.2)
 * an encrypted message:
 *   offset 0   1 byte    0x0A (encryptMsg)
 *   offset 1   4 bytes   M = envelope length, uint32 big-endian, at most 20 MiB
 *   offset 5   M bytes   [version][nonce 12][ciphertext][tag 16]                  (§6.3)
 *   AAD = bytes 0..4 followed by the label bytes
 * a plain message:        [type][body ...]   (type 9: a compress message, §3.10)
 * </pre>
 *
 * <p>Writing compresses whenever compression is on (even when larger, as Go does) and then
 * encrypts when keys exist and {@code verifyOutgoing} is set.
 *
 * <p>Reading is incremental and stateless, for a non-blocking reader: hand
 * {@link #tryDecode} everything received so far; it answers {@link NeedMore} while the bytes are
 * a valid prefix, or a {@link Message}. Only the framing decides {@code NeedMore}: the label
 * header, the 5-byte encryption header and its M bytes, and a plain compress value. Once a
 * container is complete, anything wrong inside it is final ({@code MALFORMED} etc.), never
 * a reason to wait. A plain uncompressed message has no length on the wire (msgpack is
 * self-delimiting), so the framing cannot know where it ends: {@link Message#bounded()} is
 * false, the message is all bytes received so far, and the caller's body decoder reports
 * {@code TRUNCATED} when it needs more; the caller then reads more and calls again.
 *
 * <p>Label rules (§5.1, §5.4): the listener reads with {@code expectLabel = true}, accepting
 * the same labels as the packet path; the listener's reply carries no label, so the dialer
 * reads it with {@code expectLabel = false} and its own label as AAD.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class StreamCodec {
    /** The 0x0A type byte plus the uint32 length. */
    public static final int ENCRYPT_HEADER_LENGTH = 5;

    private static final SecureRandom NONCES = new SecureRandom();

    private final CodecOptions options;

    public StreamCodec(CodecOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public CodecOptions options() {
        return options;
    }

    /** The result of {@link #tryDecode}. */
    public sealed interface Read permits NeedMore, Message {}

    /**
     * The bytes so far are a valid prefix; call again once at least {@code atLeast} bytes
     * (counted from the same offset) are available. A lower bound, exact when known.
     */
    public record NeedMore(int atLeast) implements Read {}

    /**
     * One message read.
     *
     * @param message the plaintext {@code [type][body]} after decryption and decompression
     * @param consumed input bytes used, label header included
     * @param label the label accepted for this stream, always the configured one ("" for none)
     * @param encrypted whether it came in an encryption envelope
     * @param compressed whether it came in a compress message
     * @param bounded false for a plain uncompressed message, whose end the framing cannot see:
     *     then {@code message} is all remaining bytes and {@code consumed} all input
     * @param envelopeLength the length the encryption header declared (what Go samples as
     *     {@code memberlist.size.remote}); 0 when not encrypted
     */
    public record Message(byte[] message, int consumed, String label, boolean encrypted,
            boolean compressed, boolean bounded, int envelopeLength) implements Read {}

    /** What the dialer writes first: the label header, or nothing without a label. */
    public byte[] labelHeader() {
        return Label.header(options.labelBytesShared());
    }

    /** {@link #encodeMessage(byte[], RandomGenerator)} with nonces from a SecureRandom. */
    public byte[] encodeMessage(byte[] plain) {
        return encodeMessage(plain, NONCES);
    }

    /**
     * Frames one message {@code [type][body]} for the stream.
     *
     * @throws IllegalArgumentException if {@code plain} is empty
     */
    public byte[] encodeMessage(byte[] plain, RandomGenerator nonceSource) {
        if (plain.length == 0) {
            throw new IllegalArgumentException("refusing to send an empty stream message");
        }
        byte[] out = options.compression() ? Compression.compress(plain) : plain;
        Keyring.Snapshot keys = options.keyring() == null ? Keyring.Snapshot.EMPTY : options.keyring().snapshot();
        if (keys.keys().isEmpty() || !options.verifyOutgoing()) {
            return out;
        }
        int version = options.encryptionVersion();
        int m = Encryption.encryptedLength(version, out.length);
        byte[] framed = new byte[ENCRYPT_HEADER_LENGTH + m];
        framed[0] = (byte) MessageType.ENCRYPT;
        Crc.putInt(framed, 1, m);
        Encryption.encryptInto(version, keys.specs().get(0), out, aad(framed, 0, options.labelBytesShared()), nonceSource,
                framed, ENCRYPT_HEADER_LENGTH);
        return framed;
    }

    /**
     * The listener's first step (§5.1): checks the optional label header at the start of a
     * stream as soon as it is complete, so a stream with a refused label is closed (without an
     * answer) before its message is buffered.
     *
     * @return -1 while the header is incomplete (or no byte has arrived), else its length (0
     *     when the stream has no label header)
     * @throws CodecException the label is refused by this node's label rules
     */
    public int readLabelHeader(byte[] buf, int off, int len) throws CodecException {
        if (len == 0) {
            return -1;
        }
        Label.Stripped stripped;
        try {
            stripped = Label.strip(buf, off, len);
        } catch (CodecException e) {
            if (e.isTruncated()) {
                return -1;
            }
            throw e;
        }
        Label.accept(stripped, options.labelBytesShared(), options.skipInboundLabelCheck());
        return stripped.headerLength();
    }

    /**
     * Reads one message from {@code buf[off, off+len)}, the bytes received so far on the stream.
     *
     * @param expectLabel true on the listener side, where the stream may open with a label
     *     header; false when the dialer reads the reply
     * @throws CodecException the stream is unusable: label refused, encryption mismatch with
     *     this node's configuration, length over 20 MiB, or a broken message
     */
    public Read tryDecode(byte[] buf, int off, int len, boolean expectLabel) throws CodecException {
        Objects.checkFromIndexSize(off, len, buf.length);
        int pos = off;
        int end = off + len;
        byte[] label = options.labelBytesShared();
        if (expectLabel) {
            if (len == 0) {
                return new NeedMore(1);
            }
            Label.Stripped stripped;
            try {
                stripped = Label.strip(buf, off, len);
            } catch (CodecException e) {
                if (e.isTruncated()) {
                    return new NeedMore(len < Label.PREFIX_LENGTH
                            ? Label.PREFIX_LENGTH : Label.PREFIX_LENGTH + (buf[off + 1] & 0xff));
                }
                throw e;
            }
            label = Label.accept(stripped, label, options.skipInboundLabelCheck());
            pos += stripped.headerLength();
        }
        if (pos == end) {
            return new NeedMore(pos - off + 1);
        }
        int type = buf[pos] & 0xff;
        if (type == MessageType.ENCRYPT) {
            return readEncrypted(buf, off, pos, end, label);
        }
        if (options.encryptionEnabled() && options.verifyIncoming()) {
            throw CodecException.authentication(
                    "stream: encryption is configured but the remote message is not encrypted");
        }
        if (type == MessageType.COMPRESS) {
            Compression.Decoded d;
            try {
                d = Compression.decode(buf, pos, end - pos, Limits.MAX_DECOMPRESSED_BYTES);
            } catch (CodecException e) {
                if (e.isTruncated()) {
                    // Compression.decode refuses a Buf over its cap before asking for more bytes,
                    // but unknown keys could still ask to buffer without end: bound the wait.
                    if (end - pos > Compression.MAX_COMPRESSED_BYTES + 1024) {
                        throw CodecException.overLimit("stream: compress message over the size limit");
                    }
                    return new NeedMore(len + 1);
                }
                throw e;
            }
            return new Message(d.message(), pos - off + d.consumed(), options.label(),
                    false, true, true, 0);
        }
        return new Message(Arrays.copyOfRange(buf, pos, end), len, options.label(),
                false, false, false, 0);
    }

    private Read readEncrypted(byte[] buf, int off, int pos, int end, byte[] label)
            throws CodecException {
        if (!options.encryptionEnabled()) {
            throw CodecException.unsupported("stream: remote message is encrypted and encryption is not configured");
        }
        if (end - pos < ENCRYPT_HEADER_LENGTH) {
            return new NeedMore(pos - off + ENCRYPT_HEADER_LENGTH);
        }
        long m = Integer.toUnsignedLong(Crc.getInt(buf, pos + 1));
        if (m > Limits.MAX_ENCRYPTED_STREAM_BYTES) {
            throw CodecException.overLimit("stream: encrypted message of " + m + " bytes, limit "
                    + Limits.MAX_ENCRYPTED_STREAM_BYTES);
        }
        int total = pos - off + ENCRYPT_HEADER_LENGTH + (int) m;
        if (end - off < total) {
            return new NeedMore(total);
        }
        byte[] plain = Encryption.decrypt(options.keyring(), buf, pos + ENCRYPT_HEADER_LENGTH, (int) m,
                aad(buf, pos, label));
        if (plain.length == 0) {
            throw CodecException.malformed("stream: decrypted message is empty");
        }
        boolean compressed = (plain[0] & 0xff) == MessageType.COMPRESS;
        if (compressed) {
            try {
                plain = Compression.decode(plain, 0, plain.length, Limits.MAX_DECOMPRESSED_BYTES).message();
            } catch (CodecException e) {
                // The envelope was complete: a cut-off value inside it can never be completed.
                throw e.isTruncated()
                        ? new CodecException(CodecException.Kind.MALFORMED, e.getMessage(), e)
                        : e;
            }
        }
        return new Message(plain, total, options.label(), true, compressed, true, (int) m);
    }

    /** AAD of a stream envelope: the 5 header bytes at {@code header[at]}, then the label. */
    private static byte[] aad(byte[] header, int at, byte[] label) {
        byte[] aad = new byte[ENCRYPT_HEADER_LENGTH + label.length];
        System.arraycopy(header, at, aad, 0, ENCRYPT_HEADER_LENGTH);
        System.arraycopy(label, 0, aad, ENCRYPT_HEADER_LENGTH, label.length);
        return aad;
    }
}
