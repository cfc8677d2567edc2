package io.memberlist.core;

import static io.memberlist.core.Shuttle.MS;
import static io.memberlist.core.Shuttle.SEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.Config;
import io.memberlist.MemberState;
import io.memberlist.codec.Alive;
import io.memberlist.codec.CodecException;
import io.memberlist.codec.Compound;
import io.memberlist.codec.Dead;
import io.memberlist.codec.Message;
import io.memberlist.codec.MessageType;
import io.memberlist.codec.Messages;
import io.memberlist.codec.Suspect;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Direct self-announcement ({@link Config#selfAnnounceFanout()}). */
class SelfAnnounceTest {

    /**
     * {@code n} nodes without gossip or periodic push/pull (so every packet whose first message is
     * about its sender is a direct announcement, not gossip), each joining n0 in turn: n0 and the
     * last node know everyone.
     */
    private static Shuttle cluster(int n, int fanout) {
        Shuttle s = new Shuttle(7);
        for (int i = 0; i < n; i++) {
            s.add(Shuttle.lan("n" + i).gossipNodes(0).pushPullInterval(java.time.Duration.ZERO)
                    .selfAnnounceFanout(fanout).build());
        }
        s.startAll();
        for (int i = 1; i < n; i++) {
            s.node("n" + i).engine.join(s.now, List.of(s.node("n0").endpoint), (k, e) -> { });
            s.runFor(20 * MS);
        }
        return s;
    }

    private static List<Message> parts(byte[] payload) {
        List<Message> out = new ArrayList<>();
        try {
            if ((payload[0] & 0xFF) == MessageType.COMPOUND) {
                for (byte[] p : Compound.decode(payload, 0, payload.length).parts()) {
                    out.add(Messages.decodePacket(p, 0, p.length));
                }
            } else {
                out.add(Messages.decodePacket(payload, 0, payload.length));
            }
        } catch (CodecException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    /** Packets sent by {@code from} since index {@code since} whose first message matches. */
    private static List<Shuttle.Sent> sentWithPrimary(Shuttle s, int since, String from,
            Predicate<Message> primary) {
        List<Shuttle.Sent> out = new ArrayList<>();
        for (Shuttle.Sent x : s.sent.subList(since, s.sent.size())) {
            if (x.from().equals(from) && primary.test(parts(x.payload()).get(0))) {
                out.add(x);
            }
        }
        return out;
    }

    private static Predicate<Message> deadAbout(String node) {
        return m -> m instanceof Dead d && d.node().equals(node) && d.from().equals(node);
    }

    private static Predicate<Message> aliveAbout(String node) {
        return m -> m instanceof Alive a && a.node().equals(node);
    }

    @Test
    void leaveSendsOwnDeadDirectlyToEveryMemberOnce() {
        Shuttle s = cluster(6, Config.DEFAULT_SELF_ANNOUNCE_FANOUT);
        assertThat(s.node("n0").engine.numMembers()).isEqualTo(6);
        int mark = s.sent.size();
        s.node("n0").engine.leave(s.now, 5 * SEC, () -> { });
        List<Shuttle.Sent> direct = sentWithPrimary(s, mark, "n0", deadAbout("n0"));
        assertThat(direct).extracting(Shuttle.Sent::toNode)
                .containsExactlyInAnyOrder("n1", "n2", "n3", "n4", "n5");
        // CRC per the destination's PMax (5 for these peers), and never the same fact twice.
        for (Shuttle.Sent x : direct) {
            assertThat(x.crc()).isTrue();
            assertThat(parts(x.payload()).stream().filter(deadAbout("n0")).count()).isEqualTo(1);
        }
        s.runFor(10 * MS);
        for (int i = 1; i < 6; i++) {
            assertThat(s.node("n" + i).engine.members()).extracting(m -> m.name()).doesNotContain("n0");
        }
    }

    @Test
    void joinCompletionSendsOwnAliveToEachLearnedMemberButTheSeed() {
        Shuttle s = cluster(5, Config.DEFAULT_SELF_ANNOUNCE_FANOUT);
        Shuttle.Node joiner = s.add(Shuttle.lan("n5").gossipNodes(0)
                .pushPullInterval(java.time.Duration.ZERO).build());
        joiner.engine.start(s.now);
        int mark = s.sent.size();
        joiner.engine.join(s.now, List.of(s.node("n0").endpoint), (k, e) -> { });
        s.runFor(20 * MS);
        assertThat(sentWithPrimary(s, mark, "n5", aliveAbout("n5"))).extracting(Shuttle.Sent::toNode)
                .containsExactlyInAnyOrder("n1", "n2", "n3", "n4");
        // Without gossip, the earlier joiners n1..n3 know n5 only thanks to that.
        for (int i = 0; i < 6; i++) {
            assertThat(s.node("n" + i).engine.numMembers()).as("n" + i).isEqualTo(6);
        }
    }

    @Test
    void refutationGoesDirectlyToEveryMember() {
        Shuttle s = cluster(5, Config.DEFAULT_SELF_ANNOUNCE_FANOUT);
        Shuttle.Node n4 = s.node("n4");
        long inc = n4.engine.localMember().incarnation();
        int mark = s.sent.size();
        n4.engine.onPacket(s.now, s.node("n1").endpoint,
                Messages.encode(new Suspect(inc, "n4", "n1")));
        List<Shuttle.Sent> direct = sentWithPrimary(s, mark, "n4",
                m -> m instanceof Alive a && a.node().equals("n4") && a.incarnation() > inc);
        assertThat(direct).extracting(Shuttle.Sent::toNode)
                .containsExactlyInAnyOrder("n0", "n1", "n2", "n3");
    }

    @Test
    void metaUpdateGoesDirectlyToEveryMember() {
        Shuttle s = cluster(4, Config.DEFAULT_SELF_ANNOUNCE_FANOUT);
        int mark = s.sent.size();
        s.node("n3").engine.updateMeta(s.now, SEC, () -> { });
        assertThat(sentWithPrimary(s, mark, "n3", aliveAbout("n3"))).extracting(Shuttle.Sent::toNode)
                .containsExactlyInAnyOrder("n0", "n1", "n2");
    }

    @Test
    void fanoutCapsTheMembersContacted() {
        Shuttle s = cluster(6, 2);
        int mark = s.sent.size();
        s.node("n0").engine.leave(s.now, 5 * SEC, () -> { });
        List<Shuttle.Sent> direct = sentWithPrimary(s, mark, "n0", deadAbout("n0"));
        assertThat(direct).hasSize(2);
        assertThat(direct).extracting(Shuttle.Sent::toNode).doesNotHaveDuplicates();
    }

    @Test
    void zeroFanoutSendsNothingExtra() {
        Shuttle s = cluster(6, 0);
        // Joins: no alive about the sender as a first message (no gossip, no announcements).
        for (int i = 1; i < 6; i++) {
            assertThat(sentWithPrimary(s, 0, "n" + i, aliveAbout("n" + i))).isEmpty();
        }
        int mark = s.sent.size();
        s.node("n0").engine.leave(s.now, 5 * SEC, () -> { });
        assertThat(sentWithPrimary(s, mark, "n0", deadAbout("n0"))).isEmpty();
    }

    @Test
    void largeFanoutGoesOutInBatchesAndLeaveWaitsForThem() {
        int n = SelfAnnouncer.BATCH + 6;
        Shuttle s = cluster(n, Config.DEFAULT_SELF_ANNOUNCE_FANOUT);
        assertThat(s.node("n0").engine.numMembers()).isEqualTo(n);
        int mark = s.sent.size();
        long t0 = s.now;
        boolean[] done = {false};
        s.node("n0").engine.leave(s.now, 5 * SEC, () -> done[0] = true);
        assertThat(sentWithPrimary(s, mark, "n0", deadAbout("n0"))).hasSize(SelfAnnouncer.BATCH);
        s.runFor(199 * MS);
        assertThat(sentWithPrimary(s, mark, "n0", deadAbout("n0"))).hasSize(SelfAnnouncer.BATCH);
        assertThat(done[0]).isFalse();
        s.runFor(2 * MS);
        List<Shuttle.Sent> all = sentWithPrimary(s, mark, "n0", deadAbout("n0"));
        assertThat(all).hasSize(n - 1);
        assertThat(all).extracting(Shuttle.Sent::toNode).doesNotHaveDuplicates();
        assertThat(all.get(n - 2).at() - t0).isEqualTo(200 * MS); // one LAN gossip interval later
        s.runFor(10 * MS);
        // Gossip is off, so the broadcast never finishes by transmission: done comes at the timeout.
        assertThat(done[0]).isFalse();
        s.runFor(5 * SEC);
        assertThat(done[0]).isTrue();
        for (int i = 1; i < n; i++) {
            assertThat(s.node("n" + i).engine.members()).extracting(m -> m.name()).doesNotContain("n0");
        }
    }

    @Test
    void leaveDoneWaitsForBothTheBroadcastAndTheDirectPackets() {
        Shuttle s = new Shuttle(3);
        for (int i = 0; i < 4; i++) {
            s.add(Shuttle.lan("n" + i).build());
        }
        s.startAll();
        for (int i = 1; i < 4; i++) {
            s.node("n" + i).engine.join(s.now, List.of(s.node("n0").endpoint), (k, e) -> { });
        }
        s.runUntil(() -> s.converged(4), 5 * SEC);
        boolean[] done = {false};
        s.node("n0").engine.leave(s.now, 30 * SEC, () -> done[0] = true);
        s.runUntil(() -> done[0], 5 * SEC);
        assertThat(done[0]).isTrue();
        assertThat(s.node("n1").engine.members()).extracting(m -> m.name()).doesNotContain("n0");
        assertThat(s.node("n0").engine.localMember().state()).isEqualTo(MemberState.LEFT);
    }

    @Test
    void fanoutRangeIsValidated() {
        assertThat(Config.lan().build().selfAnnounceFanout()).isEqualTo(512);
        assertThat(Config.lan().selfAnnounceFanout(0).build().selfAnnounceFanout()).isZero();
        assertThatThrownBy(() -> Config.lan().selfAnnounceFanout(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("selfAnnounceFanout");
        assertThatThrownBy(() -> Config.lan().selfAnnounceFanout(Config.SELF_ANNOUNCE_FANOUT_MAX + 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("selfAnnounceFanout");
        assertThat(Config.lan().selfAnnounceFanout(7).build().toBuilder().build().selfAnnounceFanout())
                .isEqualTo(7);
    }
}
