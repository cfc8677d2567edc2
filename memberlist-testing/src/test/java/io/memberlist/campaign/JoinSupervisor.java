package io.memberlist.campaign;

import io.memberlist.testing.SimCompletion;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What an operator's process supervisor does after a restart: join through up to three running
 * members picked at random, and try again every {@link Bounds#JOIN_RETRY} until a join reaches at
 * least one of them (a restart during a partition, or with every seed down, would otherwise stay
 * alone for ever: nobody else knows a new address).
 */
final class JoinSupervisor {
    private static final Duration POLL = Duration.ofMillis(100);

    private final CampaignRun run;
    private final SplittableRandom random;
    private long attempts;
    private long failures;

    JoinSupervisor(CampaignRun run, SplittableRandom random) {
        this.run = run;
        this.random = random;
    }

    void start(Slot s) {
        attempt(s, s.generation);
    }

    private void attempt(Slot s, int gen) {
        SimNetwork sim = run.sim();
        if (s.generation != gen || !s.running()) {
            return;
        }
        List<SimNode> seeds = seeds(s);
        if (s.node.isPaused() || seeds.isEmpty()) {
            sim.schedule(Bounds.JOIN_RETRY, () -> attempt(s, gen));
            return;
        }
        attempts++;
        SimCompletion<SimNetwork.JoinOutcome> c = sim.join(s.node, seeds.toArray(SimNode[]::new));
        run.note(() -> s.name + " joins through " + seeds.stream().map(SimNode::name).toList());
        poll(s, gen, c);
    }

    private void poll(Slot s, int gen, SimCompletion<SimNetwork.JoinOutcome> c) {
        run.sim().schedule(POLL, () -> {
            if (s.generation != gen) {
                return;
            }
            if (!c.isDone()) {
                poll(s, gen, c);
                return;
            }
            if (c.get().joined() == 0) {
                failures++;
                run.note(() -> s.name + " join failed: " + c.get().errors().values());
                run.sim().schedule(Bounds.JOIN_RETRY, () -> attempt(s, gen));
            }
        });
    }

    private List<SimNode> seeds(Slot s) {
        List<SimNode> candidates = new ArrayList<>();
        for (Slot o : run.slots()) {
            if (o != s && o.running()) {
                candidates.add(o.node);
            }
        }
        List<SimNode> out = new ArrayList<>();
        while (out.size() < 3 && !candidates.isEmpty()) {
            out.add(candidates.remove(random.nextInt(candidates.size())));
        }
        return out;
    }

    void count(Counts c) {
        c.add("rejoins", attempts).add("rejoins failed", failures);
    }
}
