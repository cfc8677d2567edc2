package io.memberlist.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Endpoint;
import io.memberlist.EventListener;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.RecordingMetrics;
import io.memberlist.codec.AckResp;
import io.memberlist.codec.Alive;
import io.memberlist.codec.CodecException;
import io.memberlist.codec.CodecOptions;
import io.memberlist.codec.Dead;
import io.memberlist.codec.Message;
import io.memberlist.codec.Messages;
import io.memberlist.codec.PacketCodec;
import io.memberlist.codec.Ping;
import io.memberlist.codec.PushNodeState;
import io.memberlist.codec.PushPull;
import io.memberlist.codec.Suspect;
import io.memberlist.core.MemberEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Self-fencing through one production {@link Node} driven by hand ({@link FakeIo}): which
 * refutations count, what the fenced node sends and answers, and what the application sees. The
 * simulator's {@code SelfFenceScenarioTest} has the cluster-level behaviour.
 */
class NodeSelfFenceTest {
    static final long S = 1_000_000_000L;
    static final byte[] VSN = {1, 5, 2, 0, 0, 0};
    static final int MEMBERS = 10;

    private final FakeIo io = new FakeIo();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final List<String> told = new ArrayList<>();
    private long now = S;

    private Node node() {
        return node(Config.lan());
    }

    /** Without probing: nobody is suspected, or dies, for want of acks in these tests. */
    private Node quietNode() {
        return node(Config.lan().probeInterval(Duration.ZERO));
    }

    private Node node(Config.Builder cfg) {
        EventListener listener = new EventListener() {
            @Override
            public void notifyFenced(Member self, Duration rejoinTrialIn) {
                told.add(self.name() + " " + self.state() + " " + rejoinTrialIn.toMinutes());
            }
        };
        Node n = FakeIo.node(cfg.selfFenceRefutations(3).metrics(metrics).events(listener),
                NodeLimits.defaults(Duration.ofSeconds(10)), io);
        for (int i = 0; i < MEMBERS; i++) {
            packet(n, peer(i), new Alive(1, name(i), peer(i).ip(), 7946, null, VSN));
        }
        return n;
    }

    private static String name(int i) {
        return "m" + i;
    }

    private static Endpoint peer(int i) {
        return new Endpoint(new byte[] {10, 0, 1, (byte) (i + 1)}, 7946);
    }

    private void packet(Node n, Endpoint from, Message m) {
        n.onDatagram(now, from, Messages.encode(m));
        n.onDatagramBatchEnd(now);
        n.onTimer(now);
    }

    /** An accusation of "a" at its current incarnation by member {@code i}, 5 s after the last. */
    private void accuse(Node n, String accuser, int from) {
        now += 5 * S;
        long inc = n.engine().localMember().incarnation();
        packet(n, peer(from), new Suspect(inc, "a", accuser));
    }

    private List<Message> sent() throws CodecException {
        List<Message> out = new ArrayList<>();
        PacketCodec codec = new PacketCodec(CodecOptions.defaults());
        for (FakeIo.Datagram d : io.datagrams) {
            out.addAll(codec.decode(d.bytes(), d.bytes().length).decoded());
        }
        return out;
    }

    /** The members a message equal to {@code m} was sent to. */
    private java.util.Set<String> sentTo(Message m) throws CodecException {
        java.util.Set<String> out = new java.util.TreeSet<>();
        PacketCodec codec = new PacketCodec(CodecOptions.defaults());
        for (FakeIo.Datagram d : io.datagrams) {
            if (codec.decode(d.bytes(), d.bytes().length).decoded().contains(m)) {
                out.add(d.toNode());
            }
        }
        return out;
    }

    @Test
    void refutingTooOftenFencesTheNodeOffWithAnOrdinaryLeave() throws CodecException {
        Node n = quietNode();
        accuse(n, name(1), 1);
        accuse(n, name(2), 2);
        assertThat(n.engine().isFenced()).isFalse();
        long before = n.engine().localMember().incarnation();
        io.datagrams.clear();
        accuse(n, name(3), 3);
        assertThat(n.engine().isFenced()).as("the third refutation within the window").isTrue();
        Member self = n.engine().localMember();
        assertThat(self.state()).isEqualTo(MemberState.LEFT);
        assertThat(self.incarnation()).as("left at the incarnation of its last refutation").isEqualTo(before + 1);
        java.util.Set<String> everyone = new java.util.TreeSet<>();
        for (int i = 0; i < MEMBERS; i++) {
            everyone.add(name(i));
        }
        assertThat(sentTo(new Dead(self.incarnation(), "a", "a"))).as("its leave, directly to every member")
                .isEqualTo(everyone);
        assertThat(io.events).filteredOn(e -> e instanceof MemberEvent.Left || e instanceof MemberEvent.Fenced)
                .extracting(e -> e.getClass().getSimpleName()).containsExactly("Left", "Fenced");
        MemberEvent.Fenced f = (MemberEvent.Fenced) io.events.get(io.events.size() - 1);
        assertThat(f.rejoinTrialInNanos()).isEqualTo(Duration.ofMinutes(5).toNanos());
        n.deliver(f);
        assertThat(told).containsExactly("a LEFT 5");
        assertThat(metrics.total("memberlist.fence")).isEqualTo(1);
        assertThat(metrics.total("memberlist.fence.refutation")).isEqualTo(3);
    }

