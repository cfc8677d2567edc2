package io.memberlist.core;

import static io.memberlist.core.SimRecorder.SEC;
import static io.memberlist.core.SimRecorder.inject;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.MemberState;
import io.memberlist.codec.Alive;
import io.memberlist.codec.Messages;
import io.memberlist.codec.Ping;
import io.memberlist.codec.Suspect;
import io.memberlist.testing.SimNode;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The timer path of {@code Config.verifyLoneSuspicion} ({@link LoneSuspicion}): when a suspicion
 * with nobody but its first accuser behind it runs out, the node probes the suspect first; at most
 * once per suspicion; a member that does not answer is still declared dead, one probe later.
 *
 * <p>Six members, LAN preset, no periodic push/pull (it would carry refutations past the drops
 * below): N = 6, so k = 2 and the suspicion runs from max = 6 × 4 s = 24 s while unconfirmed.
 * {@code n3} is the observer and the only node with metrics.
 */
class LoneSuspicionTest {
    private static final long MAX = 24 * SEC;
    private static final long PROBE = SEC;

    private static SimRecorder cluster(long seed, LifeguardAndStateTest.Recording observerMetrics,
            UnaryOperator<Config.Builder> cfg) {
        return SimRecorder.settledCluster(seed, 6, 3, observerMetrics, cfg);
    }

    private static MemberState viewOf(SimNode observer, String member) {
        return observer.engine().members().stream().filter(m -> m.name().equals(member))
                .map(m -> m.state()).findFirst().orElse(MemberState.DEAD);
    }

    private static long count(LifeguardAndStateTest.Recording m, String counter) {
        return m.counters.getOrDefault(counter, 0L);
    }

    /** The check n3 sent n1 at {@code at}: its direct ping, carrying a suspect from n3 as a buddy probe does. */
    private static List<SimRecorder.Sent> checkSent(SimRecorder s, SimNode to, long at) {
        return s.sentAt("n3", at).stream().filter(x -> x.to().equals(to.endpoint())
                && x.leaves().stream().anyMatch(l -> l instanceof Ping)).toList();
    }

    /**
     * n1 is healthy and answers, but its refutation never reaches n3 (every alive about it above
     * the accused incarnation is dropped on its way to n3). One check when the timer runs out; the
     * answer restarts the suspicion once; when it runs out again n1 is declared dead without a
     * second check: the policy holds a death back by one suspicion timeout at most, never for ever.
     */
    @Test
    void anAnsweredCheckRestartsTheSuspicionOnceAndOnlyOnce() {
        LifeguardAndStateTest.Recording m = new LifeguardAndStateTest.Recording();
        SimRecorder s = cluster(71, m, b -> b);
        SimNode n1 = s.node("n1");
        SimNode n3 = s.node("n3");
        long inc = n3.engine().members().stream().filter(x -> x.name().equals("n1")).findFirst()
                .orElseThrow().incarnation();
        s.drop = x -> x.to().equals(n3.endpoint()) && x.leaves().stream()
                .anyMatch(l -> l instanceof Alive a && a.node().equals("n1") && a.incarnation() > inc);
        long t0 = s.now();
        inject(n3, s.node("n2").endpoint(), Messages.encode(new Suspect(inc, "n1", "n2")));
        assertThat(viewOf(n3, "n1")).isEqualTo(MemberState.SUSPECT);

        s.runFor(MAX - 1);
        assertThat(count(m, LoneSuspicion.VERIFIED)).as("no check before the timeout").isZero();
        s.runFor(1);
        assertThat(count(m, LoneSuspicion.VERIFIED)).isEqualTo(1);
        List<SimRecorder.Sent> check = checkSent(s, n1, t0 + MAX);
        assertThat(check).singleElement().satisfies(x -> assertThat(x.leaves())
                .contains(new Suspect(inc, "n1", "n3")));
        s.runFor(10 * 1_000_000L);
        assertThat(count(m, LoneSuspicion.ANSWERED)).isEqualTo(1);
        assertThat(viewOf(n3, "n1")).isEqualTo(MemberState.SUSPECT);

        assertThat(s.runUntil(() -> viewOf(n3, "n1") == MemberState.DEAD, 2 * MAX)).isTrue();
        assertThat(s.now() - t0).as("declared dead when the restarted suspicion ran out")
                .isBetween(2 * MAX, 2 * MAX + PROBE);
        assertThat(count(m, LoneSuspicion.VERIFIED)).as("one check per suspicion").isEqualTo(1);
        assertThat(count(m, LoneSuspicion.ANSWERED)).isEqualTo(1);
    }

    /**
     * A member that is really gone when the check comes: n1 is accused by n2 alone, its refutation
     * and every other member's suspect never reach n3 (so nothing confirms n3's suspicion, and n3's
     * own probes of n1 succeed while it lives), and n1's host dies silently (no answer, no refused
     * connection) just before n3's timer runs out. The check fails and n3 declares n1 dead then,
     * about one probe after the timeout.
     */
    @Test
    void aMemberGoneByTheCheckIsDeclaredDeadOneProbeLater() {
        LifeguardAndStateTest.Recording m = new LifeguardAndStateTest.Recording();
        SimRecorder s = cluster(72, m, b -> b);
        SimNode n3 = s.node("n3");
        long inc = n3.engine().members().stream().filter(x -> x.name().equals("n1")).findFirst()
                .orElseThrow().incarnation();
        s.drop = x -> x.to().equals(n3.endpoint()) && x.leaves().stream()
                .anyMatch(l -> l instanceof Suspect || l instanceof Alive a && a.node().equals("n1")
                        && a.incarnation() > inc);
        long t0 = s.now();
        inject(n3, s.node("n2").endpoint(), Messages.encode(new Suspect(inc, "n1", "n2")));
        s.runFor(MAX - 10 * 1_000_000L);
        assertThat(viewOf(n3, "n1")).isEqualTo(MemberState.SUSPECT);
        s.sim.crash(s.node("n1"));
        assertThat(s.runUntil(() -> viewOf(n3, "n1") == MemberState.DEAD, 2 * MAX)).isTrue();
        long took = s.now() - t0;
        assertThat(count(m, LoneSuspicion.VERIFIED)).isEqualTo(1);
        assertThat(count(m, LoneSuspicion.ANSWERED)).isZero();
        assertThat(took).as("the check held the death back").isGreaterThan(MAX);
        assertThat(took).as("by about one probe").isLessThanOrEqualTo(MAX + 2 * PROBE);
    }

