package io.memberlist.codec;

/**
 * The one exception every decoder in this package throws for bad input.
 *
 * <p>Decoders take untrusted bytes. Whatever the input, they either return a value or throw
 * this exception; never an {@code IndexOutOfBoundsException}, {@code NegativeArraySizeException}
 * or {@code OutOfMemoryError}. The {@link Kind} tells the caller what to do: a stream reader
 * waits for more bytes on {@link Kind#TRUNCATED}, everything else is dropped and counted.
 */
public final class CodecException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the input was refused. */
    public enum Kind {
        /** The input ends before the value does; more bytes may complete it (streams). */
        TRUNCATED,
        /** The bytes can never form a valid value: wrong type, bad length, out-of-range number. */
        MALFORMED,
        /** A declared or produced size is above a protocol limit (checked before allocating). */
        OVER_LIMIT,
        /** Encryption: no key authenticates the message, or the envelope is unusable. */
        AUTHENTICATION,
        /** A message type, algorithm or version this position does not accept. */
        UNSUPPORTED
    }

    private final Kind kind;
    private final DropReason reason;

    public CodecException(Kind kind, String message) {
        this(kind, message, null);
    }

    public CodecException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, null);
    }

    private CodecException(Kind kind, String message, Throwable cause, DropReason reason) {
        super(message, cause, false, false);
        this.kind = kind;
        this.reason = reason;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Why the input is dropped, for counting: the reason the failing layer gave (label,
     * encryption, CRC, decompression), else the one implied by {@link #kind()}.
     */
    public DropReason dropReason() {
        return reason != null ? reason : DropReason.of(kind);
    }

    /** This exception with {@code r} as its {@link #dropReason()} (same kind and message). */
    CodecException withReason(DropReason r) {
        return r == reason ? this : new CodecException(kind, getMessage(), getCause(), r);
    }

    public boolean isTruncated() {
        return kind == Kind.TRUNCATED;
    }

    public static CodecException truncated(String message) {
        return new CodecException(Kind.TRUNCATED, message);
    }

    public static CodecException malformed(String message) {
        return new CodecException(Kind.MALFORMED, message);
    }

    public static CodecException overLimit(String message) {
        return new CodecException(Kind.OVER_LIMIT, message);
    }

    public static CodecException unsupported(String message) {
        return new CodecException(Kind.UNSUPPORTED, message);
    }

    public static CodecException authentication(String message) {
        return new CodecException(Kind.AUTHENTICATION, message);
    }

    @Override
    public String toString() {
        return "CodecException[" + kind + (reason == null ? "" : "/" + reason) + "]: " + getMessage();
    }
}
