package io.memberlist.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memberlist members}: the members a running agent knows, as a table or JSON. */
@Command(name = "members", mixinStandardHelpOptions = true,
        description = "Ask a running agent for the members it knows and print them.")
final class MembersCommand implements Runnable {
    enum Status { alive, suspect, dead, left }

    @Spec
    CommandSpec spec;

    @Mixin
    HttpOption http;

    @Option(names = "--json", description = "Print the agent's JSON instead of a table.")
    boolean json;

    @Option(names = "--status", paramLabel = "STATE",
            description = "Only members in this state: ${COMPLETION-CANDIDATES}.")
    Status status;

    @Override
    public void run() {
        AgentClient client = http.client();
        String filter = status == null ? null : status.name();
        if (json) {
            spec.commandLine().getOut().println(client.membersJson(filter));
            return;
        }
        List<MemberInfo> members = client.members(filter);
        for (String line : MemberTable.of(members)) {
            spec.commandLine().getOut().println(line);
        }
    }
}
