package io.memberlist.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code memberlist leave}: a running agent leaves the cluster gracefully and shuts down. */
@Command(name = "leave", mixinStandardHelpOptions = true,
        description = "Ask a running agent to leave the cluster gracefully; the agent then exits.")
final class LeaveCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    HttpOption http;

    @Override
    public void run() {
        http.client().leave();
        spec.commandLine().getOut().println("agent at " + http.http + " left the cluster");
    }
}
