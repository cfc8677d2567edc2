package io.memberlist.core;

import io.memberlist.AliveDelegate;
import io.memberlist.ConflictDelegate;
import io.memberlist.Delegate;
import io.memberlist.MergeDelegate;
import io.memberlist.Metrics;
import io.memberlist.PingDelegate;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Exactly what the engine reads of the configuration, made once before the engine exists:
 * durations already in nanoseconds (the engine's unit of time), derived values already derived.
 * The engine never sees the public {@link io.memberlist.Config}: that keeps the API free to grow
 * fields the engine has no use for (bind address, codec flags, queue depths) and keeps this
 * package free of the API's validation and presets (a test enforces it). The node layer, which
 * reads the {@code Config} anyway for the codec, builds this record ({@code
 * io.memberlist.node.EngineSettingsFactory}); each component's doc names the {@code Config}
 * accessor it comes from, whose doc in turn names the Go field.
 *
 * <p>The delegates and the metrics sink are the application's objects, passed through as they
 * are (the engine calls them); each may be {@code null} except {@code metrics}.
 *
 * @param name {@code Config.name}: this node's name
 * @param protocolVersion {@code Config.protocolVersion}: the version we speak (PCur)
 * @param vsn {@code Config.vsn}: our version vector {@code [1, 5, PCur, DMin, DMax, DCur]}
 * @param bindPort {@code Config.bindPort}; 0 = the advertised port
 * @param probeIntervalNanos {@code Config.probeInterval}; 0 = no probing
 * @param probeTimeoutNanos {@code Config.probeTimeout}
 * @param gossipIntervalNanos {@code Config.gossipInterval}; 0 = no gossip
 * @param pushPullIntervalNanos {@code Config.pushPullInterval}; 0 = no periodic push/pull
 * @param tcpTimeoutNanos {@code Config.tcpTimeout}
 * @param gossipToTheDeadNanos {@code Config.gossipToTheDeadTime}
 * @param deadNodeReclaimNanos {@code Config.deadNodeReclaimTime}; 0 = never
 * @param queueCheckIntervalNanos {@code Config.queueCheckInterval}; 0 = no depth sample
 * @param reconnectIntervalNanos {@code Config.reconnectInterval}; 0 = no reconnecting
 * @param reconnectTimeoutNanos {@code Config.reconnectTimeout}; 0 = no reconnecting
 * @param gossipNodes {@code Config.gossipNodes}
 * @param retransmitMult {@code Config.retransmitMult}
 * @param udpBufferSize {@code Config.udpBufferSize}: the byte budget of one packet
 * @param syncAfterGossipWave {@code Config.syncAfterGossipWave}
 * @param selfAnnounceFanout {@code Config.selfAnnounceFanout}
 * @param indirectChecks {@code Config.indirectChecks}
 * @param disableTcpPings {@code Config.disableTcpPings}
 * @param disableTcpPingsForNode {@code Config.disableTcpPingsForNode}; never {@code null}
 * @param awarenessMaxMultiplier {@code Config.awarenessMaxMultiplier}
 * @param suspicionMult {@code Config.suspicionMult}
 * @param suspicionMaxTimeoutMult {@code Config.suspicionMaxTimeoutMult}
 * @param lifeguardSuspicion {@code Config.lifeguardSuspicion}
 * @param lifeguardBuddy {@code Config.lifeguardBuddy}
 * @param refusedSuspicionNanos {@code Config.refusedConnectionSuspicion}; 0 = the rule is off
 * @param flappingSuspicionMult {@code Config.flappingSuspicionMult}; 1 = the policy is off
 * @param flappingWindowNanos {@code Config.flappingWindow}
 * @param checkAccusations {@code Config.checkAccusations}
 * @param initialIncarnationFromClock {@code Config.initialIncarnationFromClock}: the first
 *     incarnation is the driver's wall clock in seconds (1 when off, as Go)
 * @param selfFenceRefutations {@code Config.selfFenceRefutations}; 0 = the policy is off
 * @param selfFenceWindowNanos {@code Config.selfFenceWindow}
 * @param selfFenceBackoffNanos {@code Config.selfFenceBackoff}
 * @param selfFenceMaxBackoffNanos {@code Config.selfFenceMaxBackoff}
 * @param verifyLoneSuspicion {@code Config.verifyLoneSuspicion}
 * @param label {@code Config.label}: only its length counts here (packet budget)
 * @param encryptionEnabled {@code Config.encryptionEnabled}: only for the packet budget
 * @param gossipVerifyOutgoing {@code Config.gossipVerifyOutgoing}: only for the packet budget
 * @param requireNodeNames {@code Config.requireNodeNames}
 * @param ipFilter {@code Config.ipAllowed}: true for an address that may be a member
 * @param metrics {@code Config.metrics}: the sink, metric labels included
 * @param delegate {@code Config.delegate}
 * @param conflict {@code Config.conflict}
 * @param merge {@code Config.merge}
 * @param alive {@code Config.alive}
 * @param ping {@code Config.ping}
 */
public record EngineSettings(
        String name,
        int protocolVersion,
        byte[] vsn,
        int bindPort,
        long probeIntervalNanos,
        long probeTimeoutNanos,
        long gossipIntervalNanos,
        long pushPullIntervalNanos,
        long tcpTimeoutNanos,
        long gossipToTheDeadNanos,
        long deadNodeReclaimNanos,
        long queueCheckIntervalNanos,
        long reconnectIntervalNanos,
        long reconnectTimeoutNanos,
        int gossipNodes,
        int retransmitMult,
        int udpBufferSize,
        boolean syncAfterGossipWave,
        int selfAnnounceFanout,
        int indirectChecks,
        boolean disableTcpPings,
        Predicate<String> disableTcpPingsForNode,
        int awarenessMaxMultiplier,
        int suspicionMult,
        int suspicionMaxTimeoutMult,
        boolean lifeguardSuspicion,
        boolean lifeguardBuddy,
        long refusedSuspicionNanos,
        int flappingSuspicionMult,
        long flappingWindowNanos,
        boolean checkAccusations,
        boolean initialIncarnationFromClock,
        int selfFenceRefutations,
        long selfFenceWindowNanos,
        long selfFenceBackoffNanos,
        long selfFenceMaxBackoffNanos,
        boolean verifyLoneSuspicion,
        String label,
        boolean encryptionEnabled,
        boolean gossipVerifyOutgoing,
        boolean requireNodeNames,
        Predicate<byte[]> ipFilter,
        Metrics metrics,
        Delegate delegate,
        ConflictDelegate conflict,
        MergeDelegate merge,
        AliveDelegate alive,
        PingDelegate ping) {

    /** Copies {@code vsn}; rejects a missing value the engine would otherwise trip over later. */
    public EngineSettings {
        Objects.requireNonNull(name, "name");
        if (vsn.length != 6) {
            throw new IllegalArgumentException("vsn must have 6 bytes, had " + vsn.length);
        }
        vsn = vsn.clone();
        Objects.requireNonNull(disableTcpPingsForNode, "disableTcpPingsForNode");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(ipFilter, "ipFilter");
        Objects.requireNonNull(metrics, "metrics");
    }

    /** True when {@code ip} may be a member (always, when no networks are configured). */
    public boolean ipAllowed(byte[] ip) {
        return ipFilter.test(ip);
    }

    /** A copy: every alive message we originate carries its own. */
    @Override
    public byte[] vsn() {
        return vsn.clone();
    }
}
