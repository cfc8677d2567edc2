package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.Delegate;
import io.memberlist.node.Node;
import io.memberlist.node.NodeLimits;
import io.memberlist.testing.RawHost;
import io.memberlist.testing.SimCompletion;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 8's scenarios on the production node in the simulator: the stream layer's limits are the
 * node's, so the simulated node has them exactly as a real one does.
 */
class StreamLimitsScenarioTest {
    /** A delegate with a large push/pull user state, so the stream is long. */
    private static Config.Builder withState(String name, int bytes) {
        byte[] state = new byte[bytes];
        new java.util.SplittableRandom(name.hashCode()).nextBytes(state); // incompressible
        return Config.lan().delegate(new Delegate() {
            @Override
            public byte[] localState(boolean join) {
                return state;
            }
        });
    }

    @Test
    void twoThousandIdleConnectionsFromOneAddressDoNotBlockAJoin() {
        SimNetwork sim = SimNetwork.builder().seed(8).build();
        SimNode seed = sim.addNode("seed", Config.lan());
        SimNode joiner = sim.addNode("joiner", Config.lan());
        RawHost attacker = sim.addRawHost("attacker");
        List<RawHost.RawStream> idle = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            idle.add(attacker.connect(seed));
        }
        sim.runFor(Duration.ofMillis(50));
        Node.StreamStats during = seed.node().streamStats();
        assertThat(during.pending()).isEqualTo(NodeLimits.PENDING_PER_SOURCE);
        assertThat(seed.node().refusedStreams()).isEqualTo(2000 - NodeLimits.PENDING_PER_SOURCE);

        SimCompletion<SimNetwork.JoinOutcome> join = sim.join(joiner, seed);
        sim.runFor(Duration.ofSeconds(1));
        assertThat(join.isDone()).isTrue();
        assertThat(join.get().joined()).as("join errors: %s", join.get().errors()).isEqualTo(1);

        // The idle ones are closed at the header deadline, well before the stream timeout.
        sim.runFor(NodeLimits.HEADER_TIMEOUT);
        assertThat(seed.node().streamStats().pending()).isZero();
        assertThat(idle).allMatch(RawHost.RawStream::ended);
        assertThat(sim.converged()).isTrue();
    }

    /** Parse work of the seed's node for one join whose streams arrive in pieces of {@code chunk}. */
    private static long[] joinWithChunks(int chunk) {
        SimNetwork sim = SimNetwork.builder().seed(9).streamChunk(chunk).build();
        SimNode seed = sim.addNode("seed", withState("seed", 40_000));
        SimNode joiner = sim.addNode("joiner", withState("joiner", 40_000));
        SimCompletion<SimNetwork.JoinOutcome> join = sim.join(joiner, seed);
        sim.runFor(Duration.ofSeconds(2));
        assertThat(join.isDone()).isTrue();
        assertThat(join.get().joined()).isEqualTo(1);
        return new long[] {seed.node().streamStats().parseWork() + joiner.node().streamStats().parseWork(),
                sim.stats().streamBytes()};
    }

    @Test
    void aPushPullDeliveredOneByteAtATimeCostsLinearParseWork() {
        long[] whole = joinWithChunks(Integer.MAX_VALUE);
        long[] trickled = joinWithChunks(1);
        assertThat(trickled[1]).isGreaterThan(80_000); // both directions carried the 40 KB states
        // Linear: a bounded number of examinations per byte received however it was chunked (a
        // piece re-examines only the header of the token it completes, at most 9 bytes); a
        // re-parse from the start on every piece would cost about bytes²/2 (over 10^9 here).
        System.out.printf("parse work: whole %d, 1-byte pieces %d, for %d stream bytes%n",
                whole[0], trickled[0], trickled[1]);
        assertThat(whole[0]).isLessThanOrEqualTo(3 * whole[1]);
        assertThat(trickled[0]).isLessThanOrEqualTo(10 * trickled[1]);
    }
}
