package io.memberlist.codec;

import java.util.Locale;

/**
 * Why received input was dropped, one value per rule, so a node can count
 * {@code memberlist.packet.dropped{reason=...}} once per dropped datagram or leaf message and an
 * operator can tell an attack (say {@code over_limit}) from a misconfiguration ({@code label},
 * {@code auth}) or a broken peer ({@code malformed}).
 *
 * <p>Whole-datagram drops come with the {@link CodecException} that
 * {@link PacketCodec#decode} throws ({@link CodecException#dropReason()}); drops inside a datagram
 * are listed in {@link PacketCodec.Decoded#drops()}, one entry per rule broken, with the number of
 * leaf messages lost.
 */
public enum DropReason {
    /** Label header broken, missing, unexpected, or not the configured label. */
    LABEL,
    /** Encryption: no installed key authenticates it, or it is plaintext while keys are required. */
    AUTH,
    /** CRC header shorter than 5 bytes, or the checksum does not match. */
    CRC,
    /** A compress message that cannot be decompressed: bad msgpack, unknown algorithm, bad LZW, empty output. */
    DECOMPRESS,
    /** A size, count or nesting limit (see {@link Limits}): a decompression bomb, too many leaves, nested containers. */
    OVER_LIMIT,
    /** Bytes that can never form a valid message: empty datagram or part, wrong msgpack types, bad numbers. */
    MALFORMED,
    /** A message or compound part that ends before its declared or required end. */
    TRUNCATED,
    /** A message type that is not valid in a packet (stream-only types, framing types inside a body, unassigned). */
    UNKNOWN_TYPE;

    /** Lower-case name, the value of the {@code reason} metric label. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason implied by an exception's kind when no layer gave a more precise one. */
    static DropReason of(CodecException.Kind kind) {
        return switch (kind) {
            case TRUNCATED -> TRUNCATED;
            case MALFORMED -> MALFORMED;
            case OVER_LIMIT -> OVER_LIMIT;
            case AUTHENTICATION -> AUTH;
            case UNSUPPORTED -> UNKNOWN_TYPE;
        };
    }
}
