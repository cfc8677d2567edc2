package io.memberlist.cli;

import io.memberlist.Config;
import io.memberlist.Delegate;
import io.memberlist.EventListener;
import io.memberlist.Member;
import io.memberlist.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code memberlist agent}: runs one member until it is told to stop, logging membership changes
 * as lines and serving {@link StatusServer}.
 *
 * <p>Stopping: SIGINT (Ctrl-C) leaves the cluster gracefully, then exits 0; so does SIGTERM unless
 * {@code --no-leave-on-term}, in which case the member just stops and the others detect it as
 * failed (what a supervisor restarting the process in place wants). {@code memberlist leave}
 * ({@code POST /v1/leave}) leaves and exits too. See {@link ShutdownSignals} for how the two
 * signals are told apart.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run one cluster member until SIGINT or SIGTERM, logging joins, failures and leaves.")
final class AgentCommand implements Callable<Integer> {
    static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(5);
    static final int JOIN_ATTEMPTS = 5;

    @Spec
    CommandSpec spec;

    @Option(names = "--name", required = true, paramLabel = "NAME",
            description = "This member's name, unique in the cluster.")
    String name;

    @Option(names = "--bind", required = true, paramLabel = "HOST:PORT", converter = AddressConverters.Required.class,
            description = "Address for gossip, UDP and TCP on the same port (port 0 picks a free one).")
    HostPort bind;

    @Option(names = "--advertise", paramLabel = "IP:PORT", converter = AddressConverters.Required.class,
            description = "Address the others should use to reach this member, when not the bound one (NAT).")
    HostPort advertise;

    @Option(names = "--join", paramLabel = "HOST[:PORT]", converter = AddressConverters.Join.class,
            description = "A member to join through at start (repeatable; port 7946 when left out).")
    List<HostPort> join = new ArrayList<>();

    @Option(names = "--preset", paramLabel = "PRESET", defaultValue = "lan", converter = Preset.Converter.class,
            description = "Timings: lan (one data centre), wan (across data centres), local (one host). "
                    + "Default: ${DEFAULT-VALUE}.")
    Preset preset;

    @Option(names = "--key", paramLabel = "BASE64", converter = SecretKeys.Converter.class,
            description = "Gossip encryption key, 16/24/32 bytes in base64 (repeatable: the first one encrypts, "
                    + "all of them decrypt). Make one with 'memberlist keygen'.")
    List<byte[]> keys = new ArrayList<>();

    @Option(names = "--label", paramLabel = "LABEL",
            description = "Cluster label: packets and streams with another label are refused (at most 255 bytes).")
    String label = "";

    @Option(names = "--meta", paramLabel = "TEXT",
            description = "Metadata other members see for this one (at most 512 bytes of UTF-8).")
    String meta = "";

    @Option(names = "--http", paramLabel = "HOST:PORT", defaultValue = HttpOption.DEFAULT,
            converter = AddressConverters.Required.class,
            description = "Status endpoint (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    HostPort http;

    @Option(names = "--no-leave-on-term", negatable = false,
            description = "On SIGTERM, stop without leaving (the others see a failure). SIGINT always leaves.")
    boolean noLeaveOnTerm;

    @Option(names = "--go-compatible", negatable = false,
            description = "Behave exactly like Go's memberlist: turn off this library's additions (self-announcement, "
                    + "the failure-detection policies, self-fencing, the first incarnation from the clock).")
    boolean goCompatible;

    @Option(names = "--no-self-fence", negatable = false,
            description = "Never leave the cluster on its own after refuting many accusations "
                    + "(selfFenceRefutations 0); the other policies stay on.")
    boolean noSelfFence;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "warn",
            description = "Level of the library's own log on stderr: error, warn, info, debug, trace. "
                    + "Default: ${DEFAULT-VALUE}.")
    String logLevel;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        Config.Builder builder = configBuilder();
        ShutdownSignals signals = ShutdownSignals.install();

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MembershipView view = new MembershipView(new EventLog());
        Config config;
        try {
            config = builder.events(view).metrics(new MicrometerMetrics(registry)).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid configuration: " + e.getMessage());
        }

