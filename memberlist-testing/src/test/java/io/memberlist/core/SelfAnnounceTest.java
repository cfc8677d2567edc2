package io.memberlist.core;

import static io.memberlist.core.SimRecorder.MS;
import static io.memberlist.core.SimRecorder.SEC;
import static io.memberlist.core.SimRecorder.inject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memberlist.Config;
import io.memberlist.MemberState;
import io.memberlist.codec.Alive;
import io.memberlist.codec.Dead;
import io.memberlist.codec.Message;
import io.memberlist.codec.Messages;
import io.memberlist.codec.Suspect;
import io.memberlist.testing.SimNode;
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
    private static SimRecorder cluster(int n, int fanout) {
        SimRecorder s = SimRecorder.lan(7);
        for (int i = 0; i < n; i++) {
            s.add("n" + i, Config.lan().gossipNodes(0).pushPullInterval(java.time.Duration.ZERO)
                    .selfAnnounceFanout(fanout));
        }
        for (int i = 1; i < n; i++) {
            s.sim.join(s.node("n" + i), s.node("n0"));
            s.runFor(20 * MS);
        }
        return s;
    }

    /** Packets sent by {@code from} since index {@code since} whose first message matches. */
    private static List<SimRecorder.Sent> sentWithPrimary(SimRecorder s, int since, String from,
            Predicate<Message> primary) {
        List<SimRecorder.Sent> out = new ArrayList<>();
        for (SimRecorder.Sent x : s.sent.subList(since, s.sent.size())) {
            if (x.from().equals(from) && primary.test(x.first())) {
                out.add(x);
            }
        }
        return out;
    }

    private static void leave(SimNode n, long timeout, Runnable done) {
        n.act((e, t) -> {
            e.leave(t, timeout, done);
            return null;
        });
    }

    private static Predicate<Message> deadAbout(String node) {
        return m -> m instanceof Dead d && d.node().equals(node) && d.from().equals(node);
    }

    private static Predicate<Message> aliveAbout(String node) {
        return m -> m instanceof Alive a && a.node().equals(node);
    }

    @Test
    void leaveSendsOwnDeadDirectlyToEveryMemberOnce() {
        SimRecorder s = cluster(6, Config.DEFAULT_SELF_ANNOUNCE_FANOUT);
        assertThat(s.node("n0").engine().numMembers()).isEqualTo(6);
        int mark = s.sent.size();
        leave(s.node("n0"), 5 * SEC, () -> { });
        List<SimRecorder.Sent> direct = sentWithPrimary(s, mark, "n0", deadAbout("n0"));
        assertThat(direct).extracting(SimRecorder.Sent::toNode)
                .containsExactlyInAnyOrder("n1", "n2", "n3", "n4", "n5");
        // CRC per the destination's PMax (5 for these peers), and never the same fact twice.
        for (SimRecorder.Sent x : direct) {
            assertThat(x.crc()).isTrue();
            assertThat(x.leaves().stream().filter(deadAbout("n0")).count()).isEqualTo(1);
        }
        s.runFor(10 * MS);
        for (int i = 1; i < 6; i++) {
            assertThat(s.node("n" + i).members()).extracting(m -> m.name()).doesNotContain("n0");
        }
    }

    @Test
    void joinCompletionSendsOwnAliveToEachLearnedMemberButTheSeed() {
        SimRecorder s = cluster(5, Config.DEFAULT_SELF_ANNOUNCE_FANOUT);
        SimNode joiner = s.add("n5", Config.lan().gossipNodes(0)
                .pushPullInterval(java.time.Duration.ZERO));
        int mark = s.sent.size();
        s.sim.join(joiner, s.node("n0"));
        s.runFor(20 * MS);
        assertThat(sentWithPrimary(s, mark, "n5", aliveAbout("n5"))).extracting(SimRecorder.Sent::toNode)
                .containsExactlyInAnyOrder("n1", "n2", "n3", "n4");
        // Without gossip, the earlier joiners n1..n3 know n5 only thanks to that.
        for (int i = 0; i < 6; i++) {
            assertThat(s.node("n" + i).engine().numMembers()).as("n" + i).isEqualTo(6);
        }
    }

    @Test
    void refutationGoesDirectlyToEveryMember() {
        SimRecorder s = cluster(5, Config.DEFAULT_SELF_ANNOUNCE_FANOUT);
        SimNode n4 = s.node("n4");
        long inc = n4.localMember().incarnation();
        int mark = s.sent.size();
        inject(n4, s.node("n1").endpoint(), Messages.encode(new Suspect(inc, "n4", "n1")));
        List<SimRecorder.Sent> direct = sentWithPrimary(s, mark, "n4",
                m -> m instanceof Alive a && a.node().equals("n4") && a.incarnation() > inc);
        assertThat(direct).extracting(SimRecorder.Sent::toNode)
                .containsExactlyInAnyOrder("n0", "n1", "n2", "n3");
    }

    @Test
    void metaUpdateGoesDirectlyToEveryMember() {
        SimRecorder s = cluster(4, Config.DEFAULT_SELF_ANNOUNCE_FANOUT);
        int mark = s.sent.size();
        s.sim.updateMeta(s.node("n3"), java.time.Duration.ofSeconds(1));
        assertThat(sentWithPrimary(s, mark, "n3", aliveAbout("n3"))).extracting(SimRecorder.Sent::toNode)
                .containsExactlyInAnyOrder("n0", "n1", "n2");
    }

    @Test
    void fanoutCapsTheMembersContacted() {
        SimRecorder s = cluster(6, 2);
        int mark = s.sent.size();
        leave(s.node("n0"), 5 * SEC, () -> { });
        List<SimRecorder.Sent> direct = sentWithPrimary(s, mark, "n0", deadAbout("n0"));
        assertThat(direct).hasSize(2);
        assertThat(direct).extracting(SimRecorder.Sent::toNode).doesNotHaveDuplicates();
    }

    @Test
    void zeroFanoutSendsNothingExtra() {
        SimRecorder s = cluster(6, 0);
        // Joins: no alive about the sender as a first message (no gossip, no announcements).
        for (int i = 1; i < 6; i++) {
            assertThat(sentWithPrimary(s, 0, "n" + i, aliveAbout("n" + i))).isEmpty();
        }
        int mark = s.sent.size();
        leave(s.node("n0"), 5 * SEC, () -> { });
        assertThat(sentWithPrimary(s, mark, "n0", deadAbout("n0"))).isEmpty();
    }

    @Test
    void largeFanoutGoesOutInBatchesAndLeaveWaitsForThem() {
        int n = SelfAnnouncer.BATCH + 6;
        SimRecorder s = cluster(n, Config.DEFAULT_SELF_ANNOUNCE_FANOUT);
        assertThat(s.node("n0").engine().numMembers()).isEqualTo(n);
        int mark = s.sent.size();
        long t0 = s.now();
        boolean[] done = {false};
        leave(s.node("n0"), 5 * SEC, () -> done[0] = true);
        assertThat(sentWithPrimary(s, mark, "n0", deadAbout("n0"))).hasSize(SelfAnnouncer.BATCH);
        s.runFor(199 * MS);
        assertThat(sentWithPrimary(s, mark, "n0", deadAbout("n0"))).hasSize(SelfAnnouncer.BATCH);
        assertThat(done[0]).isFalse();
        s.runFor(2 * MS);
        List<SimRecorder.Sent> all = sentWithPrimary(s, mark, "n0", deadAbout("n0"));
        assertThat(all).hasSize(n - 1);
        assertThat(all).extracting(SimRecorder.Sent::toNode).doesNotHaveDuplicates();
        assertThat(all.get(n - 2).at() - t0).isEqualTo(200 * MS); // one LAN gossip interval later
        s.runFor(10 * MS);
        // Gossip is off, so the broadcast never finishes by transmission: done comes at the timeout.
        assertThat(done[0]).isFalse();
        s.runFor(5 * SEC);
        assertThat(done[0]).isTrue();
        for (int i = 1; i < n; i++) {
            assertThat(s.node("n" + i).members()).extracting(m -> m.name()).doesNotContain("n0");
        }
    }

    @Test
    void leaveDoneWaitsForBothTheBroadcastAndTheDirectPackets() {
        SimRecorder s = SimRecorder.lan(3);
        for (int i = 0; i < 4; i++) {
            s.add("n" + i);
        }
        s.joinAll("n0");
        assertThat(s.runUntil(s::converged, 5 * SEC)).isTrue();
        boolean[] done = {false};
        leave(s.node("n0"), 30 * SEC, () -> done[0] = true);
        s.runUntil(() -> done[0], 5 * SEC);
        assertThat(done[0]).isTrue();
        assertThat(s.node("n1").members()).extracting(m -> m.name()).doesNotContain("n0");
        assertThat(s.node("n0").localMember().state()).isEqualTo(MemberState.LEFT);
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
