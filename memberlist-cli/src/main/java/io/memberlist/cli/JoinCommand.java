package io.memberlist.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memberlist join ADDR...}: makes a running agent join a cluster through these members. */
@Command(name = "join", mixinStandardHelpOptions = true,
        description = "Ask a running agent to join the cluster through these members.")
final class JoinCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    HttpOption http;

    @Parameters(arity = "1..*", paramLabel = "ADDR", converter = AddressConverters.Join.class,
            description = "A member's gossip address HOST[:PORT] (port 7946 when left out).")
    List<HostPort> addresses;

    @Override
    public void run() {
        List<String> addrs = new ArrayList<>();
        for (HostPort a : addresses) {
            addrs.add(a.toString());
        }
        int joined = http.client().join(addrs);
        spec.commandLine().getOut().println("joined " + joined + " of " + addrs.size() + " address"
                + (addrs.size() == 1 ? "" : "es"));
    }
}
