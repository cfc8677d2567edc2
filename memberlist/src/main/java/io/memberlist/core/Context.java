package io.memberlist.core;

import io.memberlist.Endpoint;
import io.memberlist.BroadcastQueue;
import io.memberlist.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * What every part of one engine shares: its {@link EngineSettings} (durations in nanoseconds), identity,
 * the member table, timers, the broadcast queue, health, counters. Package-private plumbing.
 */
final class Context {
    /** Type byte + count byte of a compound message. */
    static final int COMPOUND_HEADER_OVERHEAD = 2;
    /** Length field per compound part. */
    static final int COMPOUND_OVERHEAD = 2;
    /** Type byte in front of each user broadcast. */
    static final int USER_MSG_OVERHEAD = 1;

    final EngineSettings settings;
    final String name;
    final Endpoint advertise;
    final RandomGenerator random;
    final Outbox outbox;
    final Metrics metrics;
    final Timers timers = new Timers();
    final MemberTable table;
    final BroadcastQueue broadcasts;
    final Awareness awareness;

    final long probeInterval;
    final long probeTimeout;
    final long gossipInterval;
    final long pushPullInterval;
    final long tcpTimeout;
    final long gossipToTheDead;
    final long deadNodeReclaim;
    final long queueCheckInterval;
    /** Port substituted for a received port 0 (Go: its BindPort). */
    final int bindPort;
    final int labelOverhead;
    final int encryptionOverhead;

    /** Times work inside one input, for metrics only ({@link Engine#setMetricsTicker}). */
    LongSupplier ticker = () -> 0L;
    boolean leaving;
    /**
     * This node fenced itself off ({@link Fencing}): it left on its own and takes no part in the
     * protocol until it rejoins ({@code leaving} is set too).
     */
    boolean fenced;
    boolean shutdown;
    private long sequence;
    private long incarnation;

    Context(EngineSettings settings, Endpoint advertise, RandomGenerator random, Outbox outbox) {
        this.settings = settings;
        this.name = settings.name();
        this.advertise = advertise;
        this.random = random;
        this.outbox = outbox;
        this.metrics = settings.metrics();
        this.table = new MemberTable(random);
        this.broadcasts = new BroadcastQueue(table::size, settings.retransmitMult());
        this.awareness = new Awareness(settings.awarenessMaxMultiplier(), metrics);
        this.probeInterval = settings.probeIntervalNanos();
        this.probeTimeout = settings.probeTimeoutNanos();
        this.gossipInterval = settings.gossipIntervalNanos();
        this.pushPullInterval = settings.pushPullIntervalNanos();
        this.tcpTimeout = settings.tcpTimeoutNanos();
        this.gossipToTheDead = settings.gossipToTheDeadNanos();
        this.deadNodeReclaim = settings.deadNodeReclaimNanos();
        this.queueCheckInterval = settings.queueCheckIntervalNanos();
        this.bindPort = settings.bindPort() != 0 ? settings.bindPort() : advertise.port();
        int labelBytes = settings.label().getBytes(StandardCharsets.UTF_8).length;
        this.labelOverhead = labelBytes == 0 ? 0 : 2 + labelBytes;
        this.encryptionOverhead = !settings.encryptionEnabled() ? 0
                : settings.protocolVersion() < 2 ? 45 : 29;
    }

    /** The next probe sequence number: incremented before use, the first is 1, wraps as uint32. */
    long nextSeqNo() {
        sequence = (sequence + 1) & 0xFFFFFFFFL;
        return sequence;
    }

    long nextIncarnation() {
        incarnation = (incarnation + 1) & 0xFFFFFFFFL;
        return incarnation;
    }

    /** Moves the local incarnation counter to {@code value} (the first one, refutation jumps). */
    void setIncarnation(long value) {
        incarnation = value;
    }

    long incarnation() {
        return incarnation;
    }

    NodeState self() {
        return table.get(name);
    }

    /** Port to use for a received port: our bind port for 0, or always when we speak version 1. */
    int fixPort(int port) {
        return port == 0 || settings.protocolVersion() < 2 ? bindPort : port;
    }

    /** CRC for a packet to {@code node}: only when its known PMax is at least 5. */
    boolean crcFor(NodeState node) {
        return node != null && node.pMax >= 5;
    }
}
