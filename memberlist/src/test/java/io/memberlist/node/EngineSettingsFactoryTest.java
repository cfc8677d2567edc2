package io.memberlist.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.AliveDelegate;
import io.memberlist.Config;
import io.memberlist.ConflictDelegate;
import io.memberlist.Delegate;
import io.memberlist.Member;
import io.memberlist.MergeDelegate;
import io.memberlist.Metrics;
import io.memberlist.PingDelegate;
import io.memberlist.RecordingMetrics;
import io.memberlist.core.EngineSettings;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The settings record is filled by position, so each setting is checked on its own: changing
 * one {@link Config} field changes exactly the settings components named here, to the value
 * named here. Every component is named by some case, so a component no case names fails.
 */
class EngineSettingsFactoryTest {
    private static final byte[] PROBE_IP = {10, 1, 2, 3};
    private static final Delegate DELEGATE = new Delegate() {};
    private static final ConflictDelegate CONFLICT = (existing, other) -> {};
    private static final MergeDelegate MERGE = peers -> {};
    private static final AliveDelegate ALIVE = peer -> {};
    private static final Predicate<String> SKIP_ALL = n -> true;
    private static final Metrics SINK = new RecordingMetrics();
    private static final PingDelegate PING = new PingDelegate() {
        @Override
        public byte[] ackPayload() {
            return new byte[0];
        }

        @Override
        public void notifyPingComplete(Member other, Duration rtt, byte[] payload) {}
    };

    private static Arguments one(String component, Object value, UnaryOperator<Config.Builder> change) {
        return Arguments.of(Set.of(component), value, change);
    }

    private static long nanos(int seconds) {
        return Duration.ofSeconds(seconds).toNanos();
    }

    static Stream<Arguments> oneFieldEach() {
        return Stream.of(
                one("name", "other", b -> b.name("other")),
                Arguments.of(Set.of("protocolVersion", "vsn"), 4, (UnaryOperator<Config.Builder>) b -> b.protocolVersion(4)),
                one("vsn", "010502010000", b -> b.delegateProtocolMin(1)),
                one("vsn", "010502000100", b -> b.delegateProtocolMax(1)),
                one("vsn", "010502000001", b -> b.delegateProtocolVersion(1)),
                one("bindPort", 1, b -> b.bindPort(1)),
                one("probeIntervalNanos", nanos(2), b -> b.probeInterval(Duration.ofSeconds(2))),
                one("probeTimeoutNanos", nanos(3), b -> b.probeTimeout(Duration.ofSeconds(3))),
                one("gossipIntervalNanos", nanos(4), b -> b.gossipInterval(Duration.ofSeconds(4))),
                one("pushPullIntervalNanos", nanos(5), b -> b.pushPullInterval(Duration.ofSeconds(5))),
                one("tcpTimeoutNanos", nanos(6), b -> b.tcpTimeout(Duration.ofSeconds(6))),
                one("gossipToTheDeadNanos", nanos(7), b -> b.gossipToTheDeadTime(Duration.ofSeconds(7))),
                one("deadNodeReclaimNanos", nanos(8), b -> b.deadNodeReclaimTime(Duration.ofSeconds(8))),
                one("queueCheckIntervalNanos", nanos(9), b -> b.queueCheckInterval(Duration.ofSeconds(9))),
                one("reconnectIntervalNanos", nanos(10), b -> b.reconnectInterval(Duration.ofSeconds(10))),
                one("reconnectTimeoutNanos", nanos(11), b -> b.reconnectTimeout(Duration.ofSeconds(11))),
                one("gossipNodes", 5, b -> b.gossipNodes(5)),
                one("retransmitMult", 6, b -> b.retransmitMult(6)),
                one("udpBufferSize", 1200, b -> b.udpBufferSize(1200)),
                one("syncAfterGossipWave", false, b -> b.syncAfterGossipWave(false)),
                one("selfAnnounceFanout", 7, b -> b.selfAnnounceFanout(7)),
                one("indirectChecks", 2, b -> b.indirectChecks(2)),
                one("disableTcpPings", true, b -> b.disableTcpPings(true)),
                one("disableTcpPingsForNode", SKIP_ALL, b -> b.disableTcpPingsForNode(SKIP_ALL)),
                one("awarenessMaxMultiplier", 9, b -> b.awarenessMaxMultiplier(9)),
                one("suspicionMult", 3, b -> b.suspicionMult(3)),
                one("suspicionMaxTimeoutMult", 4, b -> b.suspicionMaxTimeoutMult(4)),
                one("lifeguardSuspicion", false, b -> b.lifeguardSuspicion(false)),
                one("lifeguardBuddy", false, b -> b.lifeguardBuddy(false)),
                one("refusedSuspicionNanos", nanos(3), b -> b.refusedConnectionSuspicion(Duration.ofSeconds(3))),
                one("flappingSuspicionMult", 4, b -> b.flappingSuspicionMult(4)),
                one("flappingWindowNanos", nanos(60), b -> b.flappingWindow(Duration.ofSeconds(60))),
                one("checkAccusations", false, b -> b.checkAccusations(false)),
                one("initialIncarnationFromClock", false, b -> b.initialIncarnationFromClock(false)),
                one("selfFenceRefutations", 3, b -> b.selfFenceRefutations(3)),
                one("selfFenceWindowNanos", nanos(70), b -> b.selfFenceWindow(Duration.ofSeconds(70))),
                one("selfFenceBackoffNanos", nanos(80), b -> b.selfFenceBackoff(Duration.ofSeconds(80))),
                one("selfFenceMaxBackoffNanos", nanos(7200), b -> b.selfFenceMaxBackoff(Duration.ofHours(2))),
                one("verifyLoneSuspicion", false, b -> b.verifyLoneSuspicion(false)),
                one("label", "blue", b -> b.label("blue")),
                one("encryptionEnabled", true, b -> b.secretKey(new byte[16])),
                one("gossipVerifyOutgoing", false, b -> b.gossipVerifyOutgoing(false)),
                one("requireNodeNames", true, b -> b.requireNodeNames(true)),
                one("ipFilter", false, b -> b.cidrsAllowed(List.of("192.168.0.0/16"))),
                one("metrics", SINK, b -> b.metrics(SINK)),
                one("delegate", DELEGATE, b -> b.delegate(DELEGATE)),
                one("conflict", CONFLICT, b -> b.conflict(CONFLICT)),
                one("merge", MERGE, b -> b.merge(MERGE)),
                one("alive", ALIVE, b -> b.alive(ALIVE)),
                one("ping", PING, b -> b.ping(PING)));
    }

