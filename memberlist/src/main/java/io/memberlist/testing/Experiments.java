package io.memberlist.testing;

import io.memberlist.Config;
import io.memberlist.MemberState;
import io.memberlist.core.MemberEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Whole-cluster measurements on the simulator: how long (virtual time) until every node of a
 * cluster that joined through one seed knows every other, how fast a leave spreads, and how many
 * simulated protocol messages the simulator runs per wall-clock second.
 *
 * <p>Run: {@code java -cp ... io.memberlist.testing.Experiments [sizes...]}.
 */
public final class Experiments {
    private Experiments() {}

    /** The outcome of one convergence run. */
    public record Convergence(String preset, int nodes, long seed, long pairs99Millis, long fullMillis,
            long leaveMillis, long wallMillis, long events, long messages, long packets, long bytes) {
        /** Simulated protocol messages (after compound splitting) per wall-clock second. */
        public double messagesPerWallSecond() {
            return wallMillis == 0 ? 0 : messages * 1000.0 / wallMillis;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "%-5s n=%-5d 99%% pairs %6d ms, all views complete %7s ms, leave seen by all %6s ms | wall %6d ms, "
                    + "%d events, %d messages in %d packets (%.0f messages/s wall), %.1f MB",
                    preset, nodes, pairs99Millis, fullMillis < 0 ? "never" : Long.toString(fullMillis),
                    leaveMillis < 0 ? "-" : Long.toString(leaveMillis), wallMillis, events, messages, packets,
                    messagesPerWallSecond(), bytes / 1e6);
        }
    }

    /**
     * {@code n} nodes start at t = 0 and all join through node 0 at once; runs until every node
     * knows all {@code n} alive (or {@code max}), then node n/2 leaves and the time until every
     * other node saw it leave is measured.
     */
    public static Convergence converge(String presetName, Supplier<Config.Builder> preset, int n, long seed,
            Duration max, boolean realFraming) {
        long wall0 = System.nanoTime();
        SimNetwork sim = SimNetwork.builder().seed(seed).realFraming(realFraming).build();
        ConvergenceTracker tracker = ConvergenceTracker.install(sim, n);
        List<SimNode> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(sim.addNode("node-" + i, preset.get()));
        }
        sim.joinAll(nodes.get(0));
        long[] pairs99 = {-1};
        boolean full = sim.runUntil(s -> {
            if (pairs99[0] < 0 && tracker.pairKnowledge() >= 0.99) {
                pairs99[0] = s.nowNanos();
            }
            return tracker.completeNodes() == n;
        }, max, Duration.ofMillis(10));
        long fullAt = full ? sim.nowNanos() : -1;
        long leaveMillis = -1;
        if (full) {
            SimNode leaver = nodes.get(n / 2);
            int[] seen = {0};
            sim.onEvent((node, e) -> {
                if (node != leaver && e instanceof MemberEvent.Left l && l.member().name().equals(leaver.name())
                        && l.member().state() == MemberState.LEFT) {
                    seen[0]++;
                }
            });
            long t0 = sim.nowNanos();
            sim.leave(leaver, Duration.ofSeconds(5));
            if (sim.runUntil(s -> seen[0] == n - 1, Duration.ofSeconds(30), Duration.ofMillis(1))) {
                leaveMillis = (sim.nowNanos() - t0) / 1_000_000;
            }
        }
        long wall = (System.nanoTime() - wall0) / 1_000_000;
        SimStats st = sim.stats();
        return new Convergence(presetName, n, seed, pairs99[0] / 1_000_000, fullAt < 0 ? -1 : fullAt / 1_000_000,
                leaveMillis, wall, st.events(), st.messagesDelivered(), st.packetsSent(), st.bytesSent());
    }

    public static void main(String[] args) {
        long seed = 1;
        List<Convergence> results = new ArrayList<>();
        boolean real = !List.of(args).contains("--fast");
        int[] lan = {100, 1000};
        int[] local = {64, 256};
        for (int n : local) {
            Convergence c = converge("local", Config::local, n, seed, Duration.ofMinutes(3), real);
            System.out.println(c);
            results.add(c);
        }
        for (int n : lan) {
            Convergence c = converge("lan", Config::lan, n, seed, Duration.ofMinutes(3), real);
            System.out.println(c);
            results.add(c);
        }
    }
}
