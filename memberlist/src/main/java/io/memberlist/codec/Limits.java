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
    /**
     * Largest LZW output accepted on a stream, 40 MiB ({@code maxDecompressedBytes}): a push/pull
     * of 20 MiB of user state plus as much node state.
     */
    public static final int MAX_DECOMPRESSED_BYTES = 40 * 1024 * 1024;
    /**
     * Largest decompressed body of a datagram, 64 KiB. A sender compresses a packet only when
     * that makes it smaller, so the body was itself a datagram payload and can never be larger
     * than a UDP datagram (65,507 bytes over IPv4). Bounds the work a single datagram costs
     * (the old 40 MiB cap let a 22 KB datagram cost about 70 ms of CPU) and the bytes its
     * leaves can make us send.
     */
    public static final int MAX_PACKET_DECOMPRESSED_BYTES = 64 * 1024;
    /**
     * Leaf messages one datagram may carry: a compound holds at most 255 parts (one count
     * byte), and a legitimate sender never nests compounds (see {@link #MAX_PACKET_REQUESTS}).
     */
    public static final int MAX_PACKET_LEAVES = 255;
    /**
     * Pings and indirect pings one datagram may carry. Go (v0.2.2 to v0.7.0) and this library
     * put a ping-class message only as the first part of a compound (the direct message), never
     * several; each one makes the receiver send, so more per datagram is pure amplification.
     */
    public static final int MAX_PACKET_REQUESTS = 1;
    /** Concurrent inbound push/pulls: the 128th and later are refused. */
    public static final int MAX_PUSH_PULL_REQUESTS = 128;
    /** Longest label; longer is a configuration error. */
    public static final int LABEL_MAX_SIZE = 255;
    /**
     * Largest metadata a local node may advertise, and (not in Go) the largest accepted from a
     * remote one: Go's sender refuses to start or update with more ({@code MetaMaxSize}), so no
     * legitimate peer sends more.
     */
    public static final int META_MAX_SIZE = 512;
    /**
     * Longest node name accepted from a remote node, in bytes (UTF-8). Go sets no limit; names
     * are host names in practice (at most 253 bytes as DNS names, 63 per label), and an alive
     * with a name much longer than this can hardly be gossiped at all (the default UDP budget
     * is 1,400 bytes for a whole packet). Twice the longest DNS name leaves room for
     * "host.datacenter"-style names without letting a single name fill a log or a packet.
     */
    public static final int MAX_NODE_NAME_BYTES = 512;
    /** Parts per compound message we send, safe for v0.2.2 peers (they misparse 128 and more). */
    public static final int MAX_COMPOUND_PARTS_SENT = 127;
    /** Largest datagram the transport reads. */
    public static final int MAX_DATAGRAM = 65536;
}
