package io.memberlist.cli;

import io.memberlist.Config;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.EventListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code memberlist demo}: a small real cluster on loopback in this process. It starts the
 * members, joins them, then crashes one (stops it without leaving) and shows the others suspect it
 * and declare it dead, then has another leave gracefully, and prints a summary.
 *
 * <p>The membership table shows each member as the first member sees it, with the member's own
 * health score and how many running members see it alive. On a terminal it is redrawn in place with
 * ANSI escapes; otherwise (output redirected, {@code System.console() == null}, or {@code --plain})
 * it is printed as plain lines at each step.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start a small cluster on loopback, crash one member, make one leave, and show what "
                + "the others see.")
final class DemoCommand implements Callable<Integer> {
    private static final long REFRESH_MILLIS = 200;

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "5",
            description = "How many members to start, 3 to 32 (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--preset", paramLabel = "PRESET", defaultValue = "local", converter = Preset.Converter.class,
            description = "Timings: local (default; finishes in well under a minute), lan, wan.")
    Preset preset;

    @Option(names = "--plain", description = "Plain lines even on a terminal.")
    boolean plain;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Give up (exit 1) when a step takes longer than this (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    private final List<Runner> members = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private Screen screen;
    private long start;

    @Override
    public Integer call() throws Exception {
        if (nodes < 3 || nodes > 32) {
            throw new ParameterException(spec.commandLine(), "--nodes must be between 3 and 32, was " + nodes);
        }
        if (timeoutSeconds <= 0) {
            throw new ParameterException(spec.commandLine(), "--timeout must be positive, was " + timeoutSeconds);
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean ansi = !plain && System.console() != null && !"dumb".equals(System.getenv("TERM"));
        screen = ansi ? new Screen.Ansi(out) : new Screen.Plain(out);
        start = System.nanoTime();
        try {
            return run();
        } finally {
            for (Runner r : members) {
                r.stop(false);
            }
        }
    }

    private int run() throws Exception {
        event("starting " + nodes + " members on 127.0.0.1 (preset " + preset.cliName() + ")");
        for (int i = 0; i < nodes; i++) {
            members.add(Runner.start("node-" + i, preset));
        }
        String seed = members.get(0).node.gossipAddress().toString();
        for (int i = 1; i < nodes; i++) {
            members.get(i).node.join(List.of(seed));
        }
        long t = System.nanoTime();
        if (!await(() -> running().stream().allMatch(r -> r.node.members().size() == nodes))) {
            return fail("the members did not all see each other");
        }
        event("all " + nodes + " members see each other after " + since(t));
        screen.step(table(), events);

        Runner crashed = members.get(nodes - 1);
        t = System.nanoTime();
        crashed.stop(true);
        event(crashed.name + " crashed (stopped without leaving)");
        screen.step(table(), events);
        if (!await(() -> seenAs(crashed.name, MemberState.SUSPECT) || seenByAll(crashed.name, MemberState.DEAD))) {
            return fail(crashed.name + " was never suspected");
        }
        String suspectAfter = since(t);
        if (seenAs(crashed.name, MemberState.SUSPECT)) {
            event(crashed.name + " suspect after " + suspectAfter);
            screen.step(table(), events);
        }
        if (!await(() -> seenByAll(crashed.name, MemberState.DEAD))) {
            return fail(crashed.name + " was not declared dead by every member");
        }
        String deadAfter = since(t);
        event(crashed.name + " dead after " + deadAfter + " (seen by every running member)");
        screen.step(table(), events);

        Runner leaving = members.get(nodes - 2);
        t = System.nanoTime();
        event(leaving.name + " leaving gracefully");
        screen.step(table(), events);
        leaving.node.leave(Duration.ofSeconds(5));
        leaving.stop(false);
        if (!await(() -> seenByAll(leaving.name, MemberState.LEFT))) {
            return fail(leaving.name + "'s departure did not reach every member");
        }
        String leftAfter = since(t);
        event(leaving.name + " left after " + leftAfter + " (seen by every running member)");
        screen.step(table(), events);

        PrintWriter out = spec.commandLine().getOut();
        out.println();
        out.println("summary: " + nodes + " members started; " + crashed.name + " crashed: suspect after "
                + suspectAfter + ", dead after " + deadAfter + "; " + leaving.name + " left: seen after "
                + leftAfter + "; " + running().size() + (running().size() == 1 ? " member" : " members") + " still alive (" + since(start) + " in all)");
        out.flush();
        return Main.EXIT_OK;
    }

    private int fail(String what) {
        event("giving up: " + what + " within " + timeoutSeconds + " s");
        screen.step(table(), events);
        return Main.EXIT_RUNTIME;
    }

    /** Polls, redrawing the table on a terminal, until the condition holds or the step times out. */
    private boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            screen.tick(table(), events);
            Thread.sleep(REFRESH_MILLIS);
        }
        return true;
    }

    private List<Runner> running() {
        return members.stream().filter(r -> r.running).toList();
    }

    /** Whether some running member sees {@code name} in this state. */
    private boolean seenAs(String name, MemberState state) {
        return running().stream().anyMatch(r -> state == r.stateOf(name));
    }

    /** Whether every running member sees {@code name} in this state. */
    private boolean seenByAll(String name, MemberState state) {
        return running().stream().allMatch(r -> state == r.stateOf(name));
    }

    private List<String> table() {
        Runner observer = running().isEmpty() ? null : running().get(0);
        MemberTable t = new MemberTable("NAME", "ADDRESS", "STATE", "INCARNATION", "HEALTH", "SEEN ALIVE BY");
        for (Runner r : members) {
            Member seen = observer == null ? null : observer.member(r.name);
            long aliveBy = running().stream().filter(o -> o.stateOf(r.name) == MemberState.ALIVE).count();
            t.row(r.name, r.address,
                    seen == null ? "-" : seen.state().name().toLowerCase(Locale.ROOT),
                    seen == null ? "-" : seen.incarnation(),
                    r.running ? r.node.healthScore() : (r.crashed ? "crashed" : "left"),
                    aliveBy + "/" + running().size());
        }
        List<String> lines = new ArrayList<>();
        lines.add("membership as " + (observer == null ? "nobody" : observer.name) + " sees it, at " + since(start) + ":");
        lines.addAll(t.lines());
        return lines;
    }

    private void event(String what) {
        String line = "[" + since(start) + "] " + what;
        events.add(line);
        screen.event(line);
    }

    private static String since(long t0) {
        return String.format(Locale.ROOT, "%.1fs", (System.nanoTime() - t0) / 1e9);
    }

    /** One member of the demo cluster and what it has seen. */
    private static final class Runner {
        final String name;
        final ClusterNode node;
        final MembershipView view;
        final String address;
        volatile boolean running = true;
        volatile boolean crashed;

        private Runner(String name, ClusterNode node, MembershipView view) {
            this.name = name;
            this.node = node;
            this.view = view;
            this.address = node.gossipAddress().toString();
        }

        static Runner start(String name, Preset preset) throws Exception {
            MembershipView view = new MembershipView(new EventListener() {});
            Config config = preset.builder().name(name).bindAddr("127.0.0.1").bindPort(0).events(view).build();
            return new Runner(name, ClusterNode.start(config), view);
        }

        /** This member's view of {@code other}: live members first, then those it saw go. */
        Member member(String other) {
            if (!running) {
                return null;
            }
            for (Member m : node.members()) {
                if (m.name().equals(other)) {
                    return m;
                }
            }
            return view.departed(other);
        }

        MemberState stateOf(String other) {
            Member m = member(other);
            return m == null ? null : m.state();
        }

        /** Closes the member; {@code crash} only changes how the table labels it. */
        void stop(boolean crash) {
            if (running) {
                running = false;
                crashed = crash;
                node.close();
            }
        }
    }
}
