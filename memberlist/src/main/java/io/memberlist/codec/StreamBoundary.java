package io.memberlist.codec;

/**
 * Finds where one plain (unencrypted) stream message ends while its bytes arrive in pieces.
 *
 * <p>A plain stream message has no outer length (PROTOCOL.md §5): it is a type byte followed by
 * self-delimiting MessagePack. A non-blocking reader must know that the whole message is there
 * before it decodes it, and must not re-parse from the start on every read (a peer that trickles
 * a push/pull one byte at a time would otherwise cost quadratic work). The shapes:
 *
 * <pre>
 *   push/pull   [0x06][header map][Nodes × state map][UserStateLen raw bytes]
 *   user        [0x08][header map {UserMsgLen}][UserMsgLen raw bytes]
 *   compress    [0x09][one value: the compress map]
 *   ping, ack, err  [type][one value]
 * </pre>
 *
 * <p>{@link #advance} is resumable: it continues after the last complete MessagePack token.
 * An incomplete token is looked at again from its first byte next time, which costs O(1): a
 * str/bin/ext payload is skipped by its declared length, never read. So the work over one
 * message is linear in its size, whatever the chunking ({@link #work()} counts it, for tests).
 *
 * <p>Every declared length and count is checked against {@code limit} before waiting for it, so
 * a bogus header cannot make the caller buffer more than the limit. Not thread-safe: one per
 * stream.
 */
public final class StreamBoundary {
    private static final int TYPE = 0;
    private static final int HEADER = 1;
    private static final int STATES = 2;
    private static final int BODY = 3;
    private static final int RAW = 4;
    private static final int DONE = 5;

    private final int limit;
    private int phase = TYPE;
    private int type = -1;
    /** Message bytes consumed by complete tokens (relative to the message's first byte). */
    private int pos;
    private long valuesLeft;
    private int headerStart;
    private long rawLeft;
    /** Payload bytes of the token whose header was read last, still to skip. */
    private long skipLeft;
    private long work;

    /** @param limit the largest message accepted, in bytes */
    public StreamBoundary(int limit) {
        this.limit = limit;
    }

    /**
     * Looks at the message bytes {@code buf[start, start + available)} (all received so far;
     * the same prefix as last time plus more).
     *
     * @return the message's length once it is complete, else -1
     * @throws CodecException UNSUPPORTED for a type not valid on a stream, MALFORMED for a
     *     never-used MessagePack byte or a bad header, OVER_LIMIT when the message would exceed
     *     the limit
     */
    public int advance(byte[] buf, int start, int available) throws CodecException {
        while (true) {
            switch (phase) {
                case TYPE -> {
                    if (available < 1) {
                        return -1;
                    }
                    type = buf[start] & 0xff;
                    pos = 1;
                    work++;
                    valuesLeft = 1;
                    headerStart = 1;
                    phase = switch (type) {
                        case MessageType.PUSH_PULL, MessageType.USER -> HEADER;
                        case MessageType.PING, MessageType.ACK_RESP, MessageType.ERR,
                                MessageType.COMPRESS -> BODY;
                        default -> throw CodecException.unsupported(
                                "message type " + MessageType.name(type) + " is not valid on a stream");
                    };
                }
                case HEADER -> {
                    if (!skipValues(buf, start, available)) {
                        return -1;
                    }
                    MsgpackReader r = new MsgpackReader(buf, start + headerStart, pos - headerStart);
                    work += pos - headerStart;
                    if (type == MessageType.PUSH_PULL) {
                        StreamBodies.PushPullHeader h = StreamBodies.readPushPullHeader(r);
                        valuesLeft = checkCount(h.nodes(), Limits.MAX_PUSH_STATE_NODES, "pushPullHeader.Nodes");
                        rawLeft = checkCount(h.userStateLen(), Limits.MAX_USER_STATE_BYTES,
                                "pushPullHeader.UserStateLen");
                        phase = STATES;
                    } else {
                        rawLeft = checkCount(StreamBodies.readUserMsgHeader(r), Limits.MAX_USER_MSG_BYTES,
                                "userMsgHeader.UserMsgLen");
                        phase = RAW;
                    }
                }
                case STATES -> {
                    if (!skipValues(buf, start, available)) {
                        return -1;
                    }
                    phase = RAW;
                }
                case BODY -> {
                    if (!skipValues(buf, start, available)) {
                        return -1;
                    }
                    phase = DONE;
                }
                case RAW -> {
                    if (rawLeft > limit - pos) {
                        throw CodecException.overLimit("stream message over " + limit + " bytes");
                    }
                    work++;
                    if (available - pos < rawLeft) {
                        return -1;
                    }
                    pos += (int) rawLeft;
                    rawLeft = 0;
                    phase = DONE;
                }
                default -> {
                    return pos;
                }
            }
        }
    }

