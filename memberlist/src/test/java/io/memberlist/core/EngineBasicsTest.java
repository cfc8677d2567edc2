package io.memberlist.core;

import io.memberlist.Endpoint;
import static io.memberlist.core.Shuttle.MS;
import static io.memberlist.core.Shuttle.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.codec.Alive;
import io.memberlist.codec.Dead;
import io.memberlist.codec.Message;
import io.memberlist.codec.Messages;
import io.memberlist.codec.Ping;
import io.memberlist.codec.AckResp;
import io.memberlist.codec.Suspect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineBasicsTest {

    private static List<Endpoint> seeds(Shuttle s, String... names) {
        List<Endpoint> out = new ArrayList<>();
        for (String n : names) {
            out.add(s.node(n).endpoint);
        }
        return out;
    }

    @Test
    void startMakesSelfAliveAtIncarnationOneAndEmitsJoin() {
        Shuttle s = new Shuttle(1);
        Shuttle.Node a = s.add("a");
        s.startAll();
        Member self = a.engine.localMember();
        assertThat(self.state()).isEqualTo(MemberState.ALIVE);
        assertThat(self.incarnation()).isEqualTo(1);
        assertThat(self.vsn()).containsExactly(1, 5, 2, 0, 0, 0);
        assertThat(a.engine.numMembers()).isEqualTo(1);
        assertThat(a.events).singleElement().isInstanceOf(MemberEvent.Joined.class);
        assertThat(a.engine.nextDeadline()).isLessThan(s.now + SEC);
    }

    @Test
    void twoNodesJoinThroughPushPull() {
        Shuttle s = new Shuttle(2);
        Shuttle.Node a = s.add("a");
        Shuttle.Node b = s.add("b");
        s.startAll();
        int[] joined = {-1};
        b.engine.join(s.now, seeds(s, "a"), (n, errors) -> joined[0] = n);
        s.runFor(10 * MS);
        assertThat(joined[0]).isEqualTo(1);
        assertThat(a.memberNames()).containsExactly("a", "b");
        assertThat(b.memberNames()).containsExactly("a", "b");
        assertThat(a.events).filteredOn(e -> e instanceof MemberEvent.Joined).hasSize(2);
    }

    @Test
    void joinToUnreachableSeedReportsError() {
        Shuttle s = new Shuttle(3);
        Shuttle.Node a = s.add("a");
        s.startAll();
        Map<Endpoint, String>[] errs = new Map[1];
        Endpoint nowhere = new Endpoint(new byte[] {10, 9, 9, 9}, 7946);
        a.engine.join(s.now, List.of(nowhere), (n, errors) -> errs[0] = errors);
        s.runFor(10 * MS);
        assertThat(errs[0]).containsKey(nowhere);
    }

    @Test
    void fourNodesJoiningOneSeedConverge() {
        Shuttle s = new Shuttle(4);
        for (String n : List.of("a", "b", "c", "d")) {
            s.add(n);
        }
        s.startAll();
        for (String n : List.of("b", "c", "d")) {
            s.node(n).engine.join(s.now, seeds(s, "a"), (k, e) -> { });
        }
        assertThat(s.runUntil(() -> s.converged(4), 5 * SEC)).isTrue();
    }

    @Test
    void crashedNodeIsSuspectedThenDeclaredDead() {
        Shuttle s = new Shuttle(5);
        for (String n : List.of("a", "b", "c")) {
            s.add(n);
        }
        s.startAll();
        s.node("b").engine.join(s.now, seeds(s, "a"), (k, e) -> { });
        s.node("c").engine.join(s.now, seeds(s, "a"), (k, e) -> { });
        assertThat(s.runUntil(() -> s.converged(3), 5 * SEC)).isTrue();
        s.crash("c");
        // N = 3: k = 0 so the suspicion lasts min = 4 s; a probe round visits c within ~2 s.
        assertThat(s.runUntil(() -> s.converged(2), 10 * SEC)).isTrue();
        assertThat(s.node("a").events).anySatisfy(e -> {
            assertThat(e).isInstanceOf(MemberEvent.Left.class);
            assertThat(((MemberEvent.Left) e).member().name()).isEqualTo("c");
            assertThat(((MemberEvent.Left) e).member().state()).isEqualTo(MemberState.DEAD);
        });
    }

    @Test
    void gracefulLeaveIsSeenQuicklyAndDoneFires() {
        Shuttle s = new Shuttle(6);
        for (String n : List.of("a", "b", "c")) {
            s.add(n);
        }
        s.startAll();
        s.node("b").engine.join(s.now, seeds(s, "a"), (k, e) -> { });
        s.node("c").engine.join(s.now, seeds(s, "a"), (k, e) -> { });
        assertThat(s.runUntil(() -> s.converged(3), 5 * SEC)).isTrue();
        boolean[] done = {false};
        s.node("c").engine.leave(s.now, 5 * SEC, () -> done[0] = true);
        assertThat(s.node("c").engine.localMember().state()).isEqualTo(MemberState.LEFT);
        long start = s.now;
        assertThat(s.runUntil(() -> s.node("a").engine.numMembers() == 2
                && s.node("b").engine.numMembers() == 2, 3 * SEC)).isTrue();
        assertThat(s.now - start).isLessThan(SEC);
        assertThat(s.runUntil(() -> done[0], 5 * SEC)).isTrue();
    }

    @Test
    void leaveWhenAloneIsDoneAtOnce() {
        Shuttle s = new Shuttle(7);
        Shuttle.Node a = s.add("a");
        s.startAll();
        boolean[] done = {false};
        a.engine.leave(s.now, 5 * SEC, () -> done[0] = true);
        assertThat(done[0]).isTrue();
    }

    @Test
    void suspicionAboutSelfIsRefutedWithHigherIncarnation() {
        Shuttle s = new Shuttle(8);
        Shuttle.Node a = s.add("a");
        Shuttle.Node b = s.add("b");
        s.startAll();
        b.engine.join(s.now, seeds(s, "a"), (k, e) -> { });
        s.runFor(50 * MS);
        a.engine.onPacket(s.now, b.endpoint, Messages.encode(new Suspect(1, "a", "b")));
        assertThat(a.engine.localMember().incarnation()).isEqualTo(2);
        assertThat(a.engine.healthScore()).isEqualTo(1);
        // A dead about us at a higher incarnation jumps past it.
        a.engine.onPacket(s.now, b.endpoint, Messages.encode(new Dead(7, "a", "b")));
        assertThat(a.engine.localMember().incarnation()).isEqualTo(8);
        assertThat(a.engine.localMember().state()).isEqualTo(MemberState.ALIVE);
    }

    @Test
    void pingForAnotherNameIsIgnoredAndAckGoesToSourceAddress() {
        Shuttle s = new Shuttle(9);
        Shuttle.Node a = s.add("a");
        Shuttle.Node b = s.add("b");
        a.engine.start(s.now);
        s.sent.clear();
        a.engine.onPacket(s.now, b.endpoint, Messages.encode(new Ping(5, "zzz", null, 0, "")));
        assertThat(s.sent).isEmpty();
        Endpoint elsewhere = new Endpoint(new byte[] {10, 0, 0, 2}, 9999);
        a.engine.onPacket(s.now, b.endpoint,
                Messages.encode(new Ping(6, "a", new byte[] {10, 0, 0, 2}, 9999, "b")));
        assertThat(s.sent).hasSize(1);
        assertThat(s.sent.get(0).to()).isEqualTo(elsewhere);
        List<byte[]> leaves = new ArrayList<>();
        Shuttle.split(s.sent.get(0).payload(), leaves);
        Message first = Shuttle.decode(leaves.get(0));
        assertThat(first).isInstanceOf(AckResp.class);
        assertThat(((AckResp) first).seqNo()).isEqualTo(6);
        s.sent.clear();
        a.engine.onPacket(s.now, b.endpoint, Messages.encode(new Ping(7, "", null, 0, "")));
        assertThat(s.sent).singleElement().satisfies(x -> assertThat(x.to()).isEqualTo(b.endpoint));
    }

    @Test
    void aliveWithBadVersionsIsIgnored() {
        Shuttle s = new Shuttle(10);
        Shuttle.Node a = s.add("a");
        a.engine.start(s.now);
        Endpoint from = new Endpoint(new byte[] {10, 0, 0, 7}, 7946);
        a.engine.onPacket(s.now, from, Messages.encode(new Alive(1, "x",
                new byte[] {10, 0, 0, 7}, 7946, null, new byte[] {3, 2, 2, 0, 0, 0})));
        assertThat(a.engine.numMembers()).isEqualTo(1);
        a.engine.onPacket(s.now, from, Messages.encode(new Alive(1, "x",
                new byte[] {10, 0, 0, 7}, 7946, null, new byte[] {1, 5, 2, 0, 0, 0})));
        assertThat(a.engine.numMembers()).isEqualTo(2);
        // Incarnation 0 about an unknown node creates it dead and never applies.
        a.engine.onPacket(s.now, from, Messages.encode(new Alive(0, "y",
                new byte[] {10, 0, 0, 8}, 7946, null, new byte[] {1, 5, 2, 0, 0, 0})));
        assertThat(a.engine.numMembers()).isEqualTo(2);
        assertThat(a.engine.estimatedClusterSize()).isEqualTo(3);
    }

    @Test
    void sameSeedReplaysTheSameTraffic() {
        List<String> first = trace(42);
        List<String> second = trace(42);
        assertThat(first).isEqualTo(second);
        assertThat(trace(43)).isNotEqualTo(first);
    }

    private static List<String> trace(long seed) {
        Shuttle s = new Shuttle(seed);
        for (String n : List.of("a", "b", "c")) {
            s.add(n);
        }
        s.startAll();
        s.node("b").engine.join(s.now, seeds(s, "a"), (k, e) -> { });
        s.node("c").engine.join(s.now, seeds(s, "a"), (k, e) -> { });
        s.runFor(5 * SEC);
        List<String> out = new ArrayList<>();
        for (Shuttle.Sent x : s.sent) {
            out.add(x.at() + " " + x.from() + ">" + x.to() + " " + java.util.HexFormat.of().formatHex(x.payload()));
        }
        return out;
    }
}
