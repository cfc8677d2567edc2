package io.memberlist.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.BroadcastQueue;
import io.memberlist.Config;
import io.memberlist.Delegate;
import io.memberlist.UniqueBroadcast;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserBroadcastScenarioTest {
    /** An application that gossips its own messages through the delegate, re-broadcasting what it hears once. */
    static final class Gossiping implements Delegate {
        final BroadcastQueue queue;
        final Set<String> seen = new HashSet<>();

        Gossiping(SimNetwork sim, int n) {
            this.queue = new BroadcastQueue(() -> n, 4);
        }

        void publish(String text) {
            seen.add(text);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            queue.queue((UniqueBroadcast) () -> bytes);
        }

        @Override
        public void notifyMessage(byte[] message) {
            String text = new String(message, StandardCharsets.UTF_8);
            if (seen.add(text)) {
                queue.queue((UniqueBroadcast) () -> message);
            }
        }

        @Override
        public List<byte[]> getBroadcasts(int overhead, int limit) {
            return queue.getBroadcasts(overhead, limit);
        }
    }

    @Test
    void userBroadcastsReachEveryNode() {
        int n = 40;
        SimNetwork sim = SimNetwork.builder().seed(40).build();
        Map<SimNode, Gossiping> apps = new HashMap<>();
        Cluster c = Cluster.of(sim);
        for (int i = 0; i < n; i++) {
            Gossiping g = new Gossiping(sim, n);
            SimNode node = sim.addNode("n" + i, Config.lan().delegate(g));
            c.nodes.add(node);
            apps.put(node, g);
        }
        c.joinAllToSeed();
        c.converge(Duration.ofSeconds(10));
        // Views are complete within milliseconds (self-announcement) while the join wave's
        // alive messages still fill every gossip packet; publish once that has settled, so this
        // measures user-broadcast spreading rather than how it queues behind the join wave.
        sim.runFor(Duration.ofSeconds(2));
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String t = "hello-" + i;
            texts.add(t);
            apps.get(c.nodes.get(i * 7)).publish(t);
        }
        long t0 = sim.nowNanos();
        boolean all = sim.runUntil(s -> apps.values().stream().allMatch(g -> g.seen.containsAll(texts)),
                Duration.ofSeconds(10), Duration.ofMillis(1));
        System.out.printf("user broadcast: 5 messages at all %d nodes after %d ms%n", n, (sim.nowNanos() - t0) / 1_000_000);
        assertThat(all).isTrue();
    }
}
