package io.memberlist.bench.sim;

import io.memberlist.Config;
import io.memberlist.testing.ConvergenceTracker;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import io.memberlist.testing.SimStats;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How fast the simulator runs: simulated protocol messages (compound parts delivered to nodes,
 * see {@link SimStats#messagesDelivered()}) and events per second of wall time, for 1,000 nodes
 * (LAN preset, defaults) in three phases: the join (joins spread over the first second, until
 * every node knows every other), the drain (the next 60 s of virtual time, while the join's
 * broadcasts run out) and the steady state (the next 120 s: probes, gossip ticks, push/pulls).
 * Both framings: compound-only (no CRC, compression or encryption on datagrams) and real (the
 * LAN defaults: CRC and LZW compression, no encryption).
 */
final class ThroughputExperiment implements SimExperiment {
    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public String description() {
        return "simulated messages and events per wall second at 1,000 nodes (join, drain, steady), both framings";
    }

    @Override
    public List<String> run(SimOptions o) throws IOException {
        int n = o.quick() ? 300 : 1000;
        CsvTable csv = new CsvTable("framing", "n", "phase", "virtual_s", "wall_s", "events", "datagrams", "messages",
                "messages_per_wall_s", "events_per_wall_s", "heap_mb");
        List<String> summary = new ArrayList<>();
        for (boolean real : new boolean[] {false, true}) {
            SimNetwork sim = SimNetwork.builder().seed(o.seed()).realFraming(real).build();
            ConvergenceTracker tracker = ConvergenceTracker.install(sim, n);
            List<SimNode> nodes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                nodes.add(sim.addNode("node-" + i, Config.lan()));
            }
            for (int i = 1; i < n; i++) {
                SimNode joiner = nodes.get(i);
                sim.schedule(Duration.ofNanos(1_000_000_000L * (i - 1) / (n - 1)), () -> sim.join(joiner, nodes.get(0)));
            }
            String framing = real ? "real" : "compound-only";
            Phase p = Phase.start(sim);
            boolean ok = sim.runUntil(s -> tracker.completeNodes() == n, Duration.ofSeconds(300), Duration.ofMillis(100));
            summary.add(p.end(csv, framing, n, ok ? "join" : "join (not converged)", o));
            p = Phase.start(sim);
            sim.runFor(Duration.ofSeconds(60));
            summary.add(p.end(csv, framing, n, "drain", o));
            p = Phase.start(sim);
            sim.runFor(Duration.ofSeconds(120));
            summary.add(p.end(csv, framing, n, "steady", o));
        }
        csv.write(o.out().resolve("throughput.csv"));
        return summary;
    }

    private record Phase(SimNetwork sim, long wall0, long virtual0, long events0, long datagrams0, long messages0) {
        static Phase start(SimNetwork sim) {
            SimStats s = sim.stats();
            return new Phase(sim, System.nanoTime(), sim.nowNanos(), s.events(), s.packetsDelivered(), s.messagesDelivered());
        }

        String end(CsvTable csv, String framing, int n, String phase, SimOptions o) {
            SimStats s = sim.stats();
            double wall = (System.nanoTime() - wall0) / 1e9;
            double virtual = (sim.nowNanos() - virtual0) / 1e9;
            long events = s.events() - events0;
            long datagrams = s.packetsDelivered() - datagrams0;
            long messages = s.messagesDelivered() - messages0;
            Runtime rt = Runtime.getRuntime();
            long heap = (rt.totalMemory() - rt.freeMemory()) / 1_000_000;
            csv.row(framing, n, phase, virtual, wall, events, datagrams, messages, messages / wall, events / wall, heap);
            String line = String.format(Locale.ROOT,
                    "throughput %s n=%d %s: %.1f s virtual in %.1f s wall, %,d messages in %,d datagrams, %,.0f messages/s, %,.0f events/s (heap %d MB)",
                    framing, n, phase, virtual, wall, messages, datagrams, messages / wall, events / wall, heap);
            o.say(line);
            return line;
        }
    }
}
