package io.memberlist.node;

import io.memberlist.Config;
import io.memberlist.core.EngineSettings;

/**
 * Turns the public {@link Config} into the engine's {@link EngineSettings}, once per node.
 *
 * <p>Why here: the node is the layer that knows both sides. It already turns the same
 * {@code Config} into the codec's options, so the engine, like the codec, depends only on the
 * API's value and callback types, never on {@code Config} itself; and {@code Config}, an API
 * type, does not depend on the engine (its public methods may not expose internal types, and a
 * package-private factory in {@code io.memberlist} could not be called from here). Both
 * directions are checked by {@code LayersTest}.
 */
public final class EngineSettingsFactory {
    private EngineSettingsFactory() {}

    /** The settings of an engine run with {@code config}; durations become nanoseconds. */
    public static EngineSettings from(Config config) {
        return new EngineSettings(
                config.name(),
                config.protocolVersion(),
                config.vsn(),
                config.bindPort(),
                config.probeInterval().toNanos(),
                config.probeTimeout().toNanos(),
                config.gossipInterval().toNanos(),
                config.pushPullInterval().toNanos(),
                config.tcpTimeout().toNanos(),
                config.gossipToTheDeadTime().toNanos(),
                config.deadNodeReclaimTime().toNanos(),
                config.queueCheckInterval().toNanos(),
                config.reconnectInterval().toNanos(),
                config.reconnectTimeout().toNanos(),
                config.gossipNodes(),
                config.retransmitMult(),
                config.udpBufferSize(),
                config.syncAfterGossipWave(),
                config.selfAnnounceFanout(),
                config.indirectChecks(),
                config.disableTcpPings(),
                config.disableTcpPingsForNode(),
                config.awarenessMaxMultiplier(),
                config.suspicionMult(),
                config.suspicionMaxTimeoutMult(),
                config.lifeguardSuspicion(),
                config.lifeguardBuddy(),
                config.refusedConnectionSuspicion().toNanos(),
                config.flappingSuspicionMult(),
                config.flappingWindow().toNanos(),
                config.checkAccusations(),
                config.initialIncarnationFromClock(),
                config.selfFenceRefutations(),
                config.selfFenceWindow().toNanos(),
                config.selfFenceBackoff().toNanos(),
                config.selfFenceMaxBackoff().toNanos(),
                config.verifyLoneSuspicion(),
                config.label(),
                config.encryptionEnabled(),
                config.gossipVerifyOutgoing(),
                config.requireNodeNames(),
                config::ipAllowed,
                config.metrics(),
                config.delegate(),
                config.conflict(),
                config.merge(),
                config.alive(),
                config.ping());
    }
}
