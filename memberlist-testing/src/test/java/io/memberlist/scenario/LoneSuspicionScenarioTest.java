package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.MemberState;
import io.memberlist.codec.Alive;
import io.memberlist.codec.CodecException;
import io.memberlist.codec.Compound;
import io.memberlist.codec.Message;
import io.memberlist.codec.MessageType;
import io.memberlist.codec.Messages;
import io.memberlist.codec.Suspect;
import io.memberlist.testing.MembershipInvariants;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code Config.verifyLoneSuspicion}, the pattern of campaign seed 7188 played directly: one member
 * ({@code n2}) accuses a healthy one ({@code n1}); {@code n1} refutes at once, directly to every
 * member and by gossip, and nobody confirms the accusation; but every copy of the refutation misses
 * one member ({@code n3}) until that member's suspicion timer runs out, and no push/pull happens
 * meanwhile (periodic push/pulls are off here, as none came within the timeout in the seed). Go
 * declares the healthy member dead then; with the policy {@code n3} first probes {@code n1} with
 * the suspect, and the answer carries the refutation.
 */
class LoneSuspicionScenarioTest {
    static final int N = 8;
    static final Duration PROBE = Duration.ofSeconds(1);
    /** LAN: 4 × max(1, log10 8) × 1 s = 4 s, times 6; the accusation stays alone, so the maximum. */
    static final Duration SUSPICION_MAX = Formulas.suspicionMax(4, 6, N, PROBE);

    /** The cluster, the accusation, and its refutation kept from {@code n3} for {@code lostFor}. */
    private record Run(SimNetwork sim, Cluster cluster, SimNode subject, SimNode observer, long inc, long accusedAt) {}

    private static Run accuse(long seed, Supplier<Config.Builder> cfg, Duration lostFor) {
        SimNetwork sim = SimNetwork.builder().seed(seed).realFraming(false).build();
        Cluster c = Cluster.of(sim).add(N, "n", () -> cfg.get().pushPullInterval(Duration.ZERO)).joinAllToSeed();
        c.converge(Duration.ofSeconds(10));
        sim.runFor(Duration.ofSeconds(5));
        SimNode subject = c.nodes.get(1);
        SimNode accuser = c.nodes.get(2);
        SimNode observer = c.nodes.get(3);
        long inc = sim.viewOf(observer, subject.name()).incarnation();
        long accusedAt = sim.nowNanos();
        long lostUntil = accusedAt + lostFor.toNanos();
        sim.tap((now, from, to, toNode, datagram) -> !(now < lostUntil && to.equals(observer.endpoint())
                && carriesAliveAbove(datagram, subject.name(), inc)));
        // n2 accuses n1, and n3 hears of it at once (both gossip it on).
        Suspect accusation = new Suspect(inc, subject.name(), accuser.name());
        deliver(accuser, accuser, accusation);
        deliver(observer, accuser, accusation);
        assertThat(sim.viewOf(observer, subject.name()).state()).isEqualTo(MemberState.SUSPECT);
        return new Run(sim, c, subject, observer, inc, accusedAt);
    }

    private static void deliver(SimNode at, SimNode from, Message m) {
        at.act((e, t) -> {
            e.onPacket(t, from.endpoint(), m);
            return null;
        });
    }

    private static boolean carriesAliveAbove(byte[] payload, String node, long inc) {
        try {
            List<byte[]> parts = (payload[0] & 0xFF) == MessageType.COMPOUND
                    ? Compound.decode(payload, 0, payload.length).parts() : List.of(payload);
            for (byte[] p : parts) {
                if (Messages.decodePacket(p, 0, p.length) instanceof Alive a && a.node().equals(node)
                        && a.incarnation() > inc) {
                    return true;
                }
            }
            return false;
        } catch (CodecException e) {
            throw new AssertionError(e);
        }
    }

    /** The refutation misses n3 until its timer runs out: n3 checks, and n1's answer refutes. */
    @Test
    void aRefutationMissedUntilTheTimeoutIsFoundByTheCheck() {
        Run r = accuse(7188, Config::lan, SUSPICION_MAX);
        r.sim.runFor(SUSPICION_MAX.multipliedBy(3));
        assertThat(r.cluster.invariants.deathsOf(r.subject.name())).isEmpty();
        assertThat(r.sim.viewOf(r.observer, r.subject.name()).state()).isEqualTo(MemberState.ALIVE);
        assertThat(r.sim.viewOf(r.observer, r.subject.name()).incarnation()).isGreaterThan(r.inc);
        assertThat(r.sim.converged()).isTrue();
    }

    /**
     * The check's answer loses the refutation too (it is kept from n3 one second past the
     * timeout, the ack is not): the suspicion starts again, once, and the refutation that n3's
     * own probes of n1 then bring (n1 answers their suspect with its current alive) ends it.
     */
    @Test
    void anAnswerWithoutTheRefutationRestartsTheSuspicionOnce() {
        Run r = accuse(7188, Config::lan, SUSPICION_MAX.plus(PROBE));
        r.sim.runFor(SUSPICION_MAX.multipliedBy(3));
        assertThat(r.cluster.invariants.deathsOf(r.subject.name())).isEmpty();
        assertThat(r.sim.viewOf(r.observer, r.subject.name()).incarnation()).isGreaterThan(r.inc);
        assertThat(r.sim.converged()).isTrue();
    }

    /** Go's behaviour (the policy off): n3 declares the healthy n1 dead when its timer runs out. */
    @Test
    void withoutTheCheckTheHealthyMemberIsDeclaredDeadAsInGo() {
        Run r = accuse(7188, () -> Config.lan().verifyLoneSuspicion(false), SUSPICION_MAX);
        r.sim.runFor(SUSPICION_MAX.multipliedBy(3));
        List<MembershipInvariants.Death> deaths = r.cluster.invariants.deathsOf(r.subject.name());
        assertThat(deaths).isNotEmpty();
        MembershipInvariants.Death first = deaths.get(0);
        assertThat(first.observer()).isEqualTo(r.observer.name());
        assertThat(first.state()).isEqualTo(MemberState.DEAD);
        assertThat(first.atNanos() - r.accusedAt).isEqualTo(SUSPICION_MAX.toNanos());
    }
}
