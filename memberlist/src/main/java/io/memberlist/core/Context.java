package io.memberlist.core;

import io.memberlist.Endpoint;
import io.memberlist.BroadcastQueue;
import io.memberlist.Config;
import io.memberlist.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * What every part of one engine shares: configuration (with durations in nanoseconds), identity,
 * the member table, timers, the broadcast queue, health, counters. Package-private plumbing.
 */
final class Context {
    /** Type byte + count byte of a compound message. */
    static final int COMPOUND_HEADER_OVERHEAD = 2;
    /** Length field per compound part. */
    static final int COMPOUND_OVERHEAD = 2;
    /** Type byte in front of each user broadcast. */
    static final int USER_MSG_OVERHEAD = 1;

    final Config config;
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
    boolean shutdown;
    private long sequence;
    private long incarnation;

    Context(Config config, Endpoint advertise, RandomGenerator random, Outbox outbox) {
        this.config = config;
        this.name = config.name();
        this.advertise = advertise;
        this.random = random;
        this.outbox = outbox;
        this.metrics = config.metrics();
        this.table = new MemberTable(random);
        this.broadcasts = new BroadcastQueue(table::size, config.retransmitMult());
        this.awareness = new Awareness(config.awarenessMaxMultiplier(), metrics);
        this.probeInterval = config.probeInterval().toNanos();
        this.probeTimeout = config.probeTimeout().toNanos();
        this.gossipInterval = config.gossipInterval().toNanos();
        this.pushPullInterval = config.pushPullInterval().toNanos();
        this.tcpTimeout = config.tcpTimeout().toNanos();
        this.gossipToTheDead = config.gossipToTheDeadTime().toNanos();
        this.deadNodeReclaim = config.deadNodeReclaimTime().toNanos();
        this.queueCheckInterval = config.queueCheckInterval().toNanos();
        this.bindPort = config.bindPort() != 0 ? config.bindPort() : advertise.port();
        int labelBytes = config.label().getBytes(StandardCharsets.UTF_8).length;
        this.labelOverhead = labelBytes == 0 ? 0 : 2 + labelBytes;
        this.encryptionOverhead = !config.encryptionEnabled() ? 0
                : config.protocolVersion() < 2 ? 45 : 29;
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

    /** Moves the local incarnation counter to {@code value} (refutation jumps). */
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
        return port == 0 || config.protocolVersion() < 2 ? bindPort : port;
    }

    /** CRC for a packet to {@code node}: only when its known PMax is at least 5. */
    boolean crcFor(NodeState node) {
        return node != null && node.pMax >= 5;
    }
}
