package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.codec.Alive;
import io.memberlist.codec.CodecException;
import io.memberlist.codec.Compound;
import io.memberlist.codec.Dead;
import io.memberlist.codec.Message;
import io.memberlist.codec.MessageType;
import io.memberlist.codec.Messages;
import io.memberlist.codec.Suspect;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A member that missed a refutation holds the refuted incarnation and accuses at it; the subject
 * ignores an accusation below its own incarnation (§9.3), so in Go nothing corrects the accuser
 * before a push/pull and it declares a healthy member dead when its suspicion times out. Found by
 * the fault campaign (seeds 1084 and 2211, {@code CampaignRegressionTest}: a member restarted at
 * a new address missed the gossip of a refutation, and its buddy probes carried the stale
 * accusation to the subject, which stayed silent until the accuser declared it dead; seed 769:
 * the subject still had the accuser's old address, so only the packet's source could reach it).
 * The subject now sends its current alive directly to where the accusation came from, at most
 * once per probe interval.
 */
class StaleAccusationScenarioTest {
    /** Datagrams from n1 carrying n1's alive at {@code inc}, seen by a tap: when, and to where. */
    private static final class AliveTap {
        final List<Long> sentAt = new ArrayList<>();
        final List<String> sentTo = new ArrayList<>();
    }

    private static SimNetwork cluster(Supplier<Config.Builder> cfg, List<SimNode> nodes, AliveTap tap, long[] inc) {
        SimNetwork sim = SimNetwork.builder().seed(31).realFraming(false).build();
        Cluster c = Cluster.of(sim).add(5, "n", cfg).joinAllToSeed();
        c.converge(Duration.ofSeconds(10));
        nodes.addAll(c.nodes);
        SimNode n1 = nodes.get(1);
        // n1 refutes an accusation at its incarnation: it is at the next one from now on.
        long first = n1.localMember().incarnation();
        deliver(n1, nodes.get(0), new Suspect(first, "n1", "n0"));
        inc[0] = n1.localMember().incarnation();
        assertThat(inc[0]).isGreaterThan(first);
        sim.runFor(Duration.ofSeconds(5));
        sim.tap((now, from, to, toNode, datagram) -> {
            if (from == n1 && carriesAlive(datagram, "n1", inc[0])) {
                tap.sentAt.add(now);
                tap.sentTo.add(sim.nodeAt(to).name());
            }
            return true;
        });
        return sim;
    }

    private static void deliver(SimNode at, SimNode from, Message m) {
        at.act((e, t) -> {
            e.onPacket(t, from.endpoint(), m);
            return null;
        });
    }

    private static boolean carriesAlive(byte[] payload, String node, long inc) {
        try {
            List<byte[]> parts = (payload[0] & 0xFF) == MessageType.COMPOUND
                    ? Compound.decode(payload, 0, payload.length).parts() : List.of(payload);
            for (byte[] p : parts) {
                if (Messages.decodePacket(p, 0, p.length) instanceof Alive a && a.node().equals(node)
                        && a.incarnation() == inc) {
                    return true;
                }
            }
            return false;
        } catch (CodecException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void staleSuspicionIsAnsweredWithTheCurrentAliveOncePerProbeInterval() {
        List<SimNode> n = new ArrayList<>();
        AliveTap tap = new AliveTap();
        long[] inc = new long[1];
        SimNetwork sim = cluster(Config::lan, n, tap, inc);
        long t0 = sim.nowNanos();
        deliver(n.get(1), n.get(2), new Suspect(inc[0] - 1, "n1", "n2"));
        assertThat(tap.sentAt).containsExactly(t0);
        assertThat(n.get(1).localMember().incarnation()).as("no refutation: nothing to refute").isEqualTo(inc[0]);
        deliver(n.get(1), n.get(2), new Suspect(inc[0] - 1, "n1", "n2"));
        deliver(n.get(1), n.get(2), new Dead(inc[0] - 1, "n1", "n2"));
        assertThat(tap.sentAt).as("at most once per probe interval").hasSize(1);
        sim.runFor(Duration.ofSeconds(1));
        deliver(n.get(1), n.get(2), new Dead(inc[0] - 1, "n1", "n2"));
        assertThat(tap.sentAt).hasSize(2);
        assertThat(tap.sentAt.get(1) - t0).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(tap.sentTo).containsExactly("n2", "n2");
    }

    /**
     * The accusation is answered where it came from: a member passing on n2's stale accusation
     * (n3 here) holds the stale view too, and the packet's source address is current even when the
     * subject's table has the accuser elsewhere (seed 769: restarted at a new address).
     */
    @Test
    void staleAccusationIsAnsweredToThePacketSource() {
        List<SimNode> n = new ArrayList<>();
        AliveTap tap = new AliveTap();
        long[] inc = new long[1];
        cluster(() -> Config.lan().checkAccusations(false), n, tap, inc);
        deliver(n.get(1), n.get(3), new Suspect(inc[0] - 1, "n1", "n2"));
        assertThat(tap.sentTo).containsExactly("n3");
    }

    /**
     * With {@code checkAccusations} (ours, the default) the accuser itself is told too: it may run
     * a suspicion it made of a stale death, which only its accused can end (campaign seed 96).
     */
    @Test
    void withCheckedAccusationsTheAccuserIsToldToo() {
        List<SimNode> n = new ArrayList<>();
        AliveTap tap = new AliveTap();
        long[] inc = new long[1];
        cluster(Config::lan, n, tap, inc);
        deliver(n.get(1), n.get(3), new Suspect(inc[0] - 1, "n1", "n2"));
        assertThat(tap.sentTo).containsExactlyInAnyOrder("n3", "n2");
    }

    @Test
    void withoutSelfAnnouncementStaleAccusationsAreIgnoredAsInGo() {
        List<SimNode> n = new ArrayList<>();
        AliveTap tap = new AliveTap();
        long[] inc = new long[1];
        SimNetwork sim = cluster(() -> Config.lan().selfAnnounceFanout(0), n, tap, inc);
        deliver(n.get(1), n.get(2), new Suspect(inc[0] - 1, "n1", "n2"));
        deliver(n.get(1), n.get(2), new Dead(inc[0] - 1, "n1", "n2"));
        sim.runFor(Duration.ofMillis(1));
        assertThat(tap.sentAt).isEmpty();
        assertThat(n.get(1).localMember().incarnation()).isEqualTo(inc[0]);
    }
}
