package io.memberlist.cli;

import picocli.CommandLine.Option;

/** {@code --http HOST:PORT}: where a running agent's status endpoint listens. */
final class HttpOption {
    static final String DEFAULT = "127.0.0.1:" + StatusServer.DEFAULT_PORT;

    @Option(names = "--http", paramLabel = "HOST:PORT", defaultValue = DEFAULT,
            converter = AddressConverters.Required.class,
            description = "The agent's status endpoint (default: ${DEFAULT-VALUE}).")
    HostPort http;

    AgentClient client() {
        return new AgentClient(http, java.time.Duration.ofSeconds(30));
    }
}
