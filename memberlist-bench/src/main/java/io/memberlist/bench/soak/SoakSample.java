package io.memberlist.bench.soak;

/**
 * The names of a soak sample's fields: one JSON object per sample in the JSON-lines series.
 * Counts ending in {@code _total} are summed over the nodes at the moment of the sample;
 * cumulative counters say so.
 */
final class SoakSample {
    /** Seconds since the cluster converged (the soak's time zero). */
    static final String T = "t_s";
    /** Whether the sample is past the settle time, i.e. judged by {@link SoakVerdict}. */
    static final String SETTLED = "settled";
    static final String LOAD = "load1";
    static final String HEAP_AFTER_GC = "heap_after_gc_bytes";
    static final String HEAP_COMMITTED = "heap_committed_bytes";
    static final String GC_MS = "gc_ms";
    static final String THREADS = "threads";
    static final String FDS = "fds";
    static final String MEMBERS_MIN = "members_min";
    static final String MEMBER_TABLE_MAX = "member_table_max";
    static final String BROADCAST_QUEUE_TOTAL = "broadcast_queue_total";
    static final String BROADCAST_QUEUE_MAX = "broadcast_queue_max";
    /** The largest {@code memberlist.queue.broadcasts} sample any node reported since the last sample. */
    static final String BROADCAST_QUEUE_METRIC_MAX = "broadcast_queue_metric_max";
    static final String STREAMS_OPEN_TOTAL = "streams_open_total";
    static final String STREAMS_PENDING_TOTAL = "streams_pending_total";
    static final String STREAMS_WAITING_TOTAL = "streams_waiting_total";
    static final String STREAM_BUFFERED_TOTAL = "stream_buffered_bytes_total";
    static final String HANDOFF_QUEUED_TOTAL = "handoff_queued_total";
    /** Cumulative. */
    static final String HANDOFF_DROPPED_TOTAL = "handoff_dropped_total";
    static final String HEALTH_MAX = "health_max";
    /** The slowest stats round trip to a node's loop (queueing on the loop included), ms. */
    static final String LOOP_RTT_MAX_MS = "loop_rtt_max_ms";
    /** Cumulative: alive -> suspect transitions, summed over every node's view. */
    static final String SUSPICIONS = "suspicions";
    /** Cumulative: a live node declared dead in some node's view (every node stays up). */
    static final String FALSE_DEATHS = "false_deaths";
    /** Cumulative: incarnations the nodes raised to refute suspicions. */
    static final String REFUTATIONS = "refutations";
    /** Cumulative: suspicions that ran to their timeout without Lifeguard's confirmations. */
    static final String DEGRADED_TIMEOUTS = "degraded_timeouts";
    /** Cumulative datagram counts of the loss wrapper. */
    static final String DATAGRAMS_SENT = "datagrams_sent";
    static final String DATAGRAMS_DROPPED_OUT = "datagrams_dropped_out";
    static final String DATAGRAMS_RECEIVED = "datagrams_received";
    static final String DATAGRAMS_DROPPED_IN = "datagrams_dropped_in";

    private SoakSample() {}
}
