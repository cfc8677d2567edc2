package io.memberlist.bench.sim;

import io.memberlist.Config;
import io.memberlist.MemberState;
import io.memberlist.core.MemberEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import io.memberlist.testing.ConvergenceTracker;
import io.memberlist.testing.SimCompletion;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import io.memberlist.testing.SimStats;
import java.util.function.Supplier;

/**
 * Whole-cluster measurements on the simulator: how long (virtual time) until every node of a
 * cluster that joined through one seed knows every other, how fast a leave spreads, and how many
 * simulated protocol messages the simulator runs per wall-clock second.
 *
 * <p>Run: {@code java -cp memberlist-bench/target/benchmarks.jar io.memberlist.bench.sim.Experiments [--fast]}, or
 * {@code ... Experiments tail [seeds] [loss]} for the tail experiment (64 and 256 nodes, local
 * preset, self-announcement off and on).
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
                leaveMillis, wall, st.events(), st.packetsDelivered(), st.packetsSent(), st.bytesSent());
    }

    /**
     * One run of the tail experiment: everything in virtual time, bytes are datagram plus stream
     * bytes, averaged over the nodes that were running.
     *
     * @param fullMillis when every node knew all {@code n} alive, -1 if not within the limit
     * @param leaveMillis from the leave until every other node saw the leaver LEFT, -1 if not
     *     within 30 s
     * @param joinBytesPerNode sent in the join window (the first {@link #JOIN_WINDOW})
     * @param idleBytesPerNode sent in {@link #IDLE_WINDOW} of idling after the leave
     */
    public record TailRun(int nodes, long seed, int fanout, long fullMillis, long leaveMillis,
            long joinBytesPerNode, long idleBytesPerNode, long wallMillis) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "n=%-4d fanout=%-4d seed=%-3d full %7s ms, leave %6s ms, join %8d B/node, idle %8d B/node"
                    + " (wall %d ms)", nodes, fanout, seed,
                    fullMillis < 0 ? "never" : Long.toString(fullMillis),
                    leaveMillis < 0 ? "never" : Long.toString(leaveMillis), joinBytesPerNode,
                    idleBytesPerNode, wallMillis);
        }
    }

    /** Bytes "during the join" are those sent in this window from the mass join. */
    public static final Duration JOIN_WINDOW = Duration.ofSeconds(5);
    /** Length of the idle period measured after the leave. */
    public static final Duration IDLE_WINDOW = Duration.ofSeconds(60);

    /**
     * The tail experiment: {@code n} nodes with {@code preset} start at t = 0 and all join
     * through node 0 at once. Measures the time until every node knows all {@code n} alive (up
     * to {@code maxJoin}) and the bytes sent per node in the first {@link #JOIN_WINDOW}. Then
     * (at the later of convergence and the end of that window) node n/2 leaves and shuts down as
     * an application would, once {@code leave} reports done (5 s timeout); measured: the time until
     * every other node saw it LEFT (up to 30 s). Then {@link #IDLE_WINDOW} of idling, measuring
     * the bytes sent per running node.
     */
    public static TailRun tail(Supplier<Config.Builder> preset, int n, long seed, Duration maxJoin) {
        return tail(preset, n, seed, maxJoin, 0);
    }

    /** {@link #tail(Supplier, int, long, Duration)} on a network losing each datagram with {@code loss}. */
    public static TailRun tail(Supplier<Config.Builder> preset, int n, long seed, Duration maxJoin, double loss) {
        return tail(preset, n, seed, maxJoin, loss, IDLE_WINDOW);
    }

    /**
     * As {@link #tail(Supplier, int, long, Duration, double)} with another idle period; zero skips
     * the byte measurements altogether (no idle period, and the leave follows convergence at once
     * instead of waiting for the end of the join window): the times only, in less wall time.
     */
    public static TailRun tail(Supplier<Config.Builder> preset, int n, long seed, Duration maxJoin, double loss,
            Duration idle) {
        long wall0 = System.nanoTime();
        SimNetwork sim = SimNetwork.builder().seed(seed).loss(loss).build();
        ConvergenceTracker tracker = ConvergenceTracker.install(sim, n);
        List<SimNode> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(sim.addNode("node-" + i, preset.get()));
        }
        int fanout = nodes.get(0).config().selfAnnounceFanout();
        long window = JOIN_WINDOW.toNanos();
        long[] joinBytes = {-1};
        sim.joinAll(nodes.get(0));
        boolean full = sim.runUntil(s -> {
            if (joinBytes[0] < 0 && s.nowNanos() >= window) {
                joinBytes[0] = totalBytes(s);
            }
            return tracker.completeNodes() == n;
        }, maxJoin, Duration.ofMillis(10));
        long fullMillis = full ? sim.nowNanos() / 1_000_000 : -1;
        if (sim.nowNanos() < window && !idle.isZero()) {
            sim.runUntilTime(window);
        }
        if (joinBytes[0] < 0) {
            joinBytes[0] = totalBytes(sim);
        }

        SimNode leaver = nodes.get(n / 2);
        int[] seen = {0};
        sim.onEvent((node, e) -> {
            if (node != leaver && e instanceof MemberEvent.Left l && l.member().name().equals(leaver.name())
                    && l.member().state() == MemberState.LEFT) {
                seen[0]++;
            }
        });
        long t0 = sim.nowNanos();
        SimCompletion<Void> left = sim.leave(leaver, Duration.ofSeconds(5));
        boolean[] down = {false};
        long leaveMillis = -1;
        if (sim.runUntil(s -> {
            if (!down[0] && left.isDone()) {
                down[0] = true;
                s.shutdown(leaver);
            }
            return seen[0] == n - 1;
        }, Duration.ofSeconds(30), Duration.ofMillis(1))) {
            leaveMillis = (sim.nowNanos() - t0) / 1_000_000;
        }
        if (!down[0]) {
            sim.runUntil(s -> left.isDone(), Duration.ofSeconds(5), Duration.ofMillis(1));
            sim.shutdown(leaver);
        }
        long idle0 = totalBytes(sim);
        sim.runFor(idle);
        long idleBytes = totalBytes(sim) - idle0;
        long idleMillis = idle.toMillis();
        return new TailRun(n, seed, fanout, fullMillis, leaveMillis, idleMillis == 0 ? 0 : joinBytes[0] / n,
                idleMillis == 0 ? 0 : idleBytes / (n - 1),
                (System.nanoTime() - wall0) / 1_000_000);
    }

    private static long totalBytes(SimNetwork sim) {
        return sim.stats().bytesSent() + sim.stats().streamBytes();
    }

    /** Median (upper for an even count) and maximum of {@code values}, where -1 means never. */
    public static String medianMax(List<Long> values) {
        List<Long> sorted = new ArrayList<>();
        for (long v : values) {
            sorted.add(v < 0 ? Long.MAX_VALUE : v);
        }
        sorted.sort(null);
        long med = sorted.get(sorted.size() / 2);
        long max = sorted.get(sorted.size() - 1);
        return "median " + (med == Long.MAX_VALUE ? "never" : med) + ", max "
                + (max == Long.MAX_VALUE ? "never" : max);
    }

    /** The tail experiment over {@code seeds} seeds, printing per-seed lines and a summary. */
    public static List<TailRun> tailSeries(String label, Supplier<Config.Builder> preset, int n, int seeds,
            Duration maxJoin) {
        return tailSeries(label, preset, n, seeds, maxJoin, 0);
    }

    /** {@link #tailSeries(String, Supplier, int, int, Duration)} with datagram loss. */
    public static List<TailRun> tailSeries(String label, Supplier<Config.Builder> preset, int n, int seeds,
            Duration maxJoin, double loss) {
        return tailSeries(label, preset, n, seeds, maxJoin, loss, IDLE_WINDOW);
    }

    /** As {@link #tailSeries(String, Supplier, int, int, Duration, double)} with another idle period. */
    public static List<TailRun> tailSeries(String label, Supplier<Config.Builder> preset, int n, int seeds,
            Duration maxJoin, double loss, Duration idle) {
        List<TailRun> runs = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            TailRun r = tail(preset, n, seed, maxJoin, loss, idle);
            System.out.println(label + " " + r);
            runs.add(r);
        }
        System.out.println(summary(label, runs));
        return runs;
    }

    /** One line: convergence and leave times (median, max), mean bytes per node. */
    public static String summary(String label, List<TailRun> runs) {
        List<Long> full = runs.stream().map(TailRun::fullMillis).toList();
        List<Long> leave = runs.stream().map(TailRun::leaveMillis).toList();
        double join = runs.stream().mapToLong(TailRun::joinBytesPerNode).average().orElse(0);
        double idle = runs.stream().mapToLong(TailRun::idleBytesPerNode).average().orElse(0);
        return String.format(Locale.ROOT, "%s SUMMARY n=%d: full ms %s | leave ms %s | join %.0f B/node | idle %.0f B/node",
                label, runs.get(0).nodes(), medianMax(full), medianMax(leave), join, idle);
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("tail")) {
            int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
            double loss = args.length > 2 ? Double.parseDouble(args[2]) : 0;
            for (int n : new int[] {64, 256}) {
                for (int fanout : new int[] {0, Config.DEFAULT_SELF_ANNOUNCE_FANOUT}) {
                    tailSeries("loss=" + loss + " fanout=" + fanout, () -> Config.local().selfAnnounceFanout(fanout),
                            n, seeds, Duration.ofSeconds(90), loss);
                }
            }
            return;
        }
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
