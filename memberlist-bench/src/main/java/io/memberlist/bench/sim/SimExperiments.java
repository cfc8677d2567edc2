package io.memberlist.bench.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The named experiments, for {@code bin/memberlist sim} (memberlist-cli) and for running without
 * the command-line tool: {@code java -cp memberlist-bench/target/benchmarks.jar
 * io.memberlist.bench.sim.SimExperiments NAME [OUT_DIR] [--quick] [--seed=S] [--sizes=N,...] [--view=V]}.
 */
public final class SimExperiments {
    private SimExperiments() {}

    /** Every experiment, in the order {@code all} runs them. */
    public static List<SimExperiment> all() {
        return List.of(new ConvergenceExperiment(), new DisseminationExperiment(), new LifeguardExperiment(),
                new CrashExperiment(), new ThroughputExperiment(), new RefusedConnectionExperiment(),
                new GrayFailureExperiment(), new SelfFenceExperiment(), new LoneSuspicionExperiment());
    }

    public static SimExperiment byName(String name) {
        for (SimExperiment e : all()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("no experiment named '" + name + "'; known: " + names());
    }

    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (SimExperiment e : all()) {
            out.add(e.name());
        }
        return out;
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: SimExperiments NAME|all [OUT_DIR] [--quick]; names: " + names());
            System.exit(2);
        }
        boolean quick = false;
        long seed = 1;
        int view = 32;
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--quick")) {
                quick = true;
            } else if (a.startsWith("--seed=")) {
                seed = Long.parseLong(a.substring(7));
            } else if (a.startsWith("--view=")) {
                view = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("--sizes=")) {
                for (String n : a.substring(8).split(",")) {
                    sizes.add(Integer.parseInt(n.trim()));
                }
            }
        }
        Path out = Path.of(args.length > 1 && !args[1].startsWith("--") ? args[1] : "sim-out");
        Files.createDirectories(out);
        SimOptions o = new SimOptions(out, seed, quick, sizes, view, System.out::println);
        List<SimExperiment> run = args[0].equals("all") ? all() : List.of(byName(args[0]));
        for (SimExperiment e : run) {
            for (String line : e.run(o)) {
                System.out.println(line);
            }
        }
    }
}