    /**
     * A suspicion during which a probe of this node's own failed has this node's own evidence, the
     * check it would make: not checked. In a cluster of two the survivor probes only the crashed
     * member, so its lone suspicion (nobody else is there to confirm it) ends at its timeout.
     */
    @Test
    void aSuspicionReprobedHereIsNotChecked() {
        LifeguardAndStateTest.Recording m = new LifeguardAndStateTest.Recording();
        SimRecorder s = SimRecorder.lan(75);
        s.add("a", Config.lan().metrics(m));
        s.add("b");
        s.joinAll("a");
        assertThat(s.runUntil(s::converged, 10 * SEC)).isTrue();
        s.runFor(2 * SEC);
        s.sim.crash(s.node("b"));
        assertThat(s.runUntil(() -> viewOf(s.node("a"), "b") == MemberState.DEAD, 60 * SEC)).isTrue();
        assertThat(count(m, LoneSuspicion.VERIFIED)).isZero();
    }

    /**
     * A real crash gathers confirmations from the other probers, so no suspicion of it is lone and
     * none is checked: the policy costs such a death nothing.
     */
    @Test
    void aConfirmedSuspicionIsNotChecked() {
        LifeguardAndStateTest.Recording m = new LifeguardAndStateTest.Recording();
        SimRecorder s = cluster(73, m, b -> b);
        SimNode n3 = s.node("n3");
        s.sim.crash(s.node("n5"));
        long t0 = s.now();
        assertThat(s.runUntil(() -> viewOf(n3, "n5") == MemberState.DEAD, 2 * MAX)).isTrue();
        assertThat(s.now() - t0).isLessThan(MAX);
        assertThat(count(m, LoneSuspicion.VERIFIED)).isZero();
    }

    /** With Lifeguard's buddy probe off, the check still carries the suspect (the probes in turn do not). */
    @Test
    void theCheckCarriesTheSuspectEvenWithoutTheBuddyProbe() {
        LifeguardAndStateTest.Recording m = new LifeguardAndStateTest.Recording();
        SimRecorder s = cluster(74, m, b -> b.lifeguardBuddy(false));
        SimNode n1 = s.node("n1");
        SimNode n3 = s.node("n3");
        long inc = n3.engine().members().stream().filter(x -> x.name().equals("n1")).findFirst()
                .orElseThrow().incarnation();
        s.drop = x -> x.to().equals(n3.endpoint()) && x.leaves().stream()
                .anyMatch(l -> l instanceof Alive a && a.node().equals("n1") && a.incarnation() > inc);
        long t0 = s.now();
        inject(n3, s.node("n2").endpoint(), Messages.encode(new Suspect(inc, "n1", "n2")));
        s.runFor(MAX);
        List<SimRecorder.Sent> probesInTurn = s.sent.stream().filter(x -> x.from().equals("n3")
                && x.to().equals(n1.endpoint()) && x.at() > t0 && x.at() < t0 + MAX
                && x.leaves().stream().anyMatch(l -> l instanceof Ping)).toList();
        assertThat(probesInTurn).isNotEmpty().allSatisfy(x -> assertThat(x.leaves())
                .noneMatch(l -> l instanceof Suspect));
        assertThat(checkSent(s, n1, t0 + MAX)).singleElement().satisfies(x -> assertThat(x.leaves())
                .contains(new Suspect(inc, "n1", "n3")));
    }

    /** Off ({@code goCompatible()} too): the lone suspicion ends at its timeout, as in Go. */
    @Test
    void offTheSuspicionEndsAtItsTimeout() {
        LifeguardAndStateTest.Recording m = new LifeguardAndStateTest.Recording();
        SimRecorder s = cluster(71, m, b -> b.verifyLoneSuspicion(false));
        SimNode n3 = s.node("n3");
        long inc = n3.engine().members().stream().filter(x -> x.name().equals("n1")).findFirst()
                .orElseThrow().incarnation();
        s.drop = x -> x.to().equals(n3.endpoint()) && x.leaves().stream()
                .anyMatch(l -> l instanceof Alive a && a.node().equals("n1") && a.incarnation() > inc);
        long t0 = s.now();
        inject(n3, s.node("n2").endpoint(), Messages.encode(new Suspect(inc, "n1", "n2")));
        assertThat(s.runUntil(() -> viewOf(n3, "n1") == MemberState.DEAD, 2 * MAX)).isTrue();
        assertThat(s.now() - t0).isLessThanOrEqualTo(MAX + 10 * 1_000_000L);
        assertThat(count(m, LoneSuspicion.VERIFIED)).isZero();
    }
}
