package io.memberlist.core;

import static io.memberlist.core.SimRecorder.MS;
import static io.memberlist.core.SimRecorder.SEC;
import static io.memberlist.core.SimRecorder.inject;
import static io.memberlist.core.SimRecorder.memberNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.Config;
import io.memberlist.Delegate;
import io.memberlist.Endpoint;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.VetoException;
import io.memberlist.codec.Alive;
import io.memberlist.codec.Dead;
import io.memberlist.codec.Messages;
import io.memberlist.testing.SimCompletion;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DelegateAndMessagingTest {

    private static final byte[] VSN = {1, 5, 2, 0, 0, 0};

    private static SimNetwork.JoinOutcome join(SimRecorder s, String joiner, String seed) {
        SimCompletion<SimNetwork.JoinOutcome> c = s.sim.join(s.node(joiner), s.node(seed));
        s.runFor(20 * MS);
        return c.get();
    }

    @Test
    void mergeDelegateVetoFailsTheJoinOnBothSides() {
        SimRecorder s = SimRecorder.lan(21);
        s.add("a", Config.lan().merge(peers -> {
            throw new VetoException("not welcome");
        }));
        s.add("b");
        SimNetwork.JoinOutcome r = join(s, "b", "a");
        // a vetoed after replying: b merged a's state (and will gossip its alive to a later,
        // which a accepts as Go does: the veto covers the push/pull merge only).
        assertThat(r.joined()).isEqualTo(1);
        assertThat(s.node("b").engine().numMembers()).isEqualTo(2);

        SimRecorder t = SimRecorder.lan(22);
        t.add("a");
        t.add("b", Config.lan().merge(peers -> {
            assertThat(peers).extracting(Member::name).contains("a");
            throw new VetoException("no thanks");
        }));
        r = join(t, "b", "a");
        assertThat(r.joined()).isZero();
        assertThat(r.errors().values()).singleElement().asString().contains("no thanks");
        assertThat(t.node("b").engine().numMembers()).isEqualTo(1);
    }

    @Test
    void incompatibleDelegateVersionsFailTheJoin() {
        SimRecorder s = SimRecorder.lan(23);
        s.add("a", Config.lan().delegateProtocolMin(2).delegateProtocolMax(3).delegateProtocolVersion(2));
        s.add("b", Config.lan().delegateProtocolMin(0).delegateProtocolMax(1).delegateProtocolVersion(1));
        SimNetwork.JoinOutcome r = join(s, "b", "a");
        assertThat(r.joined()).isZero();
        assertThat(r.errors().values()).singleElement().asString().contains("incompatible");
        assertThat(s.node("a").engine().numMembers()).isEqualTo(1);
    }

    @Test
    void aliveDelegateVetoesPeers() {
        SimRecorder s = SimRecorder.lan(24);
        s.add("a", Config.lan().alive(peer -> {
            if (peer.name().startsWith("bad")) {
                throw new VetoException("bad name");
            }
        }));
        s.add("bad-b");
        s.add("c");
        s.joinAll("a");
        s.runFor(3 * SEC);
        assertThat(memberNames(s.node("a"))).containsExactly("a", "c");
    }

    @Test
    void conflictingAddressIsReportedAndIgnored() {
        List<String> conflicts = new ArrayList<>();
        SimRecorder s = SimRecorder.lan(25);
        SimNode a = s.add("a", Config.lan().conflict((existing, other) ->
                conflicts.add(existing.address() + " vs " + other.address())));
        Endpoint from = new Endpoint(new byte[] {10, 0, 0, 7}, 7946);
        inject(a, from, Messages.encode(new Alive(1, "x", new byte[] {10, 0, 0, 7}, 7946, null, VSN)));
        inject(a, from, Messages.encode(new Alive(2, "x", new byte[] {10, 0, 0, 8}, 7946, null, VSN)));
        assertThat(conflicts).containsExactly("10.0.0.7:7946 vs 10.0.0.8:7946");
        assertThat(a.members()).filteredOn(m -> m.name().equals("x")).singleElement()
                .satisfies(m -> assertThat(m.incarnation()).isEqualTo(1));
    }

    @Test
    void deadNodeReclaimTimeAllowsAddressChangeAfterItPassed() {
        SimRecorder s = SimRecorder.lan(26);
        // checkAccusations off: the injected dead about an alive member is taken at once, as in
        // Go (with the check it becomes a suspicion first; this test is about the reclaim time)
        SimNode a = s.add("a", Config.lan().deadNodeReclaimTime(Duration.ofSeconds(5))
                .gossipToTheDeadTime(Duration.ofSeconds(60)).checkAccusations(false));
        Endpoint from = new Endpoint(new byte[] {10, 0, 0, 7}, 7946);
        inject(a, from, Messages.encode(new Alive(1, "x", new byte[] {10, 0, 0, 7}, 7946, null, VSN)));
        inject(a, from, Messages.encode(new Dead(1, "x", "y")));
        s.runFor(4 * SEC);
        inject(a, from, Messages.encode(new Alive(2, "x", new byte[] {10, 0, 0, 8}, 7946, null, VSN)));
        assertThat(a.engine().numMembers()).isEqualTo(1);
        s.runFor(2 * SEC);
        inject(a, from, Messages.encode(new Alive(2, "x", new byte[] {10, 0, 0, 8}, 7946, null, VSN)));
        assertThat(a.members()).filteredOn(m -> m.name().equals("x")).singleElement()
                .satisfies(m -> assertThat(m.address()).isEqualTo("10.0.0.8:7946"));
    }

    @Test
    void leftNodeMayComeBackAtANewAddress() {
        SimRecorder s = SimRecorder.lan(27);
        SimNode a = s.add("a");
        Endpoint from = new Endpoint(new byte[] {10, 0, 0, 7}, 7946);
        inject(a, from, Messages.encode(new Alive(1, "x", new byte[] {10, 0, 0, 7}, 7946, null, VSN)));
        inject(a, from, Messages.encode(new Dead(1, "x", "x")));
        List<MemberEvent> events = s.events("a");
        assertThat(events.get(events.size() - 1)).isInstanceOf(MemberEvent.Left.class);
        assertThat(((MemberEvent.Left) events.get(events.size() - 1)).member().state())
                .isEqualTo(MemberState.LEFT);
        // Even at the same incarnation: an address change of a left node applies.
        inject(a, from, Messages.encode(new Alive(1, "x", new byte[] {10, 0, 0, 9}, 7946, null, VSN)));
        assertThat(a.engine().numMembers()).isEqualTo(2);
    }

    @Test
    void cidrAllowListBlocksAliveFromOutside() {
        SimRecorder s = SimRecorder.lan(28);
        SimNode a = s.add("a", Config.lan().cidrsAllowed(List.of("10.0.0.0/24")));
        Endpoint inside = new Endpoint(new byte[] {10, 0, 0, 7}, 7946);
        Endpoint outside = new Endpoint(new byte[] {10, 0, 1, 7}, 7946);
        inject(a, outside, Messages.encode(new Alive(1, "x", new byte[] {10, 0, 0, 7}, 7946, null, VSN)));
        inject(a, inside, Messages.encode(new Alive(1, "y", new byte[] {10, 0, 1, 8}, 7946, null, VSN)));
        assertThat(a.engine().numMembers()).isEqualTo(1);
        inject(a, inside, Messages.encode(new Alive(1, "z", new byte[] {10, 0, 0, 8}, 7946, null, VSN)));
        assertThat(a.engine().numMembers()).isEqualTo(2);
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
        SimRecorder s = SimRecorder.lan(29);
        SimNode a = s.add("a", Config.lan().delegate(d));
        SimNode b = s.add("b");
        s.joinAll("a");
        s.runFor(SEC);
        assertThat(b.members()).filteredOn(m -> m.name().equals("a"))
                .singleElement().satisfies(m -> assertThat(m.meta()).asString().isEqualTo("v1"));
        meta[0] = "v2".getBytes(StandardCharsets.UTF_8);
        long before = a.localMember().incarnation();
        SimCompletion<Void> done = s.sim.updateMeta(a, Duration.ofSeconds(5));
        assertThat(a.localMember().incarnation()).isEqualTo(before + 1);
        assertThat(s.runUntil(() -> s.events("b").stream()
                .anyMatch(e -> e instanceof MemberEvent.Updated), 2 * SEC)).isTrue();
        assertThat(s.runUntil(done::isDone, 6 * SEC)).isTrue();
        meta[0] = new byte[513];
        assertThatThrownBy(() -> a.act((e, t) -> {
            e.updateMeta(t, SEC, () -> { });
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("512");
    }

    @Test
    void bestEffortAndReliableUserMessagesArrive() {
        SimRecorder s = SimRecorder.lan(30);
        SimNode a = s.add("a");
        s.add("b");
        s.joinAll("a");
        s.runFor(100 * MS);
        boolean toB = a.act((e, t) -> e.sendBestEffort(t, "b", "hi".getBytes()));
        boolean toNobody = a.act((e, t) -> e.sendBestEffort(t, "nobody", "hi".getBytes()));
        assertThat(toB).isTrue();
        assertThat(toNobody).isFalse();
        String[] result = {"pending"};
        a.act((e, t) -> {
            e.sendReliable(t, "b", "there".getBytes(), r -> result[0] = r);
            return null;
        });
        s.runFor(100 * MS);
        assertThat(result[0]).isNull();
        assertThat(s.events("b")).filteredOn(e -> e instanceof MemberEvent.UserMessageReceived)
                .extracting(e -> new String(((MemberEvent.UserMessageReceived) e).payload()))
                .containsExactly("hi", "there");
        a.act((e, t) -> {
            e.sendReliable(t, "nobody", new byte[] {1}, r -> result[0] = r);
            return null;
        });
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
        SimRecorder s = SimRecorder.lan(31);
        s.add("a", Config.lan().delegate(d));
        s.add("b");
        s.joinAll("a");
        s.runFor(2 * SEC);
        assertThat(pending).isEmpty();
        assertThat(s.events("b")).filteredOn(e -> e instanceof MemberEvent.UserMessageReceived)
                .hasSize(300);
        for (SimRecorder.Sent x : s.sent) {
            if (x.payload()[0] == 7) {
                assertThat(x.payload()[1] & 0xFF).isLessThanOrEqualTo(127);
            }
            assertThat(x.payload().length).isLessThanOrEqualTo(1400);
        }
    }

    @Test
    void deadAndLeftEntriesAreReapedAfterGossipToTheDeadTime() {
        SimRecorder s = SimRecorder.lan(32);
        s.add("a", Config.lan().gossipToTheDeadTime(Duration.ofSeconds(2)));
        s.add("b");
        s.add("c");
        s.joinAll("a");
        assertThat(s.runUntil(s::converged, 3 * SEC)).isTrue();
        s.sim.leave(s.node("c"), Duration.ofSeconds(1));
        s.runFor(SEC);
        s.sim.crash(s.node("c"));
        assertThat(s.node("a").engine().estimatedClusterSize()).isEqualTo(3);
        assertThat(s.runUntil(() -> s.node("a").engine().estimatedClusterSize() == 2, 10 * SEC))
                .isTrue();
    }
}
