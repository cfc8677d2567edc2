package io.memberlist.codec;

/** Protocol size limits (PROTOCOL.md §5, §7, §16). Every decoder checks these before allocating. */
public final class Limits {
    private Limits() {}

    /** Largest push/pull node count accepted ({@code maxPushStateNodes}). */
    public static final int MAX_PUSH_STATE_NODES = 1 << 20;
    /** Largest push/pull user state accepted, 20 MiB. */
    public static final int MAX_USER_STATE_BYTES = 20 * 1024 * 1024;
    /** Largest reliable user message accepted, 20 MiB ({@code maxUserMsgBytes}). */
    public static final int MAX_USER_MSG_BYTES = 20 * 1024 * 1024;
    /** Largest encrypted stream message accepted (the uint32 length prefix), 20 MiB. */
    public static final int MAX_ENCRYPTED_STREAM_BYTES = 20 * 1024 * 1024;
    /** Largest LZW output accepted, 40 MiB ({@code maxDecompressedBytes}). */
    public static final int MAX_DECOMPRESSED_BYTES = 40 * 1024 * 1024;
    /** Concurrent inbound push/pulls: the 128th and later are refused. */
    public static final int MAX_PUSH_PULL_REQUESTS = 128;
    /** Longest label; longer is a configuration error. */
    public static final int LABEL_MAX_SIZE = 255;
    /** Largest metadata a local node may advertise. */
    public static final int META_MAX_SIZE = 512;
    /** Parts per compound message we send, safe for v0.2.2 peers (they misparse 128 and more). */
    public static final int MAX_COMPOUND_PARTS_SENT = 127;
    /** Largest datagram the transport reads. */
    public static final int MAX_DATAGRAM = 65536;
}
