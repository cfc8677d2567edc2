package io.memberlist.core;

import static io.memberlist.core.SimRecorder.SEC;
import static io.memberlist.core.SimRecorder.inject;
import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.MemberState;
import io.memberlist.codec.Messages;
import io.memberlist.codec.Suspect;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A suspect state learned from a push/pull is the remote's view, not an accusation of ours
 * ({@code Config.checkAccusations}, {@code Membership.mergeSuspect}; campaign seed 3720).
 *
 * <p>Six members, LAN preset, no periodic push/pull, a probe a minute. n2 accuses n1 (the suspect is injected into
 * n3 and n4 only, and every suspect on its way to n1 is dropped, so n1 never refutes); then n4
 * joins n3 again, a push/pull in which each learns that the other holds n1 suspect. Go takes that
 * as a suspect from itself and gossips a suspect of n1 "from n4" (and "from n3"), which every
 * other member counts as more independent accusers. With the policy neither is gossiped.
 */
class MergedSuspicionTest {

    private static SimRecorder cluster(long seed, LifeguardAndStateTest.Recording n3Metrics,
            UnaryOperator<Config.Builder> cfg) {
        // probes once a minute: no probe of n1 fails (and accuses it) while the test watches
        return SimRecorder.settledCluster(seed, 6, 3, n3Metrics, b -> cfg.apply(b.probeInterval(Duration.ofMinutes(1))));
    }

    /** Suspects of n1 whose accuser is n3 or n4, sent to anyone but n1 (a probe of n1 carries one, as Lifeguard's buddy probe does). */
    private static List<Suspect> relayedAccusations(SimRecorder s, long since) {
        SimNode n1 = s.node("n1");
        return s.sent.stream().filter(x -> x.at() >= since && !x.to().equals(n1.endpoint()))
                .flatMap(x -> x.leaves().stream())
                .filter(l -> l instanceof Suspect sus && sus.node().equals("n1")
                        && (sus.from().equals("n3") || sus.from().equals("n4")))
                .map(l -> (Suspect) l).toList();
    }

    private static long incarnationOf(SimNode observer, String member) {
        return observer.engine().members().stream().filter(m -> m.name().equals(member)).findFirst()
                .orElseThrow().incarnation();
    }

    private static MemberState viewOf(SimNode observer, String member) {
        return observer.engine().members().stream().filter(m -> m.name().equals(member))
                .map(m -> m.state()).findFirst().orElse(MemberState.DEAD);
    }

    private static List<Suspect> run(UnaryOperator<Config.Builder> cfg, LifeguardAndStateTest.Recording m) {
        SimRecorder s = cluster(37, m, cfg);
        SimNode n1 = s.node("n1");
        SimNode n3 = s.node("n3");
        SimNode n4 = s.node("n4");
        long inc = incarnationOf(n3, "n1");
        s.drop = x -> x.to().equals(n1.endpoint()) && x.leaves().stream().anyMatch(l -> l instanceof Suspect);
        byte[] accusation = Messages.encode(new Suspect(inc, "n1", "n2"));
        inject(n3, s.node("n2").endpoint(), accusation);
        inject(n4, s.node("n2").endpoint(), accusation);
        assertThat(viewOf(n3, "n1")).isEqualTo(MemberState.SUSPECT);
        assertThat(viewOf(n4, "n1")).isEqualTo(MemberState.SUSPECT);

        long t0 = s.now();
        s.sim.join(n4, n3);
        s.runFor(SEC);
        assertThat(viewOf(n3, "n1")).as("still suspected: nothing refuted it").isEqualTo(MemberState.SUSPECT);
        return relayedAccusations(s, t0);
    }

    @Test
    void aMergedSuspectStateIsNotGossipedAsOurOwnAccusation() {
        LifeguardAndStateTest.Recording m = new LifeguardAndStateTest.Recording();

        List<Suspect> relayed = run(b -> b, m);

        assertThat(relayed).isEmpty();
        assertThat(m.counters.getOrDefault(Membership.MERGED_SUSPECT_RELAYED, 0L)).isPositive();
    }

    /**
     * The same run with Go's behaviour: the merge becomes an accusation "from n4", gossiped to
     * everyone (n3's own "from n3" is queued too, but n4's arrives first and takes its place in
     * n3's queue: one broadcast per member).
     */
    @Test
    void goTakesItAsAnAccusationOfItsOwn() {
        LifeguardAndStateTest.Recording m = new LifeguardAndStateTest.Recording();

        List<Suspect> relayed = run(b -> b.checkAccusations(false), m);

        assertThat(relayed).extracting(Suspect::from).contains("n4");
        assertThat(m.counters.getOrDefault(Membership.MERGED_SUSPECT_RELAYED, 0L)).isZero();
    }

    /** A member that holds no suspicion yet takes one from the merge, quietly, and its timer runs. */
    @Test
    void aMergedSuspectStartsAQuietSuspicionWhereNoneRan() {
        LifeguardAndStateTest.Recording m = new LifeguardAndStateTest.Recording();
        SimRecorder s = cluster(38, m, b -> b);
        SimNode n1 = s.node("n1");
        SimNode n3 = s.node("n3");
        SimNode n4 = s.node("n4");
        long inc = incarnationOf(n3, "n1");
        // n3 hears of the accusation only through the push/pull
        s.drop = x -> (x.to().equals(n1.endpoint()) || x.to().equals(n3.endpoint()))
                && x.leaves().stream().anyMatch(l -> l instanceof Suspect);
        inject(n4, s.node("n2").endpoint(), Messages.encode(new Suspect(inc, "n1", "n2")));
        assertThat(viewOf(n3, "n1")).isEqualTo(MemberState.ALIVE);

        long t0 = s.now();
        s.sim.join(n3, n4);
        s.runFor(SEC);

        assertThat(viewOf(n3, "n1")).isEqualTo(MemberState.SUSPECT);
        assertThat(relayedAccusations(s, t0)).extracting(Suspect::from).doesNotContain("n3");
        assertThat(m.counters.getOrDefault(Membership.MERGED_SUSPECT_RELAYED, 0L)).isEqualTo(1);
    }
}