        log("agent " + name + " starting (preset " + preset.cliName() + ", encryption "
                + (keys.isEmpty() ? "off" : "on, " + keys.size() + " key(s)")
                + (label.isEmpty() ? "" : ", label " + label)
                + (goCompatible ? ", Go's policies" : noSelfFence ? ", self-fencing off" : "") + ")");
        if (signals.note() != null) {
            log(signals.note());
        }
        ClusterNode node;
        try {
            node = ClusterNode.start(config);
        } catch (Exception e) {
            throw new CliException("cannot start the member on " + bind + ": " + e.getMessage(), e);
        }
        StatusServer status = null;
        try {
            log("agent " + name + " gossiping on " + node.gossipAddress());
            try {
                status = new StatusServer(resolve(http), new Node(node, view, registry), signals::leftThroughHttp);
            } catch (java.io.IOException e) {
                throw new CliException("cannot start the status endpoint on " + http + ": " + e.getMessage()
                        + " (choose another with --http HOST:PORT)", e);
            }
            InetSocketAddress sa = status.address();
            log("status endpoint on http://" + new HostPort(sa.getAddress().getHostAddress(), sa.getPort()));
            if (!join.isEmpty()) {
                joinAtStart(node, signals);
            }

            ShutdownSignals.Reason reason = signals.await();
            boolean leave = switch (reason) {
                case INTERRUPT -> true;
                case TERMINATE -> !noLeaveOnTerm;
                case LEFT -> false; // already left through the status endpoint
            };
            log("received " + reason.description() + (leave ? ", leaving the cluster" : ", stopping"));
            if (leave) {
                try {
                    node.leave(LEAVE_TIMEOUT);
                    log("left the cluster");
                } catch (Exception e) {
                    log("leave failed: " + e.getMessage());
                }
            }
            return Main.EXIT_OK;
        } finally {
            if (status != null) {
                status.close();
            }
            node.close();
            registry.close();
            log("agent " + name + " stopped");
            signals.done();
        }
    }

    /** Every option checked and folded into a builder; problems are usage errors (exit code 2). */
    Config.Builder configBuilder() {
        byte[] metaBytes = meta.getBytes(StandardCharsets.UTF_8);
        if (metaBytes.length > Config.META_MAX_SIZE) {
            throw usage("--meta is " + metaBytes.length + " bytes of UTF-8; at most " + Config.META_MAX_SIZE);
        }
        if (label.getBytes(StandardCharsets.UTF_8).length > Config.LABEL_MAX_SIZE) {
            throw usage("--label is longer than " + Config.LABEL_MAX_SIZE + " bytes of UTF-8");
        }
        if (name.isBlank()) {
            throw usage("--name must not be empty");
        }
        if (advertise != null && !IpText.isIpv4(advertise.host()) && !IpText.isIpv6(advertise.host())) {
            throw usage("--advertise must be an IP address and port, not a host name: '" + advertise + "'");
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", logLevel);

        Config.Builder b = preset.builder()
                .name(name)
                .bindAddr(resolve(bind).getAddress().getHostAddress())
                .bindPort(bind.port())
                .label(label)
                .delegate(new Delegate() {
                    @Override
                    public byte[] nodeMeta(int limit) {
                        return metaBytes;
                    }
                });
        if (advertise != null) {
            b.advertiseAddr(advertise.host()).advertisePort(advertise.port());
        }
        if (!keys.isEmpty()) {
            b.secretKey(keys.get(0)).keyring(keys.subList(1, keys.size()));
        }
        if (goCompatible) {
            b.goCompatible();
        }
        if (noSelfFence) {
            b.selfFenceRefutations(0);
        }
        return b; // ranges and the rest are checked once, by Config.build()
    }

    private InetSocketAddress resolve(HostPort hp) {
        try {
            return new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port());
        } catch (UnknownHostException e) {
            throw usage("cannot resolve host '" + hp.host() + "'");
        }
    }

    /**
     * Joins the {@code --join} addresses, retrying a few times with growing pauses (1, 2, 4, 8 s)
     * since agents started together may not all be listening yet. Never fatal: the others can
     * still join this member, and {@code memberlist join} can try again later.
     */
    private void joinAtStart(ClusterNode node, ShutdownSignals signals) throws InterruptedException {
        List<String> addrs = join.stream().map(HostPort::toString).toList();
        long pauseMillis = 1000;
        for (int attempt = 1; ; attempt++) {
            try {
                int n = node.join(addrs);
                log("joined the cluster through " + n + " of " + addrs.size() + " address"
                        + (addrs.size() == 1 ? "" : "es"));
                return;
            } catch (Exception e) {
                boolean last = attempt == JOIN_ATTEMPTS || signals.stopRequested();
                log("could not join " + String.join(", ", addrs) + " (attempt " + attempt + " of " + JOIN_ATTEMPTS
                        + "): " + e.getMessage() + (last ? "" : "; retrying in " + pauseMillis / 1000 + " s"));
                if (last) {
                    return;
                }
            }
            Thread.sleep(pauseMillis);
            pauseMillis *= 2;
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private synchronized void log(String line) {
        out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
        out.flush();
    }

    /** Membership changes as log lines. */
    private final class EventLog implements EventListener {
        @Override
        public void notifyJoin(Member m) {
            log("member joined: " + describe(m));
        }

        @Override
        public void notifyLeave(Member m) {
            log((m.state() == io.memberlist.MemberState.LEFT ? "member left: " : "member failed: ") + describe(m));
        }

        @Override
        public void notifyUpdate(Member m) {
            log("member updated: " + describe(m));
        }

        @Override
        public void notifyLateLeave(Member m) {
            log("member left (after it was declared failed): " + describe(m));
        }

        private String describe(Member m) {
            MemberInfo i = MemberInfo.from(m);
            String text = i.meta().length == 0 ? "" : i.metaText() != null ? " meta=" + i.metaText()
                    : " meta=(" + i.meta().length + " bytes)";
            return i.name() + " " + i.hostPort() + " incarnation " + i.incarnation() + text;
        }
    }

    /** The running member as the status endpoint sees it. */
    private record Node(ClusterNode node, MembershipView view, PrometheusMeterRegistry registry) implements AgentNode {
        @Override
        public MemberInfo self() {
            return MemberInfo.from(node.self());
        }

        @Override
        public List<MemberInfo> members() {
            return view.merge(node.members());
        }

        @Override
        public int healthScore() {
            return node.healthScore();
        }

        @Override
        public JoinResult join(List<String> addresses) {
            try {
                return new JoinResult(node.join(addresses), null);
            } catch (Exception e) {
                return new JoinResult(0, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }

        @Override
        public void leave() throws Exception {
            try {
                node.leave(LEAVE_TIMEOUT);
            } catch (io.memberlist.BroadcastTimeoutException e) {
                // As Go's agents do: the leave is still gossiped by whoever heard it; shut down anyway.
                System.err.println("leave: " + e.getMessage() + "; shutting down anyway");
            }
        }

        @Override
        public String prometheusText() {
            return registry.scrape();
        }

        @Override
        public Map<String, Number> keyMetrics() {
            return KeyMetrics.from(registry);
        }
    }
}