    /** Components by name; the version vector as hex, the address filter applied to 10.1.2.3. */
    private static Map<String, Object> view(Config config) throws ReflectiveOperationException {
        EngineSettings s = EngineSettingsFactory.from(config);
        Map<String, Object> out = new HashMap<>();
        for (RecordComponent c : EngineSettings.class.getRecordComponents()) {
            Object v = c.getAccessor().invoke(s);
            if (v instanceof byte[] bytes) {
                v = HexFormat.of().formatHex(bytes);
            } else if (c.getName().equals("ipFilter")) {
                v = s.ipAllowed(PROBE_IP);
            }
            out.put(c.getName(), v);
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneFieldEach")
    void eachFieldReachesItsComponent(Set<String> components, Object value,
            UnaryOperator<Config.Builder> change) throws Exception {
        Map<String, Object> before = view(Config.lan().name("n").build());
        Map<String, Object> after = view(change.apply(Config.lan().name("n")).build());
        Set<String> changed = new TreeSet<>();
        for (String k : before.keySet()) {
            if (!Objects.equals(before.get(k), after.get(k))) {
                changed.add(k);
            }
        }
        assertThat(changed).isEqualTo(new TreeSet<>(components));
        String first = components.stream().sorted().findFirst().orElseThrow();
        assertThat(after.get(first)).isEqualTo(value);
    }

    @Test
    void everyComponentIsCovered() throws Exception {
        Set<String> named = new TreeSet<>();
        oneFieldEach().forEach(a -> {
            @SuppressWarnings("unchecked")
            Set<String> s = (Set<String>) a.get()[0];
            named.addAll(s);
        });
        assertThat(named).isEqualTo(view(Config.lan().name("n").build()).keySet());
    }

    @Test
    void defaultsMapToTheLanPreset() {
        EngineSettings s = EngineSettingsFactory.from(Config.lan().name("n").build());
        assertThat(s.probeIntervalNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(s.ipAllowed(PROBE_IP)).isTrue();
        assertThat(s.metrics()).isSameAs(Metrics.NOOP);
        assertThat(s.vsn()).containsExactly(1, 5, 2, 0, 0, 0);
    }
}
