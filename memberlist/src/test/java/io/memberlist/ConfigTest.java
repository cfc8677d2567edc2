package io.memberlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigTest {

    @Test
    void lanDefaultsAreGos() {
        Config c = Config.lan().name("n").build();
        assertThat(c.bindAddr()).isEqualTo("0.0.0.0");
        assertThat(c.bindPort()).isEqualTo(7946);
        assertThat(c.advertisePort()).isEqualTo(7946);
        assertThat(c.protocolVersion()).isEqualTo(2);
        assertThat(c.tcpTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.indirectChecks()).isEqualTo(3);
        assertThat(c.retransmitMult()).isEqualTo(4);
        assertThat(c.suspicionMult()).isEqualTo(4);
        assertThat(c.suspicionMaxTimeoutMult()).isEqualTo(6);
        assertThat(c.pushPullInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.probeInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.probeTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.awarenessMaxMultiplier()).isEqualTo(8);
        assertThat(c.gossipInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.gossipNodes()).isEqualTo(3);
        assertThat(c.gossipToTheDeadTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.gossipVerifyIncoming()).isTrue();
        assertThat(c.gossipVerifyOutgoing()).isTrue();
        assertThat(c.enableCompression()).isTrue();
        assertThat(c.handoffQueueDepth()).isEqualTo(1024);
        assertThat(c.udpBufferSize()).isEqualTo(1400);
        assertThat(c.deadNodeReclaimTime()).isEqualTo(Duration.ZERO);
        assertThat(c.queueCheckInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.label()).isEmpty();
        assertThat(c.encryptionEnabled()).isFalse();
        assertThat(c.vsn()).containsExactly(1, 5, 2, 0, 0, 0);
        assertThat(c.metrics()).isSameAs(Metrics.NOOP);
    }

    @Test
    void wanAndLocalPresets() {
        Config w = Config.wan().name("n").build();
        assertThat(w.tcpTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(w.suspicionMult()).isEqualTo(6);
        assertThat(w.pushPullInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(w.probeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(w.probeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(w.gossipNodes()).isEqualTo(4);
        assertThat(w.gossipInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(w.gossipToTheDeadTime()).isEqualTo(Duration.ofSeconds(60));
        Config l = Config.local().name("n").build();
        assertThat(l.tcpTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(l.indirectChecks()).isEqualTo(1);
        assertThat(l.retransmitMult()).isEqualTo(2);
        assertThat(l.suspicionMult()).isEqualTo(3);
        assertThat(l.pushPullInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(l.probeTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(l.gossipInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(l.gossipToTheDeadTime()).isEqualTo(Duration.ofSeconds(15));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad("name", b -> b.name("")),
                bad("protocolVersion", b -> b.protocolVersion(0)),
                bad("protocolVersion", b -> b.protocolVersion(6)),
                bad("label", b -> b.label("x".repeat(256))),
                bad("secretKey", b -> b.secretKey(new byte[15])),
                bad("keyring[1]", b -> b.keyring(List.of(new byte[32], new byte[33]))),
                bad("bindPort", b -> b.bindPort(70000)),
                bad("advertisePort", b -> b.advertisePort(-1)),
                bad("advertiseAddr", b -> b.advertiseAddr("not-an-ip")),
                bad("udpBufferSize", b -> b.udpBufferSize(10)),
                bad("probeInterval", b -> b.probeInterval(Duration.ofMillis(-1))),
                bad("probeTimeout", b -> b.probeTimeout(Duration.ofMillis(-1))),
                bad("pushPullInterval", b -> b.pushPullInterval(Duration.ofSeconds(-1))),
                bad("awarenessMaxMultiplier", b -> b.awarenessMaxMultiplier(0)),
                bad("retransmitMult", b -> b.retransmitMult(0)),
                bad("delegateProtocolVersion", b -> b.delegateProtocolVersion(256)),
                bad("cidrsAllowed", b -> b.cidrsAllowed(List.of("10.0.0.0/33"))),
                bad("cidrsAllowed", b -> b.cidrsAllowed(List.of("nonsense"))),
                bad("handoffQueueDepth", b -> b.handoffQueueDepth(0)));
    }

    private static Arguments bad(String field, UnaryOperator<Config.Builder> change) {
        return Arguments.of(field, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void validationNamesTheField(String field, UnaryOperator<Config.Builder> change) {
        assertThatThrownBy(() -> change.apply(Config.lan().name("n")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(field);
    }

    @Test
    void labelOf255BytesAndValidKeysAreAccepted() {
        Config c = Config.lan().name("n").label("x".repeat(255)).secretKey(new byte[16])
                .keyring(List.of(new byte[24], new byte[32])).build();
        assertThat(c.encryptionEnabled()).isTrue();
        assertThat(c.keyring()).hasSize(2);
    }

    @Test
    void cidrAllowList() {
        Config c = Config.lan().name("n").cidrsAllowed(List.of("10.0.0.0/8", "fd00::/8")).build();
        assertThat(c.ipAllowed(new byte[] {10, 1, 2, 3})).isTrue();
        assertThat(c.ipAllowed(new byte[] {11, 1, 2, 3})).isFalse();
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        assertThat(c.ipAllowed(mapped)).isTrue();
        byte[] v6 = new byte[16];
        v6[0] = (byte) 0xfd;
        assertThat(c.ipAllowed(v6)).isTrue();
        assertThat(Config.lan().name("n").build().ipAllowed(new byte[] {1, 2, 3, 4})).isTrue();
    }

    @Test
    void advertiseEndpointParsesLiterals() {
        assertThat(Config.lan().name("n").advertiseAddr("10.1.2.3").advertisePort(99).build()
                .advertiseEndpoint().ip()).containsExactly(10, 1, 2, 3);
        assertThat(Config.lan().name("n").advertiseAddr("::1").build().advertiseEndpoint().ip())
                .hasSize(16);
        assertThat(Config.lan().name("n").build().advertiseEndpoint()).isNull();
    }

    @Test
    void toBuilderRoundTrips() {
        Config c = Config.wan().name("n").label("l").cidrsAllowed(List.of("10.0.0.0/8")).build();
        Config d = c.toBuilder().build();
        assertThat(d.probeInterval()).isEqualTo(c.probeInterval());
        assertThat(d.cidrsAllowed()).isEqualTo(c.cidrsAllowed());
        assertThat(d.label()).isEqualTo("l");
    }

    @Test
    void zeroProbeAndGossipIntervalsAreAllowedAsInGo() {
        Config c = Config.lan().name("n").probeInterval(Duration.ZERO).gossipInterval(Duration.ZERO).build();
        assertThat(c.probeInterval()).isZero();
        assertThat(c.gossipInterval()).isZero();
    }

    /** Go's DefaultLANConfig (v0.7.0, unchanged since 0.2.2), field by field. */
    @Test
    void goCompatibleLanIsGosDefaultLanConfig() {
        Config c = Config.lan().goCompatible().name("n").build();
        assertThat(c.selfAnnounceFanout()).isZero();
        assertThat(c.syncAfterGossipWave()).isFalse();
        assertThat(c.joinTimeout()).isZero();
        assertThat(c.lifeguardSuspicion()).isTrue();
        assertThat(c.lifeguardBuddy()).isTrue();
        assertThat(c.bindAddr()).isEqualTo("0.0.0.0");
        assertThat(c.bindPort()).isEqualTo(7946);
        assertThat(c.advertiseAddr()).isEmpty();
        assertThat(c.advertisePort()).isEqualTo(7946);
        assertThat(c.protocolVersion()).isEqualTo(2);
        assertThat(c.tcpTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.indirectChecks()).isEqualTo(3);
        assertThat(c.retransmitMult()).isEqualTo(4);
        assertThat(c.suspicionMult()).isEqualTo(4);
        assertThat(c.suspicionMaxTimeoutMult()).isEqualTo(6);
        assertThat(c.pushPullInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.probeTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.probeInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.disableTcpPings()).isFalse();
        assertThat(c.awarenessMaxMultiplier()).isEqualTo(8);
        assertThat(c.gossipNodes()).isEqualTo(3);
        assertThat(c.gossipInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.gossipToTheDeadTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.gossipVerifyIncoming()).isTrue();
        assertThat(c.gossipVerifyOutgoing()).isTrue();
        assertThat(c.enableCompression()).isTrue();
        assertThat(c.secretKey()).isNull();
        assertThat(c.keyring()).isEmpty();
        assertThat(c.handoffQueueDepth()).isEqualTo(1024);
        assertThat(c.udpBufferSize()).isEqualTo(1400);
        assertThat(c.cidrsAllowed()).isEmpty();
        assertThat(c.queueCheckInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.deadNodeReclaimTime()).isZero();
        assertThat(c.refusedConnectionSuspicion()).isZero();
        assertThat(c.flappingSuspicionMult()).isEqualTo(1);
        assertThat(c.checkAccusations()).isFalse();
        assertThat(c.initialIncarnationFromClock()).isFalse();
        assertThat(c.selfFenceRefutations()).isZero();
        assertThat(c.verifyLoneSuspicion()).isFalse();
        assertThat(c.requireNodeNames()).isFalse();
        assertThat(c.label()).isEmpty();
        assertThat(c.metricLabels()).isEmpty();
    }

    @Test
    void goCompatibleKeepsThePresetAndUndoesOnlyOurAdditions() {
        Config ours = Config.local().name("n").build();
        assertThat(ours.selfAnnounceFanout()).isEqualTo(Config.DEFAULT_SELF_ANNOUNCE_FANOUT);
        assertThat(ours.syncAfterGossipWave()).isTrue();
        assertThat(ours.joinTimeout()).isEqualTo(Config.DEFAULT_JOIN_TIMEOUT);
        Config go = Config.local().lifeguardBuddy(false).goCompatible().name("n").build();
        assertThat(go.selfAnnounceFanout()).isZero();
        assertThat(go.syncAfterGossipWave()).isFalse();
        assertThat(go.joinTimeout()).isZero();
        assertThat(go.lifeguardBuddy()).isTrue();
        assertThat(go.gossipInterval()).isEqualTo(ours.gossipInterval());
        assertThat(go.probeTimeout()).isEqualTo(ours.probeTimeout());
        assertThat(go.retransmitMult()).isEqualTo(ours.retransmitMult());
    }

    /** The failure-detection policies of ours (BENCHMARKS.md): on by default, off in goCompatible. */
    @Test
    void failureDetectionPoliciesAreOnByDefault() {
        Config c = Config.lan().name("n").build();
        assertThat(c.refusedConnectionSuspicion()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.flappingSuspicionMult()).isEqualTo(8);
        assertThat(c.flappingWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.checkAccusations()).isTrue();
        assertThat(c.initialIncarnationFromClock()).isTrue();
        assertThat(c.verifyLoneSuspicion()).isTrue();
        assertThatThrownBy(() -> Config.lan().name("n").flappingSuspicionMult(0).build())
                .hasMessageContaining("flappingSuspicionMult");
        assertThatThrownBy(() -> Config.lan().name("n").flappingWindow(Duration.ZERO).build())
                .hasMessageContaining("flappingWindow");
        assertThatThrownBy(() -> Config.lan().name("n").refusedConnectionSuspicion(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("refusedConnectionSuspicion");
    }

    /** Self-fencing (BENCHMARKS.md, "Failure-detection policies"): on by default, off in goCompatible. */
    @Test
    void selfFencingIsOnByDefaultWithItsWindowScaledForTheWan() {
        Config c = Config.lan().name("n").build();
        assertThat(c.selfFenceRefutations()).isEqualTo(12);
        assertThat(c.selfFenceWindow()).isEqualTo(Duration.ofMinutes(3));
        assertThat(c.selfFenceBackoff()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.selfFenceMaxBackoff()).isEqualTo(Duration.ofHours(1));
        assertThat(Config.local().name("n").build().selfFenceWindow()).isEqualTo(Duration.ofMinutes(3));
        assertThat(Config.wan().name("n").build().selfFenceWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(Config.wan().goCompatible().name("n").build().selfFenceRefutations()).isZero();
        assertThatThrownBy(() -> Config.lan().name("n").selfFenceRefutations(-1).build())
                .hasMessageContaining("selfFenceRefutations");
        assertThatThrownBy(() -> Config.lan().name("n").selfFenceWindow(Duration.ZERO).build())
                .hasMessageContaining("selfFenceWindow");
        assertThatThrownBy(() -> Config.lan().name("n").selfFenceBackoff(Duration.ZERO).build())
                .hasMessageContaining("selfFenceBackoff");
        assertThatThrownBy(() -> Config.lan().name("n").selfFenceMaxBackoff(Duration.ofMinutes(4)).build())
                .hasMessageContaining("selfFenceMaxBackoff");
    }
    // ------------------------------------------------------------------ build() is pure

    /** A value for every setting, each different from its LAN default. */
    static final UnaryOperator<Config.Builder> EVERY_FIELD_CHANGED = b -> b
            .name("changed").protocolVersion(5).delegateProtocolVersion(3).delegateProtocolMin(1)
            .delegateProtocolMax(4).initialIncarnationFromClock(false)
            .bindAddr("127.0.0.1").bindPort(1).advertiseAddr("10.0.0.1").advertisePort(2)
            .cidrsAllowed(List.of("10.0.0.0/8")).requireNodeNames(true).udpBufferSize(1200)
            .handoffQueueDepth(7).enableCompression(false)
            .probeInterval(Duration.ofSeconds(2)).probeTimeout(Duration.ofMillis(700))
            .gossipInterval(Duration.ofMillis(300)).gossipNodes(5).retransmitMult(6)
            .gossipToTheDeadTime(Duration.ofSeconds(31)).pushPullInterval(Duration.ofSeconds(32))
            .tcpTimeout(Duration.ofSeconds(11)).queueCheckInterval(Duration.ofSeconds(33))
            .syncAfterGossipWave(false).selfAnnounceFanout(9)
            .reconnectInterval(Duration.ofSeconds(34)).reconnectTimeout(Duration.ofSeconds(35))
            .joinTimeout(Duration.ofSeconds(37))
            .indirectChecks(2).disableTcpPings(true).disableTcpPingsForNode(n -> true)
            .awarenessMaxMultiplier(9).suspicionMult(5).suspicionMaxTimeoutMult(7)
            .lifeguardSuspicion(false).lifeguardBuddy(false)
            .deadNodeReclaimTime(Duration.ofSeconds(36))
            .refusedConnectionSuspicion(Duration.ofSeconds(2)).flappingSuspicionMult(4)
            .flappingWindow(Duration.ofMinutes(1)).checkAccusations(false)
            .selfFenceRefutations(3).selfFenceWindow(Duration.ofMinutes(7))
            .selfFenceBackoff(Duration.ofMinutes(8)).selfFenceMaxBackoff(Duration.ofMinutes(90))
            .flappingWindow(Duration.ofMinutes(1)).checkAccusations(false).verifyLoneSuspicion(false)
            .label("changed").skipInboundLabelCheck(true).secretKey(new byte[16])
            .keyring(List.of(new byte[24])).gossipVerifyIncoming(false).gossipVerifyOutgoing(false)
            .metricLabels(Map.of("dc", "x")).metrics(new RecordingMetrics())
            .delegate(new Delegate() {}).events(new EventListener() {})
            .conflict((existing, other) -> {}).merge(peers -> {}).alive(peer -> {})
            .ping(new PingDelegate() {
                @Override
                public byte[] ackPayload() {
                    return new byte[0];
                }

                @Override
                public void notifyPingComplete(Member other, Duration rtt, byte[] payload) {}
            });

    /**
     * Every value a configuration shows, by accessor name: each public no-argument method, with
     * arrays as hex (they are returned as copies) and the metrics sink unwrapped from the
     * per-config wrapper that adds the labels.
     */
    static Map<String, Object> snapshot(Config c) throws ReflectiveOperationException {
        Map<String, Object> out = new TreeMap<>();
        for (Method m : Config.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                    && m.getParameterCount() == 0 && !m.getName().equals("toBuilder")) {
                out.put(m.getName(), comparable(m.invoke(c)));
            }
        }
        return out;
    }

    private static Object comparable(Object v) {
        if (v instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object e : list) {
                out.add(comparable(e));
            }
            return out;
        }
        return v instanceof LabelledMetrics l ? l.sink() : v;
    }

    @Test
    void theChangeSetsEveryFieldSoThePurityTestsSeeEveryField() throws Exception {
        Map<String, Object> lan = snapshot(Config.lan().name("n").build());
        Map<String, Object> changed = snapshot(EVERY_FIELD_CHANGED.apply(Config.lan()).build());
        assertThat(changed).hasSameSizeAs(lan).hasSizeGreaterThan(45);
        for (String accessor : lan.keySet()) {
            assertThat(changed.get(accessor)).as(accessor).isNotEqualTo(lan.get(accessor));
        }
    }

    @Test
    void buildingTwiceGivesEqualIndependentConfigs() throws Exception {
        Config.Builder b = EVERY_FIELD_CHANGED.apply(Config.lan());
        Config first = b.build();
        Config second = b.build();
        assertThat(second).isNotSameAs(first);
        assertThat(snapshot(second)).isEqualTo(snapshot(first));
    }

    @Test
    void changingTheBuilderAfterBuildingChangesNoEarlierConfig() throws Exception {
        Config.Builder b = Config.lan().name("n");
        Config built = b.build();
        Map<String, Object> before = snapshot(built);
        Config after = EVERY_FIELD_CHANGED.apply(b).build();
        assertThat(snapshot(built)).isEqualTo(before);
        assertThat(snapshot(after)).isNotEqualTo(before);
    }

    @Test
    void changingABuilderFromToBuilderChangesNoEarlierConfig() throws Exception {
        Config original = EVERY_FIELD_CHANGED.apply(Config.lan()).build();
        Map<String, Object> before = snapshot(original);
        Config.Builder b = original.toBuilder();
        assertThat(snapshot(b.build())).isEqualTo(before);
        b.name("m").probeInterval(Duration.ofSeconds(9)).cidrsAllowed(List.of())
                .keyring(List.of()).label("").metricLabels(Map.of()).lifeguardBuddy(true);
        b.build();
        assertThat(snapshot(original)).isEqualTo(before);
    }

    @Test
    void aMissingNameIsFilledInOnTheConfigNotInTheBuilder() {
        Config.Builder b = Config.lan();
        Config first = b.build();
        assertThat(first.name()).isNotEmpty();
        // build() left the name unset: an empty name set later is still caught, and unsetting
        // it again gives the host name once more.
        assertThatThrownBy(() -> b.name("").build()).hasMessageStartingWith("name");
        assertThat(b.name(null).build().name()).isEqualTo(first.name());
    }

    @Test
    void arraysGivenToAndTakenFromTheConfigAreCopies() {
        byte[] key = new byte[16];
        byte[] ringKey = new byte[32];
        Config c = Config.lan().name("n").secretKey(key).keyring(List.of(ringKey)).build();
        key[0] = 1;
        ringKey[0] = 1;
        c.secretKey()[1] = 1;
        c.keyring().get(0)[1] = 1;
        c.vsn()[2] = 9;
        assertThat(c.secretKey()).containsOnly(0);
        assertThat(c.keyring().get(0)).containsOnly(0);
        assertThat(c.vsn()[2]).isEqualTo((byte) 2);
    }

    @Test
    void aFailedBuildLeavesTheBuilderUsable() {
        Config.Builder b = Config.lan().name("n").cidrsAllowed(List.of("nonsense"));
        assertThatThrownBy(b::build).hasMessageStartingWith("cidrsAllowed");
        assertThatThrownBy(b::build).hasMessageStartingWith("cidrsAllowed");
        Predicate<byte[]> allowed = b.cidrsAllowed(List.of("10.0.0.0/8")).build()::ipAllowed;
        assertThat(allowed.test(new byte[] {10, 0, 0, 1})).isTrue();
        assertThat(allowed.test(new byte[] {11, 0, 0, 1})).isFalse();
    }
}