    @Test
    void whileFencedItAccusesNobodyIgnoresGossipAndAnswersAPushPullWithItsOwnEntryOnly() throws CodecException {
        Node n = node();
        for (int i = 1; i <= 3; i++) {
            accuse(n, name(i), i);
        }
        assertThat(n.engine().isFenced()).isTrue();
        List<Member> view = n.members();
        assertThat(view).as("its last view, itself excluded").hasSize(MEMBERS)
                .noneMatch(m -> m.name().equals("a"));
        packet(n, peer(2), new Suspect(1, name(0), name(2)));
        packet(n, peer(3), new Alive(7, "newcomer", new byte[] {10, 0, 2, 1}, 7946, null, VSN));
        assertThat(n.members()).as("membership messages about others are ignored").isEqualTo(view);
        io.datagrams.clear();
        for (int k = 0; k < 60; k++) { // a minute of probe ticks: no probe, no accusation
            now += S;
            n.onTimer(now);
        }
        assertThat(sent()).noneMatch(m -> m instanceof Ping || m instanceof Suspect
                || m instanceof io.memberlist.codec.IndirectPingReq);
        assertThat(n.members()).allMatch(m -> m.state() == MemberState.ALIVE);
        io.datagrams.clear();
        packet(n, peer(4), new Ping(77, "a", null, 0, name(4)));
        assertThat(sent()).as("pings are still answered").contains(new AckResp(77, null));

        long id = n.onStreamAccepted(now, peer(5));
        byte[] request = FakeIo.request(CodecOptions.defaults(), new PushPull(true,
                List.of(new PushNodeState(name(5), peer(5).ip(), 7946, null, 9, 1, VSN)), null));
        n.onStreamBytes(now, id, request, 0, request.length);
        PushPull reply = (PushPull) io.message(id, CodecOptions.defaults(), false);
        assertThat(reply.states()).extracting(PushNodeState::name, PushNodeState::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", MemberState.LEFT.code()));
        assertThat(n.members()).as("the peer's state is not merged").isEqualTo(view);
    }

    @Test
    void aLeaveWhileFencedCompletesAtOnceAndAJoinEndsTheFence() {
        Node n = quietNode();
        for (int i = 1; i <= 3; i++) {
            accuse(n, name(i), i);
        }
        long left = n.engine().localMember().incarnation();
        boolean[] done = new boolean[1];
        n.leave(now, Duration.ofSeconds(5).toNanos(), () -> done[0] = true);
        assertThat(done[0]).as("already left: at once").isTrue();
        assertThat(n.engine().isFenced()).isTrue();
        n.join(now, List.of(peer(1)), (joined, errors) -> { });
        assertThat(n.engine().isFenced()).isFalse();
        assertThat(n.engine().localMember().state()).isEqualTo(MemberState.ALIVE);
        assertThat(n.engine().localMember().incarnation()).isGreaterThan(left);
        assertThat(io.events.get(io.events.size() - 1)).isInstanceOfSatisfying(MemberEvent.Joined.class,
                j -> assertThat(j.member().name()).isEqualTo("a"));
    }

    @Test
    void accusationsOfMembersItHoldsDeadOrDoesNotKnowDoNotCount() {
        Node n = quietNode();
        packet(n, peer(1), new Dead(1, name(1), name(1))); // m1 left
        for (int k = 0; k < 5; k++) {
            accuse(n, name(1), 2); // made by a member it holds left: the far side of a partition
            accuse(n, "stranger", 3); // by a name it does not know
            accuse(n, "a", 4); // in its own name: merged from a push/pull
        }
        assertThat(n.engine().isFenced()).isFalse();
        assertThat(metrics.total("memberlist.fence.refutation")).isZero();
    }

    @Test
    void noFenceWhileMostOfTheClusterIsGoneFromItsView() {
        Node n = quietNode();
        for (int i = 4; i < MEMBERS; i++) {
            packet(n, peer(i), new Dead(1, name(i), name(i))); // 6 of 10 left: the smaller side
        }
        for (int k = 0; k < 6; k++) {
            accuse(n, name(1 + k % 3), 1 + k % 3);
        }
        assertThat(n.engine().isFenced()).isFalse();
        assertThat(metrics.total("memberlist.fence.refutation")).isEqualTo(6);
    }

    @Test
    void noFenceWhenTheOtherMembersRefuteAsOften() {
        Node n = quietNode();
        for (int k = 1; k <= 6; k++) {
            for (int i = 0; i < MEMBERS; i++) { // every member refutes too: loss on every link
                packet(n, peer(i), new Alive(k + 1, name(i), peer(i).ip(), 7946, null, VSN));
            }
            accuse(n, name(1 + k % 3), 1 + k % 3);
        }
        assertThat(n.engine().isFenced()).as("6 refutations against 6 per member elsewhere").isFalse();
    }

    @Test
    void offInGoCompatibleMode() {
        Node n = FakeIo.node(Config.lan().goCompatible().metrics(metrics), NodeLimits.defaults(Duration.ofSeconds(10)),
                io);
        for (int i = 0; i < MEMBERS; i++) {
            packet(n, peer(i), new Alive(1, name(i), peer(i).ip(), 7946, null, VSN));
        }
        for (int k = 0; k < 30; k++) {
            accuse(n, name(1 + k % 3), 1 + k % 3);
        }
        assertThat(n.engine().isFenced()).isFalse();
        assertThat(n.engine().localMember().state()).isEqualTo(MemberState.ALIVE);
    }
}
