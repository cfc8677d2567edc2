package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Config;
import io.memberlist.VetoException;
import io.memberlist.testing.SimCompletion;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Join retries ({@code Config.joinTimeout}) in virtual time: a join whose seed cannot answer yet
 * is tried again with backoff and succeeds once the seed is up; an answer that refuses the join
 * is not retried; the retry deadline bounds the whole call.
 */
class JoinRetryScenarioTest {
    private static final Duration RETRY_FOR = Duration.ofSeconds(30);

    @Test
    void aJoinToASeedThatIsDownIsRetriedAndSucceedsOnceItIsUp() {
        SimNetwork sim = SimNetwork.builder().seed(1301).build();
        SimNode seed = sim.addNode("seed", Config.local());
        SimNode joiner = sim.addNode("joiner", Config.local());
        sim.crash(seed); // nothing answers at the seed's address: every attempt times out
        SimCompletion<SimNetwork.JoinOutcome> join = sim.join(joiner, RETRY_FOR, seed);
        sim.runFor(Duration.ofSeconds(4));
        assertThat(join.isDone()).as("still retrying while the seed is down").isFalse();

        sim.restart(seed);
        sim.runFor(Duration.ofSeconds(8));
        assertThat(join.isDone()).isTrue();
        assertThat(join.get().joined()).as("errors: %s", join.get().errors()).isEqualTo(1);
        assertThat(join.get().errors()).isEmpty();
        assertThat(sim.converged()).isTrue();
    }

    @Test
    void withoutARetryDeadlineTheSameJoinFailsAfterOneAttempt() {
        SimNetwork sim = SimNetwork.builder().seed(1302).build();
        SimNode seed = sim.addNode("seed", Config.local());
        SimNode joiner = sim.addNode("joiner", Config.local());
        sim.crash(seed);
        SimCompletion<SimNetwork.JoinOutcome> join = sim.join(joiner, seed);
        sim.runFor(Duration.ofSeconds(4));
        assertThat(join.isDone()).isTrue();
        assertThat(join.get().joined()).isZero();
        assertThat(join.get().errors().get(seed.endpoint())).contains("i/o timeout").doesNotContain("attempts");
    }

    @Test
    void aSeedThatNeverComesBackFailsTheJoinByTheDeadlineWithItsLastError() {
        SimNetwork sim = SimNetwork.builder().seed(1303).build();
        SimNode seed = sim.addNode("seed", Config.local());
        SimNode joiner = sim.addNode("joiner", Config.local());
        sim.crash(seed);
        long start = sim.nowNanos();
        SimCompletion<SimNetwork.JoinOutcome> join = sim.join(joiner, Duration.ofSeconds(10), seed);
        sim.runFor(Duration.ofSeconds(20));
        assertThat(join.isDone()).isTrue();
        assertThat(join.get().joined()).isZero();
        String err = join.get().errors().get(seed.endpoint());
        assertThat(err).contains("i/o timeout").containsPattern("after \\d+ attempts");
        // Attempts wait 1, 2, 4, then what is left of the 10 s for their answer, with 100 ms to
        // 800 ms between them: 4 attempts fit (3 if the waits are long).
        int attempts = Integer.parseInt(err.replaceAll(".*after (\\d+) attempts.*", "$1"));
        assertThat(attempts).isBetween(3, 4);
        // Virtual time: the last round starts by the deadline and lasts one stream timeout.
        long took = join.doneAtNanos() - start;
        assertThat(took).isBetween(Duration.ofSeconds(5).toNanos(), Duration.ofSeconds(11).toNanos());
    }

    @Test
    void aRefusedMergeIsNotRetried() {
        SimNetwork sim = SimNetwork.builder().seed(1304).build();
        SimNode seed = sim.addNode("seed", Config.local());
        SimNode joiner = sim.addNode("joiner", Config.local().merge(peers -> {
            throw new VetoException("no thanks");
        }));
        long start = sim.nowNanos();
        SimCompletion<SimNetwork.JoinOutcome> join = sim.join(joiner, RETRY_FOR, seed);
        sim.runFor(Duration.ofSeconds(2));
        assertThat(join.isDone()).isTrue();
        assertThat(join.get().joined()).isZero();
        assertThat(join.get().errors().get(seed.endpoint())).contains("no thanks").doesNotContain("attempts");
        assertThat(join.doneAtNanos() - start).isLessThan(Duration.ofMillis(100).toNanos());
    }

    @Test
    void onlyTheSeedsThatFailedAreRetriedAndASuccessEndsTheRetries() {
        SimNetwork sim = SimNetwork.builder().seed(1305).build();
        SimNode up = sim.addNode("up", Config.local());
        SimNode down = sim.addNode("down", Config.local());
        SimNode joiner = sim.addNode("joiner", Config.local());
        sim.crash(down);
        SimCompletion<SimNetwork.JoinOutcome> join = sim.join(joiner, RETRY_FOR, up, down);
        sim.runFor(Duration.ofSeconds(2));
        assertThat(join.isDone()).isTrue();
        assertThat(join.get().joined()).isEqualTo(1);
        assertThat(join.get().errors()).containsOnlyKeys(down.endpoint());
    }
}