    /** Byte examinations so far: linear in the message size for any chunking. */
    public long work() {
        return work;
    }

    private static long checkCount(long n, int max, String field) throws CodecException {
        if (n < 0) {
            throw CodecException.malformed(field + " is negative: " + n);
        }
        if (n > max) {
            throw CodecException.overLimit(field + " = " + n + " is above the limit " + max);
        }
        return n;
    }

    /** Skips complete values while {@code valuesLeft > 0}; false when more bytes are needed. */
    private boolean skipValues(byte[] buf, int start, int available) throws CodecException {
        if (skipLeft > 0) {
            work++;
            if (available - pos < skipLeft) {
                return false;
            }
            pos += (int) skipLeft;
            skipLeft = 0;
        }
        while (valuesLeft > 0) {
            if (valuesLeft > limit - pos) {
                throw CodecException.overLimit("stream message over " + limit + " bytes");
            }
            int at = start + pos;
            int have = available - pos;
            if (have < 1) {
                return false;
            }
            int b = buf[at] & 0xff;
            work++;
            long size;
            long children = 0;
            if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3) {
                size = 1;
            } else if (b <= 0x8f) {
                size = 1;
                children = 2L * (b & 0x0f);
            } else if (b <= 0x9f) {
                size = 1;
                children = b & 0x0f;
            } else if (b <= 0xbf) {
                size = 1L + (b & 0x1f);
            } else {
                int lenBytes = lengthBytes(b);
                if (have < 1 + lenBytes) {
                    return false;
                }
                long n = lenBytes == 0 ? 0 : readLength(buf, at + 1, lenBytes);
                work += lenBytes;
                switch (b) {
                    case 0xc4, 0xc5, 0xc6, 0xd9, 0xda, 0xdb -> size = 1L + lenBytes + n;
                    case 0xc7, 0xc8, 0xc9 -> size = 2L + lenBytes + n;
                    case 0xca -> size = 5;
                    case 0xcb -> size = 9;
                    case 0xcc, 0xd0 -> size = 2;
                    case 0xcd, 0xd1 -> size = 3;
                    case 0xce, 0xd2 -> size = 5;
                    case 0xcf, 0xd3 -> size = 9;
                    case 0xd4 -> size = 3;
                    case 0xd5 -> size = 4;
                    case 0xd6 -> size = 6;
                    case 0xd7 -> size = 10;
                    case 0xd8 -> size = 18;
                    case 0xdc, 0xdd -> {
                        size = 1L + lenBytes;
                        children = n;
                    }
                    case 0xde, 0xdf -> {
                        size = 1L + lenBytes;
                        children = 2 * n;
                    }
                    default -> throw CodecException.malformed(
                            String.format("msgpack: byte 0x%02x is never used", b));
                }
            }
            if (size > limit - pos) {
                throw CodecException.overLimit("stream message over " + limit + " bytes");
            }
            valuesLeft += children - 1;
            if (have < size) {
                // The header is complete (a str/bin/ext payload is missing, or a fixed-size
                // number is cut): step over what is here and remember the rest, so the next
                // call costs O(1) instead of reading this header again.
                int header = headerLength(b);
                if (have < header) {
                    valuesLeft -= children - 1;
                    return false;
                }
                pos += header;
                skipLeft = size - header;
                work++;
                if (available - pos < skipLeft) {
                    return false;
                }
                pos += (int) skipLeft;
                skipLeft = 0;
                continue;
            }
            pos += (int) size;
        }
        return true;
    }

    /** Bytes before a value's payload: the type byte, the length bytes, an ext's type byte. */
    private static int headerLength(int b) {
        if (b >= 0xa0 && b <= 0xbf) {
            return 1;
        }
        if (b >= 0xc7 && b <= 0xc9) {
            return 2 + lengthBytes(b);
        }
        if (b >= 0xd4 && b <= 0xd8) {
            return 2; // fixext: type byte and ext type, then the data
        }
        return 1 + lengthBytes(b);
    }

    /** How many length bytes follow a MessagePack type byte in 0xc0..0xdf (0 for fixed sizes). */
    private static int lengthBytes(int b) {
        return switch (b) {
            case 0xc4, 0xc7, 0xd9 -> 1;
            case 0xc5, 0xc8, 0xda, 0xdc, 0xde -> 2;
            case 0xc6, 0xc9, 0xdb, 0xdd, 0xdf -> 4;
            default -> 0;
        };
    }

    private static long readLength(byte[] buf, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (buf[at + i] & 0xff);
        }
        return v;
    }
}
