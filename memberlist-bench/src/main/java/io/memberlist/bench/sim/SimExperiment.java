package io.memberlist.bench.sim;

import java.io.IOException;
import java.util.List;

/**
 * One named simulator experiment: it runs, writes its pictures (SVG) and numbers (CSV) into the
 * output directory and returns a few summary lines for the console.
 */
public interface SimExperiment {
    String name();

    /** One line for the command's help. */
    String description();

    List<String> run(SimOptions options) throws IOException;
}
