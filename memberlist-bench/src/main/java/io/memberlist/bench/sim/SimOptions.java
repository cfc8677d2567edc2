package io.memberlist.bench.sim;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What every experiment is given.
 *
 * @param out the directory for the SVG and CSV files (created by the caller)
 * @param seed the first seed; runs that need several use seed, seed + 1, ...
 * @param quick smaller sizes and shorter runs (a smoke run in seconds to a minute)
 * @param sizes the cluster sizes of the dissemination experiment (empty: its default)
 * @param view members each node knows when a cluster is too big for full views (partial views)
 * @param progress where progress lines go (the console)
 */
public record SimOptions(Path out, long seed, boolean quick, List<Integer> sizes, int view, Consumer<String> progress) {
    public SimOptions {
        sizes = List.copyOf(sizes);
        if (view < 4) {
            throw new IllegalArgumentException("view must be >= 4, was " + view);
        }
    }

    void say(String line) {
        progress.accept(line);
    }
}
