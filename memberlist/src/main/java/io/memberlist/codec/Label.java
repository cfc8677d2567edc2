package io.memberlist.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The label header (HEAD, v0.3.0+; PROTOCOL.md §4.2, §5.1): the outermost layer of every packet
 * and the dialer's first write on a stream, when a label is configured.
 *
 * <pre>
 * offset 0     1 byte    0xF4 (244, hasLabelMsg)
 * offset 1     1 byte    L = label length, 1..255 (0 is invalid when the header is present)
 * offset 2     L bytes   label (Go string bytes; here the UTF-8 of the configured String)
 * offset 2+L   ...       rest of the packet / stream
 * </pre>
 *
 * <p>A label separates logical clusters sharing a network. It is sent in clear and is not
 * covered by the CRC; with encryption it is the GCM additional data, so it is authenticated
 * but never secret. An empty label means "no header" and is byte-identical to v0.2.2.
 *
 * <p>Kinds: a header cut short is {@code TRUNCATED} (a stream reader waits for more), length 0
 * is {@code MALFORMED}; whether a received label is acceptable is the codecs' decision
 * ({@code UNSUPPORTED} on mismatch), not this class's.
 */
public final class Label {
    private Label() {}

    /** Header bytes before the label itself. */
    public static final int PREFIX_LENGTH = 2;

    /**
     * The UTF-8 bytes of a configured label, validated.
     *
     * @throws IllegalArgumentException if the label is longer than 255 bytes
     */
    public static byte[] validate(String label) {
        Objects.requireNonNull(label, "label");
        byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Limits.LABEL_MAX_SIZE) {
            throw new IllegalArgumentException("label is " + bytes.length
                    + " bytes in UTF-8, at most " + Limits.LABEL_MAX_SIZE + " allowed");
        }
        return bytes;
    }

    /** The header for {@code label}, or an empty array for the empty label. */
    public static byte[] header(byte[] label) {
        checkLength(label);
        if (label.length == 0) {
            return new byte[0];
        }
        byte[] out = new byte[PREFIX_LENGTH + label.length];
        out[0] = (byte) MessageType.HAS_LABEL;
        out[1] = (byte) label.length;
        System.arraycopy(label, 0, out, PREFIX_LENGTH, label.length);
        return out;
    }

    /** Returns {@code header(label) + packet}; {@code packet} itself when the label is empty. */
    public static byte[] add(byte[] label, byte[] packet) {
        byte[] header = header(label);
        if (header.length == 0) {
            return packet;
        }
        byte[] out = Arrays.copyOf(header, header.length + packet.length);
        System.arraycopy(packet, 0, out, header.length, packet.length);
        return out;
    }

    /** Size-budget overhead of a label: {@code 2 + length}, or 0 without label. */
    public static int overhead(byte[] label) {
        return label.length == 0 ? 0 : PREFIX_LENGTH + label.length;
    }

    /**
     * The label found at the start of some input and where the rest begins.
     *
     * @param label the label bytes, empty when the input had no header
     * @param present whether a header was there
     * @param headerLength bytes the header took (0 without header)
     */
    public record Stripped(byte[] label, boolean present, int headerLength) {}

    /**
     * Reads an optional label header at {@code buf[off]}: if the first byte is not 0xF4 there is
     * no header. Needs at least one byte.
     */
    public static Stripped strip(byte[] buf, int off, int len) throws CodecException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < 1) {
            throw CodecException.truncated("label: empty input");
        }
        if ((buf[off] & 0xff) != MessageType.HAS_LABEL) {
            return new Stripped(new byte[0], false, 0);
        }
        if (len < PREFIX_LENGTH) {
            throw CodecException.truncated("label: header without size byte");
        }
        int size = buf[off + 1] & 0xff;
        if (size == 0) {
            throw CodecException.malformed("label: header with size 0");
        }
        if (len < PREFIX_LENGTH + size) {
            throw CodecException.truncated(
                    "label: size " + size + ", only " + (len - PREFIX_LENGTH) + " bytes follow");
        }
        byte[] label = Arrays.copyOfRange(buf, off + PREFIX_LENGTH, off + PREFIX_LENGTH + size);
        return new Stripped(label, true, PREFIX_LENGTH + size);
    }

    /**
     * Applies the acceptance rule shared by packets and streams: with {@code skipInboundCheck} a
     * labelled input is refused and the configured label assumed; otherwise the received label
     * (empty if none) must equal the configured one. Returns the label to use as AAD.
     */
    static byte[] accept(Stripped received, byte[] configured, boolean skipInboundCheck)
            throws CodecException {
        if (skipInboundCheck) {
            if (received.present()) {
                throw CodecException.unsupported("label: labelled input while inbound label check is skipped");
            }
            return configured;
        }
        if (!Arrays.equals(received.label(), configured)) {
            throw CodecException.unsupported("label: received label does not match the configured one");
        }
        return configured;
    }

    private static void checkLength(byte[] label) {
        if (label.length > Limits.LABEL_MAX_SIZE) {
            throw new IllegalArgumentException(
                    "label is " + label.length + " bytes, at most " + Limits.LABEL_MAX_SIZE + " allowed");
        }
    }
}
