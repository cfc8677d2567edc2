package io.memberlist.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code memberlist}: the command-line tool. Exit codes: 0 ok, 1 runtime error, 2 usage error
 * (bad option or argument; the message says which and why).
 */
@Command(name = "memberlist",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Gossip membership and failure detection (SWIM + Lifeguard), wire-compatible with "
                + "HashiCorp memberlist.",
        subcommands = {
            AgentCommand.class,
            MembersCommand.class,
            JoinCommand.class,
            LeaveCommand.class,
            DemoCommand.class,
            KeygenCommand.class,
            SimCommand.class,
            VersionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_RUNTIME = 1;
    static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: missing command");
        spec.commandLine().usage(err);
        return EXIT_USAGE;
    }

    public static void main(String[] args) {
        // the library logs through slf4j; the tool prints its own lines and keeps the library quiet
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line with this tool's error handling; tests use it with their own writers. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // a usage error: the message and where to read more, rather than the whole help
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            if (ex instanceof CliException || ex instanceof IllegalArgumentException) {
                err.println("error: " + ex.getMessage());
            } else {
                err.println("error: " + ex);
                if (System.getenv("MEMBERLIST_DEBUG") != null) {
                    ex.printStackTrace(err);
                }
            }
            err.flush();
            return EXIT_RUNTIME;
        });
        return cl;
    }

    /** Exits the JVM; the agent uses it after a signal, so that the process status is ours. */
    static void exit(int code) {
        System.exit(code);
    }
}
