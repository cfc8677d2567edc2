package io.memberlist.core;

import static io.memberlist.core.SimRecorder.MS;
import static io.memberlist.core.SimRecorder.SEC;
import static io.memberlist.core.SimRecorder.inject;
import static io.memberlist.core.SimRecorder.memberNames;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Endpoint;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.codec.AckResp;
import io.memberlist.codec.Alive;
import io.memberlist.codec.Dead;
import io.memberlist.codec.Message;
import io.memberlist.codec.Messages;
import io.memberlist.codec.Ping;
import io.memberlist.codec.Suspect;
import io.memberlist.testing.SimCompletion;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineBasicsTest {

    /**
     * Self alive at the first incarnation: the driver's wall clock in seconds (the simulator's:
     * its base plus the virtual seconds), or 1 as in Go with {@code initialIncarnationFromClock}
     * off.
     */
    @Test
    void startMakesSelfAliveAtTheClocksIncarnationAndEmitsJoin() {
        SimRecorder s = SimRecorder.lan(1);
        SimNode a = s.add("a");
        Member self = a.engine().localMember();
        assertThat(self.state()).isEqualTo(MemberState.ALIVE);
        assertThat(self.incarnation()).isEqualTo(s.sim.wallClockSeconds()).isEqualTo(SimNetwork.WALL_CLOCK_BASE);
        assertThat(self.vsn()).containsExactly(1, 5, 2, 0, 0, 0);
        assertThat(a.engine().numMembers()).isEqualTo(1);
        assertThat(s.events("a")).singleElement().isInstanceOf(MemberEvent.Joined.class);
        assertThat(a.node().nextDeadline()).isLessThan(s.now() + SEC);
        s.runFor(2_500 * MS);
        assertThat(s.add("later").localMember().incarnation()).isEqualTo(SimNetwork.WALL_CLOCK_BASE + 2);
        assertThat(s.add("go", Config.lan().initialIncarnationFromClock(false)).localMember().incarnation())
                .isEqualTo(1);
    }

    @Test
    void twoNodesJoinThroughPushPull() {
        SimRecorder s = SimRecorder.lan(2);
        SimNode a = s.add("a");
        SimNode b = s.add("b");
        SimCompletion<SimNetwork.JoinOutcome> join = s.sim.join(b, a);
        s.runFor(10 * MS);
        assertThat(join.get().joined()).isEqualTo(1);
        assertThat(memberNames(a)).containsExactly("a", "b");
        assertThat(memberNames(b)).containsExactly("a", "b");
        assertThat(s.events("a")).filteredOn(e -> e instanceof MemberEvent.Joined).hasSize(2);
    }

    @Test
    void joinToUnreachableSeedReportsError() {
        SimRecorder s = SimRecorder.lan(3);
        SimNode a = s.add("a");
        Endpoint nowhere = new Endpoint(new byte[] {10, 9, 9, 9}, 7946);
        List<String> errors = new ArrayList<>();
        a.act((e, t) -> {
            e.join(t, List.of(nowhere), (n, errs) -> errors.add(errs.get(nowhere)));
            return null;
        });
        // Nothing answers at that address: the connection attempt ends at the stream deadline
        // (TCPTimeout, 10 s on a LAN), not at once as a refused connection would.
        s.runFor(10 * SEC - MS);
        assertThat(errors).isEmpty();
        s.runFor(2 * MS);
        assertThat(errors).singleElement().isNotNull();
    }

    @Test
    void fourNodesJoiningOneSeedConverge() {
        SimRecorder s = SimRecorder.lan(4);
        for (String n : List.of("a", "b", "c", "d")) {
            s.add(n);
        }
        s.joinAll("a");
        assertThat(s.runUntil(s::converged, 5 * SEC)).isTrue();
    }

    @Test
    void crashedNodeIsSuspectedThenDeclaredDead() {
        SimRecorder s = SimRecorder.lan(5);
        for (String n : List.of("a", "b", "c")) {
            s.add(n);
        }
        s.joinAll("a");
        assertThat(s.runUntil(s::converged, 5 * SEC)).isTrue();
        s.sim.crash(s.node("c"));
        // N = 3: k = 0 so the suspicion lasts min = 4 s; a probe round visits c within ~2 s.
        assertThat(s.runUntil(s::converged, 10 * SEC)).isTrue();
        assertThat(s.events("a")).anySatisfy(e -> {
            assertThat(e).isInstanceOf(MemberEvent.Left.class);
            assertThat(((MemberEvent.Left) e).member().name()).isEqualTo("c");
            assertThat(((MemberEvent.Left) e).member().state()).isEqualTo(MemberState.DEAD);
        });
    }

    @Test
    void gracefulLeaveIsSeenQuicklyAndDoneFires() {
        SimRecorder s = SimRecorder.lan(6);
        for (String n : List.of("a", "b", "c")) {
            s.add(n);
        }
        s.joinAll("a");
        assertThat(s.runUntil(s::converged, 5 * SEC)).isTrue();
        SimCompletion<Void> done = s.sim.leave(s.node("c"), java.time.Duration.ofSeconds(5));
        assertThat(s.node("c").localMember().state()).isEqualTo(MemberState.LEFT);
        long start = s.now();
        assertThat(s.runUntil(() -> s.node("a").engine().numMembers() == 2
                && s.node("b").engine().numMembers() == 2, 3 * SEC)).isTrue();
        assertThat(s.now() - start).isLessThan(SEC);
        assertThat(s.runUntil(done::isDone, 5 * SEC)).isTrue();
    }

    @Test
    void leaveWhenAloneIsDoneAtOnce() {
        SimRecorder s = SimRecorder.lan(7);
        SimNode a = s.add("a");
        boolean[] done = {false};
        a.act((e, t) -> {
            e.leave(t, 5 * SEC, () -> done[0] = true);
            return null;
        });
        assertThat(done[0]).isTrue();
    }

    @Test
    void suspicionAboutSelfIsRefutedWithHigherIncarnation() {
        SimRecorder s = SimRecorder.lan(8);
        SimNode a = s.add("a");
        SimNode b = s.add("b");
        s.sim.join(b, a);
        s.runFor(50 * MS);
        long inc = a.localMember().incarnation();
        inject(a, b.endpoint(), Messages.encode(new Suspect(inc, "a", "b")));
        assertThat(a.localMember().incarnation()).isEqualTo(inc + 1);
        assertThat(a.engine().healthScore()).isEqualTo(1);
        // A dead about us at a higher incarnation jumps past it.
        inject(a, b.endpoint(), Messages.encode(new Dead(inc + 6, "a", "b")));
        assertThat(a.localMember().incarnation()).isEqualTo(inc + 7);
        assertThat(a.localMember().state()).isEqualTo(MemberState.ALIVE);
    }

    @Test
    void pingForAnotherNameIsIgnoredAndAckGoesToSourceAddress() {
        SimRecorder s = SimRecorder.lan(9);
        SimNode a = s.add("a");
        SimNode b = s.add("b");
        s.sent.clear();
        inject(a, b.endpoint(), Messages.encode(new Ping(5, "zzz", null, 0, "")));
        assertThat(s.sent).isEmpty();
        Endpoint elsewhere = new Endpoint(new byte[] {10, 0, 0, 2}, 9999);
        inject(a, b.endpoint(), Messages.encode(new Ping(6, "a", new byte[] {10, 0, 0, 2}, 9999, "b")));
        assertThat(s.sent).hasSize(1);
        assertThat(s.sent.get(0).to()).isEqualTo(elsewhere);
        Message first = s.sent.get(0).first();
        assertThat(first).isInstanceOf(AckResp.class);
        assertThat(((AckResp) first).seqNo()).isEqualTo(6);
        s.sent.clear();
        inject(a, b.endpoint(), Messages.encode(new Ping(7, "", null, 0, "")));
        assertThat(s.sent).singleElement().satisfies(x -> assertThat(x.to()).isEqualTo(b.endpoint()));
    }

    @Test
    void aliveWithBadVersionsIsIgnored() {
        SimRecorder s = SimRecorder.lan(10);
        SimNode a = s.add("a");
        Endpoint from = new Endpoint(new byte[] {10, 0, 0, 7}, 7946);
        inject(a, from, Messages.encode(new Alive(1, "x",
                new byte[] {10, 0, 0, 7}, 7946, null, new byte[] {3, 2, 2, 0, 0, 0})));
        assertThat(a.engine().numMembers()).isEqualTo(1);
        inject(a, from, Messages.encode(new Alive(1, "x",
                new byte[] {10, 0, 0, 7}, 7946, null, new byte[] {1, 5, 2, 0, 0, 0})));
        assertThat(a.engine().numMembers()).isEqualTo(2);
        // Incarnation 0 about an unknown node creates it dead and never applies.
        inject(a, from, Messages.encode(new Alive(0, "y",
                new byte[] {10, 0, 0, 8}, 7946, null, new byte[] {1, 5, 2, 0, 0, 0})));
        assertThat(a.engine().numMembers()).isEqualTo(2);
        assertThat(a.engine().estimatedClusterSize()).isEqualTo(3);
    }

    @Test
    void sameSeedReplaysTheSameTraffic() {
        List<String> first = trace(42);
        List<String> second = trace(42);
        assertThat(first).isEqualTo(second);
        assertThat(trace(43)).isNotEqualTo(first);
    }

    private static List<String> trace(long seed) {
        SimRecorder s = SimRecorder.lan(seed);
        for (String n : List.of("a", "b", "c")) {
            s.add(n);
        }
        s.joinAll("a");
        s.runFor(5 * SEC);
        List<String> out = new ArrayList<>();
        for (SimRecorder.Sent x : s.sent) {
            out.add(x.at() + " " + x.from() + ">" + x.to() + " " + java.util.HexFormat.of().formatHex(x.datagram()));
        }
        return out;
    }
}
