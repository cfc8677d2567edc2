package io.memberlist.bench.soak;

import io.memberlist.transport.EventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The soak's settings, from its command line ({@code -flag value} or {@code -flag=value}; Go-style
 * durations such as {@code 30m}, {@code 30s}, {@code 500ms}).
 */
record SoakOptions(int n, String preset, double loss, long seed, Duration duration, Duration settle,
        Duration sampleEvery, Duration joinTimeout, int threads, Path out, Set<PlantedLeak.Kind> leak) {

    static final String USAGE = """
            usage: Soak [-n 200] [-duration 30m] [-preset lan|local] [-loss 0.01] [-seed 1]
                        [-settle 5m] [-sample 30s] [-join-timeout 180s] [-threads T] [-out DIR]
                        [-plant-leak heap,threads,fds]
              -n             nodes, all in this JVM on 127.0.0.1 (automatic ports)
              -duration      how long to watch the cluster once it has converged
              -loss          probability of dropping a datagram, in each direction
              -settle        samples before this time are shown but not judged
              -sample        sampling period (each sample runs a full GC)
              -out           where to write soak.jsonl, summary.json, summary.txt and the SVG charts
              -plant-leak    leak on purpose (to check that the rules catch it)""";

    static SoakOptions defaults() {
        return new SoakOptions(200, "lan", 0.01, 1, Duration.ofMinutes(30), Duration.ofMinutes(5),
                Duration.ofSeconds(30), Duration.ofSeconds(180), EventLoopGroup.defaultThreads(),
                Path.of("target", "soak"), EnumSet.noneOf(PlantedLeak.Kind.class));
    }

    static SoakOptions parse(String... args) {
        SoakOptions o = defaults();
        int n = o.n;
        String preset = o.preset;
        double loss = o.loss;
        long seed = o.seed;
        Duration duration = o.duration;
        Duration settle = o.settle;
        Duration sample = o.sampleEvery;
        Duration join = o.joinTimeout;
        int threads = o.threads;
        Path out = o.out;
        Set<PlantedLeak.Kind> leak = EnumSet.noneOf(PlantedLeak.Kind.class);
        for (int i = 0; i < args.length; i++) {
            String a = args[i].replaceFirst("^--", "-");
            String v;
            int eq = a.indexOf('=');
            if (eq > 0) {
                v = a.substring(eq + 1);
                a = a.substring(0, eq);
            } else if (i + 1 < args.length) {
                v = args[++i];
            } else {
                throw new IllegalArgumentException("flag " + a + " needs a value\n" + USAGE);
            }
            switch (a) {
                case "-n" -> n = Integer.parseInt(v);
                case "-preset" -> preset = v;
                case "-loss" -> loss = Double.parseDouble(v);
                case "-seed" -> seed = Long.parseLong(v);
                case "-duration" -> duration = duration(v);
                case "-settle" -> settle = duration(v);
                case "-sample" -> sample = duration(v);
                case "-join-timeout" -> join = duration(v);
                case "-threads" -> threads = Integer.parseInt(v);
                case "-out" -> out = Path.of(v);
                case "-plant-leak" -> {
                    for (String k : v.split(",")) {
                        leak.add(PlantedLeak.Kind.valueOf(k.trim().toUpperCase(Locale.ROOT)));
                    }
                }
                default -> throw new IllegalArgumentException("unknown flag " + a + "\n" + USAGE);
            }
        }
        if (n < 2 || n > 4096) {
            throw new IllegalArgumentException("-n must be 2..4096");
        }
        if (!preset.equals("lan") && !preset.equals("local")) {
            throw new IllegalArgumentException("-preset must be lan or local");
        }
        if (sample.isZero() || sample.isNegative() || settle.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("need -sample > 0 and -settle < -duration");
        }
        return new SoakOptions(n, preset, loss, seed, duration, settle, sample, join, threads, out, leak);
    }

    /** Go-style durations: 30m, 30s, 1.5s, 500ms, 1h. */
    static Duration duration(String s) {
        String t = s.trim();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        double v = Double.parseDouble(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofMillis(Math.round(v * 1000));
            case 'm' -> Duration.ofMillis(Math.round(v * 60_000));
            case 'h' -> Duration.ofMillis(Math.round(v * 3_600_000));
            default -> throw new IllegalArgumentException("not a duration (30s, 5m, 500ms): " + s);
        };
    }
}
