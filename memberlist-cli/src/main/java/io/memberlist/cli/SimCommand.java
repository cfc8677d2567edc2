package io.memberlist.cli;

import io.memberlist.bench.sim.SimExperiment;
import io.memberlist.bench.sim.SimExperiments;
import io.memberlist.bench.sim.SimOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code memberlist sim EXPERIMENT}: runs a named simulator experiment (memberlist-bench's
 * {@code io.memberlist.bench.sim}) and writes its SVG pictures and CSV numbers into a directory.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Run a simulator experiment (virtual time, one JVM) and write its SVG and CSV files.",
            "Experiments: convergence, dissemination, lifeguard, crash, throughput, refused, gray, fence, lone, or all.",
            "100,000 nodes want memory: JAVA_OPTS='-Xms8g -Xmx8g -XX:+UseParallelGC -XX:MaxTenuringThreshold=1'."})
final class SimCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "convergence | dissemination | lifeguard | crash | throughput | refused | gray | fence | lone | all")
    String experiment;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: sim-<experiment>).")
    Path out;

    @Option(names = "--seed", description = "First seed (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = "--quick", description = "Smaller sizes and shorter runs: a smoke run.")
    boolean quick;

    @Option(names = "--sizes", split = ",", paramLabel = "N",
            description = "Cluster sizes for dissemination (default 1000,10000,100000).")
    List<Integer> sizes = new ArrayList<>();

    @Option(names = "--view", paramLabel = "V", defaultValue = "32",
            description = "Members each node knows when the cluster is too big for full views (default: ${DEFAULT-VALUE}).")
    int view;

    @Override
    public Integer call() throws IOException {
        if (!experiment.equals("all") && !SimExperiments.names().contains(experiment)) {
            throw new ParameterException(spec.commandLine(), "unknown experiment '" + experiment + "'; known: "
                    + String.join(", ", SimExperiments.names()) + ", all");
        }
        List<SimExperiment> run = experiment.equals("all") ? SimExperiments.all() : List.of(SimExperiments.byName(experiment));
        Path dir = out != null ? out : Path.of("sim-" + experiment);
        Files.createDirectories(dir);
        PrintWriter console = spec.commandLine().getOut();
        SimOptions o = new SimOptions(dir, seed, quick, sizes, view, line -> {
            console.println(line);
            console.flush();
        });
        for (SimExperiment e : run) {
            console.println("== " + e.name() + ": " + e.description());
            console.flush();
            e.run(o);
        }
        console.println("wrote " + dir.toAbsolutePath());
        return Main.EXIT_OK;
    }
}
