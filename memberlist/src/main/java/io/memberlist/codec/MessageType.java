package io.memberlist.codec;

/**
 * Message type codes: the first byte of every packet and stream message (PROTOCOL.md §2).
 *
 * <p>Codes are part of the wire protocol and are only ever appended. Unknown codes are not an
 * error of this class: {@link #name(int)} returns {@code "unknown(N)"} and the caller counts and
 * drops the message.
 */
public final class MessageType {
    private MessageType() {}

    public static final int PING = 0;
    public static final int INDIRECT_PING = 1;
    public static final int ACK_RESP = 2;
    public static final int SUSPECT = 3;
    public static final int ALIVE = 4;
    public static final int DEAD = 5;
    public static final int PUSH_PULL = 6;
    public static final int COMPOUND = 7;
    public static final int USER = 8;
    public static final int COMPRESS = 9;
    public static final int ENCRYPT = 10;
    public static final int NACK_RESP = 11;
    public static final int HAS_CRC = 12;
    public static final int ERR = 13;
    public static final int HAS_LABEL = 244;

    private static final String[] NAMES = {
        "ping", "indirectPing", "ackResp", "suspect", "alive", "dead", "pushPull", "compound",
        "user", "compress", "encrypt", "nackResp", "hasCrc", "err"
    };

    /** A readable name for logs and metrics; never throws. */
    public static String name(int code) {
        if (code >= 0 && code < NAMES.length) {
            return NAMES[code];
        }
        if (code == HAS_LABEL) {
            return "hasLabel";
        }
        return "unknown(" + code + ")";
    }
}
