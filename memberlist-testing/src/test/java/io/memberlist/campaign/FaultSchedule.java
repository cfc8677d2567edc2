package io.memberlist.campaign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A seed's plan: every fault and workload step over the fault window, sorted by start tick,
 * drawn by {@link #draw}. The rules the generator follows are the campaign's promise of what a
 * schedule contains (docs/TESTING.md, "The generator's rules"):
 *
 * <ul>
 *   <li>faults start after a warm-up ({@link #warmupTicks}: the cluster forms on a quiet network)
 *       and every interval fault ends by the end of the window; restarts happen within it too;
 *   <li>faults arrive as a Poisson process at a per-seed rate drawn log-uniformly in
 *       [{@link #MIN_RATE}, {@link #MAX_RATE}] per second (calm seeds as often as stormy ones),
 *       kinds by fixed weights ({@link #WEIGHTS});
 *   <li>loss bursts are "tolerated" (at most the loss threshold) in 70% of the draws and heavy
 *       (up to 60%) in the rest; heavy bursts are recorded as network disturbances, under which
 *       the no-false-death checker does not apply (its precondition, not an exclusion);
 *   <li>a crash or leave is skipped when it would leave fewer than half of the names running
 *       (decided when it would happen: {@link CampaignRun}); a fault aimed at a member that is
 *       down is skipped, and user commands aimed at a paused member too (its application is
 *       paused with it).
 * </ul>
 */
record FaultSchedule(List<Fault> faults, int ticks, int warmupTicks, double ratePerSecond) {
    static final double MIN_RATE = 0.05;
    static final double MAX_RATE = 1.5;

    /** Relative weights of the fault kinds, in the order of {@link Kind}. */
    static final int[] WEIGHTS = {10, 5, 5, 6, 6, 6, 5, 5, 8, 6, 8, 4, 8, 10, 10};

    enum Kind {
        LOSS, DUPLICATION, REORDERING, LATENCY, PARTITION, ONE_WAY, PACKET_CUT, STREAM_CUT, PAUSE, SLOW,
        CRASH, LEAVE, META, BROADCAST, MESSAGE
    }

    static FaultSchedule draw(SplittableRandom r, int members, int ticks, double lossThreshold) {
        int warmup = Math.min(300, ticks / 10);
        // Log-uniform: calm seeds (a few faults, long clean stretches) as often as stormy ones.
        double rate = MIN_RATE * Math.pow(MAX_RATE / MIN_RATE, r.nextDouble());
        double perTick = rate * CampaignRun.TICK.toNanos() / 1e9;
        List<Fault> out = new ArrayList<>();
        int total = 0;
        for (int w : WEIGHTS) {
            total += w;
        }
        double t = warmup;
        while (true) {
            t += -Math.log(1 - r.nextDouble()) / perTick; // Poisson arrivals
            int at = (int) t;
            if (at >= ticks) {
                break;
            }
            int room = ticks - at;
            out.add(one(r, pick(r, total), at, room, members, lossThreshold));
        }
        out.sort(Comparator.comparingInt(Fault::at));
        return new FaultSchedule(List.copyOf(out), ticks, warmup, rate);
    }

    private static Kind pick(SplittableRandom r, int total) {
        int x = r.nextInt(total);
        for (int i = 0; i < WEIGHTS.length; i++) {
            x -= WEIGHTS[i];
            if (x < 0) {
                return Kind.values()[i];
            }
        }
        throw new AssertionError();
    }

    /** A length in ticks between {@code minMs} and {@code maxMs}, clipped to the window. */
    private static int len(SplittableRandom r, int minMs, int maxMs, int room) {
        int ms = minMs + r.nextInt(maxMs - minMs + 1);
        return Math.max(1, Math.min(room, ms / (int) CampaignRun.TICK.toMillis()));
    }

    private static Fault one(SplittableRandom r, Kind kind, int at, int room, int n, double threshold) {
        return switch (kind) {
            case LOSS -> new Fault.LossBurst(at, len(r, 1_000, 10_000, room), r.nextInt(10) < 7
                    ? 0.01 + r.nextDouble() * (threshold - 0.01)
                    : threshold + 0.01 + r.nextDouble() * (0.6 - threshold - 0.01));
            case DUPLICATION -> new Fault.Duplication(at, len(r, 1_000, 10_000, room), 0.01 + r.nextDouble() * 0.19);
            case REORDERING -> new Fault.Reordering(at, len(r, 1_000, 10_000, room), 0.05 + r.nextDouble() * 0.45,
                    1 + r.nextInt(50));
            case LATENCY -> new Fault.LatencySpike(at, len(r, 1_000, 5_000, room), 5 + r.nextInt(146), r.nextInt(51));
            case PARTITION -> new Fault.Partition(at, len(r, 2_000, 25_000, room), subset(r, n, 1 + r.nextInt(Math.max(1, n / 2))));
            case ONE_WAY -> {
                List<Integer> from = subset(r, n, 1 + r.nextInt(Math.max(1, n / 4)));
                List<Integer> to = new ArrayList<>(subset(r, n, 1 + r.nextInt(Math.max(1, n / 4))));
                to.removeAll(from);
                if (to.isEmpty()) {
                    to.add(other(r, n, from.get(0)));
                }
                yield new Fault.OneWayCut(at, len(r, 2_000, 25_000, room), from, List.copyOf(to));
            }
            case PACKET_CUT -> {
                int a = r.nextInt(n);
                yield new Fault.PacketCut(at, len(r, 2_000, 25_000, room), a, other(r, n, a));
            }
            case STREAM_CUT -> {
                int a = r.nextInt(n);
                yield new Fault.StreamCut(at, len(r, 2_000, 25_000, room), a, other(r, n, a));
            }
            case PAUSE -> new Fault.Pause(at, len(r, 200, 8_000, room), r.nextInt(n));
            case SLOW -> new Fault.Slow(at, len(r, 2_000, 20_000, room), r.nextInt(n), 20 + r.nextInt(1_481));
            case CRASH -> new Fault.Crash(at, r.nextInt(n), downTicks(r, room), r.nextInt(10) < 3);
            case LEAVE -> new Fault.Leave(at, r.nextInt(n), r.nextInt(10) < 6 ? len(r, 2_000, 20_000, room) : -1,
                    r.nextInt(10) < 3);
            case META -> new Fault.MetaUpdate(at, r.nextInt(n));
            case BROADCAST -> new Fault.UserBroadcast(at, r.nextInt(n), 1 + r.nextInt(300));
            case MESSAGE -> {
                int a = r.nextInt(n);
                yield new Fault.UserMessage(at, a, other(r, n, a), r.nextBoolean(), 1 + r.nextInt(300));
            }
        };
    }

    /** 70%: back after 1 to 20 s (within the window); 30%: stays down. */
    private static int downTicks(SplittableRandom r, int room) {
        return r.nextInt(10) < 7 ? len(r, 1_000, 20_000, room) : -1;
    }

    private static int other(SplittableRandom r, int n, int not) {
        int x = r.nextInt(n - 1);
        return x >= not ? x + 1 : x;
    }

    /** {@code k} distinct members, in ascending order. */
    private static List<Integer> subset(SplittableRandom r, int n, int k) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + r.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            out.add(idx[i]);
        }
        out.sort(null);
        return List.copyOf(out);
    }

    /** How many faults of each kind, e.g. {@code Crash=3 LossBurst=5}. */
    String summary() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Fault f : faults) {
            counts.merge(f.getClass().getSimpleName(), 1, Integer::sum);
        }
        StringBuilder b = new StringBuilder();
        counts.forEach((k, v) -> b.append(b.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return faults.size() + " faults over " + ticks + " ticks (rate " + String.format("%.2f", ratePerSecond)
                + "/s): " + b;
    }
}
