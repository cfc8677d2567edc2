package io.memberlist.core;

import io.memberlist.Endpoint;
import static io.memberlist.core.Shuttle.MS;
import static io.memberlist.core.Shuttle.SEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.Config;
import io.memberlist.Delegate;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.VetoException;
import io.memberlist.codec.Alive;
import io.memberlist.codec.Messages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DelegateAndMessagingTest {

    private static final byte[] VSN = {1, 5, 2, 0, 0, 0};

    private static void join(Shuttle s, String joiner, String seed, Map<Endpoint, String>[] errors,
            int[] joined) {
        s.node(joiner).engine.join(s.now, List.of(s.node(seed).endpoint), (n, e) -> {
            joined[0] = n;
            errors[0] = e;
        });
        s.runFor(20 * MS);
    }

    @Test
    void mergeDelegateVetoFailsTheJoinOnBothSides() {
        Shuttle s = new Shuttle(21);
        s.add(Shuttle.lan("a").merge(peers -> {
            throw new VetoException("not welcome");
        }).build());
        s.add("b");
        s.startAll();
        Map<Endpoint, String>[] errors = new Map[1];
        int[] joined = {-1};
        join(s, "b", "a", errors, joined);
        // a vetoed after replying: b merged a's state (and will gossip its alive to a later,
        // which a accepts as Go does: the veto covers the push/pull merge only).
        assertThat(joined[0]).isEqualTo(1);
        assertThat(s.node("b").engine.numMembers()).isEqualTo(2);

        Shuttle t = new Shuttle(22);
        t.add("a");
        t.add(Shuttle.lan("b").merge(peers -> {
            assertThat(peers).extracting(Member::name).contains("a");
            throw new VetoException("no thanks");
        }).build());
        t.startAll();
        join(t, "b", "a", errors, joined);
        assertThat(joined[0]).isZero();
        assertThat(errors[0].values()).singleElement().asString().contains("no thanks");
        assertThat(t.node("b").engine.numMembers()).isEqualTo(1);
    }

    @Test
    void incompatibleDelegateVersionsFailTheJoin() {
        Shuttle s = new Shuttle(23);
        s.add(Shuttle.lan("a").delegateProtocolMin(2).delegateProtocolMax(3)
                .delegateProtocolVersion(2).build());
        s.add(Shuttle.lan("b").delegateProtocolMin(0).delegateProtocolMax(1)
                .delegateProtocolVersion(1).build());
        s.startAll();
        Map<Endpoint, String>[] errors = new Map[1];
        int[] joined = {-1};
        join(s, "b", "a", errors, joined);
        assertThat(joined[0]).isZero();
        assertThat(errors[0].values()).singleElement().asString().contains("incompatible");
        assertThat(s.node("a").engine.numMembers()).isEqualTo(1);
    }

    @Test
    void aliveDelegateVetoesPeers() {
        Shuttle s = new Shuttle(24);
        s.add(Shuttle.lan("a").alive(peer -> {
            if (peer.name().startsWith("bad")) {
                throw new VetoException("bad name");
            }
        }).build());
        s.add("bad-b");
        s.add("c");
        s.startAll();
        s.node("bad-b").engine.join(s.now, List.of(s.node("a").endpoint), (n, e) -> { });
        s.node("c").engine.join(s.now, List.of(s.node("a").endpoint), (n, e) -> { });
        s.runFor(3 * SEC);
        assertThat(s.node("a").memberNames()).containsExactly("a", "c");
    }

    @Test
    void conflictingAddressIsReportedAndIgnored() {
        List<String> conflicts = new ArrayList<>();
        Shuttle s = new Shuttle(25);
        Shuttle.Node a = s.add(Shuttle.lan("a").conflict((existing, other) ->
                conflicts.add(existing.address() + " vs " + other.address())).build());
        a.engine.start(s.now);
        Endpoint from = new Endpoint(new byte[] {10, 0, 0, 7}, 7946);
        a.engine.onPacket(s.now, from, Messages.encode(
                new Alive(1, "x", new byte[] {10, 0, 0, 7}, 7946, null, VSN)));
        a.engine.onPacket(s.now, from, Messages.encode(
                new Alive(2, "x", new byte[] {10, 0, 0, 8}, 7946, null, VSN)));
        assertThat(conflicts).containsExactly("10.0.0.7:7946 vs 10.0.0.8:7946");
        assertThat(a.engine.members()).filteredOn(m -> m.name().equals("x")).singleElement()
                .satisfies(m -> assertThat(m.incarnation()).isEqualTo(1));
    }

    @Test
    void deadNodeReclaimTimeAllowsAddressChangeAfterItPassed() {
        Shuttle s = new Shuttle(26);
        Shuttle.Node a = s.add(Shuttle.lan("a").deadNodeReclaimTime(Duration.ofSeconds(5))
                .gossipToTheDeadTime(Duration.ofSeconds(60)).build());
        a.engine.start(s.now);
        Endpoint from = new Endpoint(new byte[] {10, 0, 0, 7}, 7946);
        a.engine.onPacket(s.now, from, Messages.encode(
                new Alive(1, "x", new byte[] {10, 0, 0, 7}, 7946, null, VSN)));
        a.engine.onPacket(s.now, from, Messages.encode(new io.memberlist.codec.Dead(1, "x", "y")));
        s.runFor(4 * SEC);
        a.engine.onPacket(s.now, from, Messages.encode(
                new Alive(2, "x", new byte[] {10, 0, 0, 8}, 7946, null, VSN)));
        assertThat(a.engine.numMembers()).isEqualTo(1);
        s.runFor(2 * SEC);
        a.engine.onPacket(s.now, from, Messages.encode(
                new Alive(2, "x", new byte[] {10, 0, 0, 8}, 7946, null, VSN)));
        assertThat(a.engine.members()).filteredOn(m -> m.name().equals("x")).singleElement()
                .satisfies(m -> assertThat(m.address()).isEqualTo("10.0.0.8:7946"));
    }

    @Test
    void leftNodeMayComeBackAtANewAddress() {
        Shuttle s = new Shuttle(27);
        Shuttle.Node a = s.add("a");
        a.engine.start(s.now);
        Endpoint from = new Endpoint(new byte[] {10, 0, 0, 7}, 7946);
        a.engine.onPacket(s.now, from, Messages.encode(
                new Alive(1, "x", new byte[] {10, 0, 0, 7}, 7946, null, VSN)));
        a.engine.onPacket(s.now, from, Messages.encode(new io.memberlist.codec.Dead(1, "x", "x")));
        assertThat(a.events.get(a.events.size() - 1)).isInstanceOf(MemberEvent.Left.class);
        assertThat(((MemberEvent.Left) a.events.get(a.events.size() - 1)).member().state())
                .isEqualTo(MemberState.LEFT);
        // Even at the same incarnation: an address change of a left node applies.
        a.engine.onPacket(s.now, from, Messages.encode(
                new Alive(1, "x", new byte[] {10, 0, 0, 9}, 7946, null, VSN)));
        assertThat(a.engine.numMembers()).isEqualTo(2);
    }

    @Test
    void cidrAllowListBlocksAliveFromOutside() {
        Shuttle s = new Shuttle(28);
        Shuttle.Node a = s.add(Shuttle.lan("a").cidrsAllowed(List.of("10.0.0.0/24")).build());
        a.engine.start(s.now);
        Endpoint inside = new Endpoint(new byte[] {10, 0, 0, 7}, 7946);
        Endpoint outside = new Endpoint(new byte[] {10, 0, 1, 7}, 7946);
        a.engine.onPacket(s.now, outside, Messages.encode(
                new Alive(1, "x", new byte[] {10, 0, 0, 7}, 7946, null, VSN)));
        a.engine.onPacket(s.now, inside, Messages.encode(
                new Alive(1, "y", new byte[] {10, 0, 1, 8}, 7946, null, VSN)));
        assertThat(a.engine.numMembers()).isEqualTo(1);
        a.engine.onPacket(s.now, inside, Messages.encode(
                new Alive(1, "z", new byte[] {10, 0, 0, 8}, 7946, null, VSN)));
        assertThat(a.engine.numMembers()).isEqualTo(2);
    }

    @Test
    void updateMetaPropagatesAsUpdateEvent() {
        byte[][] meta = {"v1".getBytes(StandardCharsets.UTF_8)};
        Delegate d = new Delegate() {
            @Override
            public byte[] nodeMeta(int limit) {
                return meta[0];
            }
        };
        Shuttle s = new Shuttle(29);
        s.add(Shuttle.lan("a").delegate(d).build());
        s.add("b");
        s.startAll();
        s.node("b").engine.join(s.now, List.of(s.node("a").endpoint), (n, e) -> { });
        s.runFor(SEC);
        assertThat(s.node("b").engine.members()).filteredOn(m -> m.name().equals("a"))
                .singleElement().satisfies(m -> assertThat(m.meta()).asString().isEqualTo("v1"));
        meta[0] = "v2".getBytes(StandardCharsets.UTF_8);
        boolean[] done = {false};
        s.node("a").engine.updateMeta(s.now, 5 * SEC, () -> done[0] = true);
        assertThat(s.node("a").engine.localMember().incarnation()).isEqualTo(2);
        assertThat(s.runUntil(() -> s.node("b").events.stream()
                .anyMatch(e -> e instanceof MemberEvent.Updated), 2 * SEC)).isTrue();
        assertThat(s.runUntil(() -> done[0], 6 * SEC)).isTrue();
        meta[0] = new byte[513];
        assertThatThrownBy(() -> s.node("a").engine.updateMeta(s.now, SEC, () -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("512");
    }

    @Test
    void bestEffortAndReliableUserMessagesArrive() {
        Shuttle s = new Shuttle(30);
        s.add("a");
        s.add("b");
        s.startAll();
        s.node("b").engine.join(s.now, List.of(s.node("a").endpoint), (n, e) -> { });
        s.runFor(100 * MS);
        assertThat(s.node("a").engine.sendBestEffort(s.now, "b", "hi".getBytes())).isTrue();
        assertThat(s.node("a").engine.sendBestEffort(s.now, "nobody", "hi".getBytes())).isFalse();
        String[] result = {"pending"};
        s.node("a").engine.sendReliable(s.now, "b", "there".getBytes(), r -> result[0] = r);
        s.runFor(100 * MS);
        assertThat(result[0]).isNull();
        assertThat(s.node("b").events).filteredOn(e -> e instanceof MemberEvent.UserMessageReceived)
                .extracting(e -> new String(((MemberEvent.UserMessageReceived) e).payload()))
                .containsExactly("hi", "there");
        s.node("a").engine.sendReliable(s.now, "nobody", new byte[] {1}, r -> result[0] = r);
        assertThat(result[0]).contains("nobody");
    }

    @Test
    void userBroadcastsFromDelegateArePiggybacked() {
        List<byte[]> pending = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            pending.add(new byte[] {(byte) i});
        }
        Delegate d = new Delegate() {
            @Override
            public List<byte[]> getBroadcasts(int overhead, int limit) {
                List<byte[]> out = new ArrayList<>();
                int used = 0;
                while (!pending.isEmpty() && used + overhead + 1 <= limit) {
                    out.add(pending.remove(0));
                    used += overhead + 1;
                }
                return out;
            }
        };
        Shuttle s = new Shuttle(31);
        s.add(Shuttle.lan("a").delegate(d).build());
        s.add("b");
        s.startAll();
        s.node("b").engine.join(s.now, List.of(s.node("a").endpoint), (n, e) -> { });
        s.runFor(2 * SEC);
        assertThat(pending).isEmpty();
        assertThat(s.node("b").events).filteredOn(e -> e instanceof MemberEvent.UserMessageReceived)
                .hasSize(300);
        for (Shuttle.Sent x : s.sent) {
            if (x.payload()[0] == 7) {
                assertThat(x.payload()[1] & 0xFF).isLessThanOrEqualTo(127);
            }
            assertThat(x.payload().length).isLessThanOrEqualTo(1400);
        }
    }

    @Test
    void deadAndLeftEntriesAreReapedAfterGossipToTheDeadTime() {
        Shuttle s = new Shuttle(32);
        Config fast = Shuttle.lan("a").gossipToTheDeadTime(Duration.ofSeconds(2)).build();
        s.add(fast);
        s.add("b");
        s.add("c");
        s.startAll();
        s.node("b").engine.join(s.now, List.of(s.node("a").endpoint), (n, e) -> { });
        s.node("c").engine.join(s.now, List.of(s.node("a").endpoint), (n, e) -> { });
        assertThat(s.runUntil(() -> s.converged(3), 3 * SEC)).isTrue();
        s.node("c").engine.leave(s.now, SEC, () -> { });
        s.runFor(SEC);
        s.crash("c");
        assertThat(s.node("a").engine.estimatedClusterSize()).isEqualTo(3);
        assertThat(s.runUntil(() -> s.node("a").engine.estimatedClusterSize() == 2, 10 * SEC))
                .isTrue();
    }
}
