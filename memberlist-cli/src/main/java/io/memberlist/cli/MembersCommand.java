package io.memberlist.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memberlist members}: the members a running agent knows, as a table or JSON, once or as they change. */
@Command(name = "members", mixinStandardHelpOptions = true,
        description = "Ask a running agent for the members it knows and print them.")
final class MembersCommand implements Runnable {
    enum Status { alive, suspect, dead, left }

    @Spec
    CommandSpec spec;

    @Mixin
    HttpOption http;

    @Option(names = "--json", description = "Print the agent's JSON instead of a table "
            + "(with --watch: one JSON object per line, the snapshot and then each change).")
    boolean json;

    @Option(names = "--status", paramLabel = "STATE",
            description = "Only members in this state: ${COMPLETION-CANDIDATES}.")
    Status status;

    @Option(names = "--watch", description = "Print the table, then one line per change (joined, suspect, alive, "
            + "dead, left, updated) as the agent sees it, until the agent stops or Ctrl-C.")
    boolean watch;

    @Override
    public void run() {
        AgentClient client = http.client();
        String filter = status == null ? null : status.name();
        PrintWriter out = spec.commandLine().getOut();
        if (watch) {
            client.watch(e -> watchEvent(out, e, filter));
        } else if (json) {
            out.println(client.membersJson(filter));
        } else {
            MemberTable.of(client.members(filter)).forEach(out::println);
        }
    }

    private void watchEvent(PrintWriter out, SseParser.Event e, String filter) {
        switch (e.name()) {
            case "snapshot" -> {
                Object snapshot = JsonCodec.parse(e.data());
                List<MemberInfo> members = new ArrayList<>();
                if (snapshot instanceof Map<?, ?> m && m.get("members") instanceof List<?> list) {
                    for (Object o : list) {
                        MemberInfo i = MemberInfo.fromJson(o);
                        if (filter == null || i.stateName().equals(filter)) {
                            members.add(i);
                        }
                    }
                }
                if (json) {
                    out.println(JsonCodec.write(snapshot));
                } else {
                    MemberTable.of(members).forEach(out::println);
                }
            }
            case "member" -> {
                MemberEvent ev = MemberEvent.fromJson(JsonCodec.parse(e.data()));
                if (filter != null && !ev.member().stateName().equals(filter)) {
                    return;
                }
                out.println(json ? e.data() : line(ev));
            }
            default -> {
                return; // stats: for the web page
            }
        }
        out.flush();
    }

    /** {@code 2025-01-02T03:04:05.678Z  suspect  node-b 10.0.0.2:7946 incarnation 3 [meta]}. */
    static String line(MemberEvent e) {
        MemberInfo m = e.member();
        String meta = m.meta().length == 0 ? "" : m.metaText() != null ? " meta=" + m.metaText()
                : " meta=(" + m.meta().length + " bytes)";
        return Instant.ofEpochMilli(e.timeMillis()) + "  " + String.format("%-7s", e.type()) + "  " + m.name() + " "
                + m.hostPort() + " incarnation " + m.incarnation() + meta;
    }
}
