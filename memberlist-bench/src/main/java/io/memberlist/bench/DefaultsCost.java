package io.memberlist.bench;

import io.memberlist.Config;
import io.memberlist.MemberState;
import io.memberlist.core.MemberEvent;
import io.memberlist.testing.ConvergenceTracker;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import io.memberlist.testing.SimStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * What our two default additions cost and buy (README, "Defaults that are ours"): a mass join of
 * {@code n} nodes through one seed, then one graceful leave, in the deterministic simulator
 * (virtual time, 1 ms links, no loss), with each combination of {@code selfAnnounceFanout} and
 * {@code syncAfterGossipWave}. Packets and bytes are counted in fixed windows (the join window from
 * t = 0, the leave window from the leave), so the periodic probe traffic is the same in every
 * variant and the differences are what the additions send (or save).
 *
 * <p>Run: {@code java -cp memberlist-bench/target/benchmarks.jar io.memberlist.bench.DefaultsCost
 * [nodes] [seeds]} (defaults 64 and 8). A command, not a test: it asserts nothing.
 */
public final class DefaultsCost {
    private static final Duration JOIN_WINDOW = Duration.ofSeconds(90);
    private static final Duration LEAVE_WINDOW = Duration.ofSeconds(30);

    private DefaultsCost() {}

    /** One run's figures; times are -1 when not reached within the window. */
    record Run(long joinPackets, long joinBytes, long joinStreams, long convergedMillis,
            long leavePackets, long leaveBytes, long leaveStreams, long leaveSeenMillis) {}

    record Variant(String name, UnaryOperator<Config.Builder> tune) {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        List<Variant> variants = List.of(
                new Variant("ours (both on)", b -> b),
                new Variant("fanout off", b -> b.selfAnnounceFanout(0)),
                new Variant("sync off", b -> b.syncAfterGossipWave(false)),
                new Variant("goCompatible", Config.Builder::goCompatible));
        System.out.printf(Locale.ROOT, "n=%d, %d seeds, local preset; join window %d s, leave window %d s%n",
                n, seeds, JOIN_WINDOW.toSeconds(), LEAVE_WINDOW.toSeconds());
        List<double[]> means = new ArrayList<>();
        for (Variant v : variants) {
            List<Run> runs = new ArrayList<>();
            for (long seed = 1; seed <= seeds; seed++) {
                runs.add(run(n, seed, v.tune()));
            }
            double[] m = {
                mean(runs, r -> r.joinPackets()), mean(runs, r -> r.joinBytes()), mean(runs, r -> r.joinStreams()),
                mean(runs, r -> r.leavePackets()), mean(runs, r -> r.leaveBytes()), mean(runs, r -> r.leaveStreams())
            };
            means.add(m);
            System.out.printf(Locale.ROOT,
                    "%-15s join: %8.0f packets %10.0f B %6.1f streams, converged %s ms | leave: %7.0f packets"
                    + " %9.0f B %5.1f streams, seen by all %s ms%n",
                    v.name(), m[0], m[1], m[2], times(runs, true), m[3], m[4], m[5], times(runs, false));
        }
        double[] go = means.get(means.size() - 1);
        for (int i = 0; i < variants.size() - 1; i++) {
            double[] m = means.get(i);
            System.out.printf(Locale.ROOT,
                    "%-15s vs goCompatible: join %+.0f packets (%+.1f per joining node), %+.0f B, %+.1f streams;"
                    + " leave %+.0f packets, %+.0f B%n",
                    variants.get(i).name(), m[0] - go[0], (m[0] - go[0]) / (n - 1), m[1] - go[1], m[2] - go[2],
                    m[3] - go[3], m[4] - go[4]);
        }
    }

    static Run run(int n, long seed, UnaryOperator<Config.Builder> tune) {
        SimNetwork sim = SimNetwork.builder().seed(seed).build();
        ConvergenceTracker tracker = ConvergenceTracker.install(sim, n);
        List<SimNode> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(sim.addNode("node-" + i, tune.apply(Config.local())));
        }
        sim.joinAll(nodes.get(0));
        long[] converged = {-1};
        sim.observe(1, s -> {
            if (converged[0] < 0 && tracker.completeNodes() == n) {
                converged[0] = s.nowNanos() / 1_000_000;
            }
        });
        sim.runUntilTime(JOIN_WINDOW.toNanos());
        SimStats st = sim.stats();
        long p0 = st.packetsSent();
        long b0 = st.bytesSent() + st.streamBytes();
        long s0 = st.streamsOpened();

        SimNode leaver = nodes.get(n / 2);
        int[] seen = {0};
        long[] seenAt = {-1};
        long t0 = sim.nowNanos();
        sim.onEvent((node, e) -> {
            if (node != leaver && e instanceof MemberEvent.Left l && l.member().name().equals(leaver.name())
                    && l.member().state() == MemberState.LEFT && ++seen[0] == n - 1) {
                seenAt[0] = (sim.nowNanos() - t0) / 1_000_000;
            }
        });
        sim.leave(leaver, Duration.ofSeconds(5));
        sim.runFor(LEAVE_WINDOW);
        st = sim.stats();
        return new Run(p0, b0, s0, converged[0], st.packetsSent() - p0, st.bytesSent() + st.streamBytes() - b0,
                st.streamsOpened() - s0, seenAt[0]);
    }

    private static double mean(List<Run> runs, java.util.function.ToLongFunction<Run> f) {
        return runs.stream().mapToLong(f).average().orElse(0);
    }

    /** Median and maximum over the runs ("never" when some run did not get there). */
    private static String times(List<Run> runs, boolean join) {
        List<Long> t = new ArrayList<>();
        for (Run r : runs) {
            long v = join ? r.convergedMillis() : r.leaveSeenMillis();
            t.add(v < 0 ? Long.MAX_VALUE : v);
        }
        t.sort(null);
        long med = t.get(t.size() / 2);
        long max = t.get(t.size() - 1);
        return (med == Long.MAX_VALUE ? "never" : Long.toString(med)) + " / "
                + (max == Long.MAX_VALUE ? "never" : Long.toString(max));
    }
}
