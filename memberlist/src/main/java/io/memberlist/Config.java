package io.memberlist;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The configuration of one member: an immutable value made by a {@link Builder}, checked once by
 * {@link Builder#build()}, which names the first bad field and its allowed range.
 *
 * <p>Start from a preset: {@link #lan()} for one data centre, {@link #wan()} for links with
 * higher latency and loss, {@link #local()} for a loopback or single-host cluster. Every field and
 * default is that of Go's {@code Config} (PROTOCOL.md §12); each accessor says what the field
 * trades off.
 */
public final class Config {
    /** Lowest protocol version this library speaks. */
    public static final int PROTOCOL_VERSION_MIN = 1;
    /** Highest protocol version this library speaks (CRC on packets). */
    public static final int PROTOCOL_VERSION_MAX = 5;
    /** Largest node metadata, in bytes. */
    public static final int META_MAX_SIZE = 512;
    /** Default of {@link #selfAnnounceFanout()}. */
    public static final int DEFAULT_SELF_ANNOUNCE_FANOUT = 512;
    /** Largest {@link #selfAnnounceFanout()}. */
    public static final int SELF_ANNOUNCE_FANOUT_MAX = 1 << 16;
    /** Largest label, in bytes of UTF-8. */
    public static final int LABEL_MAX_SIZE = 255;
    /** Default of {@link #reconnectInterval()}. */
    public static final Duration DEFAULT_RECONNECT_INTERVAL = Duration.ofSeconds(30);
    /** Default of {@link #reconnectTimeout()}. */
    public static final Duration DEFAULT_RECONNECT_TIMEOUT = Duration.ofHours(6);

    private final String name;
    private final String bindAddr;
    private final int bindPort;
    private final String advertiseAddr;
    private final int advertisePort;
    private final String label;
    private final boolean skipInboundLabelCheck;
    private final byte[] secretKey;
    private final List<byte[]> keyring;
    private final boolean gossipVerifyIncoming;
    private final boolean gossipVerifyOutgoing;
    private final boolean enableCompression;
    private final int protocolVersion;
    private final int delegateProtocolVersion;
    private final int delegateProtocolMin;
    private final int delegateProtocolMax;
    private final int handoffQueueDepth;
    private final int udpBufferSize;
    private final Duration deadNodeReclaimTime;
    private final boolean requireNodeNames;
    private final List<Cidr> cidrsAllowed;
    private final boolean disableTcpPings;
    private final Predicate<String> disableTcpPingsForNode;
    private final int awarenessMaxMultiplier;
    private final boolean lifeguardSuspicion;
    private final boolean lifeguardBuddy;
    private final int suspicionMult;
    private final int suspicionMaxTimeoutMult;
    private final int retransmitMult;
    private final int indirectChecks;
    private final int gossipNodes;
    private final Duration gossipInterval;
    private final Duration probeInterval;
    private final Duration probeTimeout;
    private final Duration pushPullInterval;
    private final Duration tcpTimeout;
    private final Duration gossipToTheDeadTime;
    private final Duration queueCheckInterval;
    private final boolean syncAfterGossipWave;
    private final int selfAnnounceFanout;
    private final Duration reconnectInterval;
    private final Duration reconnectTimeout;
    private final String dnsConfigPath;
    private final Map<String, String> metricLabels;
    private final Metrics metrics;
    private final Delegate delegate;
    private final EventListener events;
    private final ConflictDelegate conflict;
    private final MergeDelegate merge;
    private final AliveDelegate alive;
    private final PingDelegate ping;

    private Config(Builder b) {
        this.name = b.name;
        this.bindAddr = b.bindAddr;
        this.bindPort = b.bindPort;
        this.advertiseAddr = b.advertiseAddr;
        this.advertisePort = b.advertisePort;
        this.label = b.label;
        this.skipInboundLabelCheck = b.skipInboundLabelCheck;
        this.secretKey = b.secretKey == null ? null : b.secretKey.clone();
        List<byte[]> keys = new ArrayList<>();
        for (byte[] k : b.keyring) {
            keys.add(k.clone());
        }
        this.keyring = List.copyOf(keys);
        this.gossipVerifyIncoming = b.gossipVerifyIncoming;
        this.gossipVerifyOutgoing = b.gossipVerifyOutgoing;
        this.enableCompression = b.enableCompression;
        this.protocolVersion = b.protocolVersion;
        this.delegateProtocolVersion = b.delegateProtocolVersion;
        this.delegateProtocolMin = b.delegateProtocolMin;
        this.delegateProtocolMax = b.delegateProtocolMax;
        this.handoffQueueDepth = b.handoffQueueDepth;
        this.udpBufferSize = b.udpBufferSize;
        this.deadNodeReclaimTime = b.deadNodeReclaimTime;
        this.requireNodeNames = b.requireNodeNames;
        this.cidrsAllowed = List.copyOf(b.cidrsAllowed);
        this.disableTcpPings = b.disableTcpPings;
        this.disableTcpPingsForNode = b.disableTcpPingsForNode;
        this.awarenessMaxMultiplier = b.awarenessMaxMultiplier;
        this.lifeguardSuspicion = b.lifeguardSuspicion;
        this.lifeguardBuddy = b.lifeguardBuddy;
        this.suspicionMult = b.suspicionMult;
        this.suspicionMaxTimeoutMult = b.suspicionMaxTimeoutMult;
        this.retransmitMult = b.retransmitMult;
        this.indirectChecks = b.indirectChecks;
        this.gossipNodes = b.gossipNodes;
        this.gossipInterval = b.gossipInterval;
        this.probeInterval = b.probeInterval;
        this.probeTimeout = b.probeTimeout;
        this.pushPullInterval = b.pushPullInterval;
        this.tcpTimeout = b.tcpTimeout;
        this.gossipToTheDeadTime = b.gossipToTheDeadTime;
        this.queueCheckInterval = b.queueCheckInterval;
        this.syncAfterGossipWave = b.syncAfterGossipWave;
        this.selfAnnounceFanout = b.selfAnnounceFanout;
        this.reconnectInterval = b.reconnectInterval;
        this.reconnectTimeout = b.reconnectTimeout;
        this.dnsConfigPath = b.dnsConfigPath;
        this.metricLabels = Map.copyOf(b.metricLabels);
        this.metrics = b.metrics;
        this.delegate = b.delegate;
        this.events = b.events;
        this.conflict = b.conflict;
        this.merge = b.merge;
        this.alive = b.alive;
        this.ping = b.ping;
    }

    /**
     * One data centre (Go's {@code DefaultLANConfig}): 1 s probes with a 500 ms ack timeout,
     * gossip to 3 members every 200 ms, full state exchange every 30 s. Tuned to detect a failure
     * in a few seconds at a modest, constant bandwidth.
     */
    public static Builder lan() {
        return new Builder();
    }

    /**
     * Across data centres (Go's {@code DefaultWANConfig}): slower probes (5 s, 3 s timeout) and
     * longer suspicion (×6) because round trips are long and loss is more common; gossip to 4
     * members every 500 ms; state exchange every 60 s.
     */
    public static Builder wan() {
        return new Builder()
                .tcpTimeout(Duration.ofSeconds(30))
                .suspicionMult(6)
                .pushPullInterval(Duration.ofSeconds(60))
                .probeTimeout(Duration.ofSeconds(3))
                .probeInterval(Duration.ofSeconds(5))
                .gossipNodes(4)
                .gossipInterval(Duration.ofMillis(500))
                .gossipToTheDeadTime(Duration.ofSeconds(60));
    }

    /**
     * One host or loopback (Go's {@code DefaultLocalConfig}): round trips are tiny, so timeouts
     * are short (200 ms ack timeout, 1 s TCP) and gossip is fast (100 ms); fewer helpers and
     * retransmits because loss is rare.
     */
    public static Builder local() {
        return new Builder()
                .tcpTimeout(Duration.ofSeconds(1))
                .indirectChecks(1)
                .retransmitMult(2)
                .suspicionMult(3)
                .pushPullInterval(Duration.ofSeconds(15))
                .probeTimeout(Duration.ofMillis(200))
                .probeInterval(Duration.ofSeconds(1))
                .gossipInterval(Duration.ofMillis(100))
                .gossipToTheDeadTime(Duration.ofSeconds(15));
    }

    /** A builder holding this configuration's values, to derive a variant. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** This node's name; unique in the cluster. Defaults to the host name. */
    public String name() {
        return name;
    }

    /** Address to bind UDP and TCP listeners to ("0.0.0.0" = all). */
    public String bindAddr() {
        return bindAddr;
    }

    /** Port for UDP and TCP; 0 lets the runtime pick a free one. */
    public int bindPort() {
        return bindPort;
    }

    /** IP literal advertised to others; empty = let the runtime choose from the bound address. */
    public String advertiseAddr() {
        return advertiseAddr;
    }

    /** Port advertised to others (used only with {@link #advertiseAddr()}). */
    public int advertisePort() {
        return advertisePort;
    }

    /**
     * The advertised endpoint when {@link #advertiseAddr()} is set (IPv4 as 4 bytes), else
     * {@code null}: the runtime must then resolve it after binding.
     */
    public Endpoint advertiseEndpoint() {
        if (advertiseAddr.isEmpty()) {
            return null;
        }
        return new Endpoint(IpLiteral.parse(advertiseAddr), advertisePort);
    }

    /**
     * Prefix on every packet and stream that separates logical clusters on one network
     * (authenticated when encrypting, not secret). Empty = none; v0.2.2 peers cannot talk to a
     * labelled node.
     */
    public String label() {
        return label;
    }

    /** Accept unlabelled traffic while rolling out a label (labelled packets are then dropped). */
    public boolean skipInboundLabelCheck() {
        return skipInboundLabelCheck;
    }

    /** The primary AES key (16, 24 or 32 bytes), or {@code null}. A copy. */
    public byte[] secretKey() {
        return secretKey == null ? null : secretKey.clone();
    }

    /**
     * Further keys accepted for decryption (the first one is primary when {@link #secretKey()} is
     * not set). Copies.
     */
    public List<byte[]> keyring() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] k : keyring) {
            out.add(k.clone());
        }
        return out;
    }

    /** True when at least one key is configured. */
    public boolean encryptionEnabled() {
        return secretKey != null || !keyring.isEmpty();
    }

    /** Reject packets and streams that are not encrypted (turn off only to migrate to keys). */
    public boolean gossipVerifyIncoming() {
        return gossipVerifyIncoming;
    }

    /** Encrypt what we send (turn off only to migrate to keys). */
    public boolean gossipVerifyOutgoing() {
        return gossipVerifyOutgoing;
    }

    /** LZW-compress packets when smaller, and streams always: CPU for bandwidth. */
    public boolean enableCompression() {
        return enableCompression;
    }

    /** The protocol version we speak (PCur), in [1, 5]. Default 2, as Go. */
    public int protocolVersion() {
        return protocolVersion;
    }

    /** The application protocol version advertised (DCur). */
    public int delegateProtocolVersion() {
        return delegateProtocolVersion;
    }

    /** Lowest application protocol version we understand (DMin). */
    public int delegateProtocolMin() {
        return delegateProtocolMin;
    }

    /** Highest application protocol version we understand (DMax). */
    public int delegateProtocolMax() {
        return delegateProtocolMax;
    }

    /** Bound of each inbound message queue in the runtime; excess messages are dropped. */
    public int handoffQueueDepth() {
        return handoffQueueDepth;
    }

    /** Byte budget of one UDP packet, piggybacked gossip included. Larger risks fragmentation. */
    public int udpBufferSize() {
        return udpBufferSize;
    }

    /**
     * How long a dead member must stay dead before another member may take its name with a new
     * address. Zero = never (only after it left).
     */
    public Duration deadNodeReclaimTime() {
        return deadNodeReclaimTime;
    }

    /** Refuse to send to an address without a node name. */
    public boolean requireNodeNames() {
        return requireNodeNames;
    }

    /** Networks allowed to be members; empty = all. */
    public List<Cidr> cidrsAllowed() {
        return cidrsAllowed;
    }

    /** True when {@code ip} may be a member under {@link #cidrsAllowed()}. */
    public boolean ipAllowed(byte[] ip) {
        if (cidrsAllowed.isEmpty()) {
            return true;
        }
        for (Cidr c : cidrsAllowed) {
            if (c.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    /** Never fall back to a TCP ping when a UDP probe fails. */
    public boolean disableTcpPings() {
        return disableTcpPings;
    }

    /** Per node: true to skip the TCP fallback ping for that node name. */
    public Predicate<String> disableTcpPingsForNode() {
        return disableTcpPingsForNode;
    }

    /** Lifeguard: probe intervals stretch up to this factor while the local node looks unhealthy. */
    public int awarenessMaxMultiplier() {
        return awarenessMaxMultiplier;
    }

    /**
     * Lifeguard suspicion (default on, as Go): a suspicion starts at the maximum timeout and
     * shrinks towards the minimum as independent suspecters confirm it. Off: the timeout is the
     * minimum and confirmations are ignored (k = 0, plain SWIM). Not a Go setting; for
     * experiments that measure what Lifeguard buys.
     */
    public boolean lifeguardSuspicion() {
        return lifeguardSuspicion;
    }

    /**
     * Lifeguard buddy system (default on, as Go): a probe of a suspect member carries the
     * suspicion, so the suspect learns it at once and refutes. Off: a plain ping. Not a Go
     * setting; for experiments.
     */
    public boolean lifeguardBuddy() {
        return lifeguardBuddy;
    }

    /** Suspicion timeout = this × log10(N) × probe interval: higher is fewer false deaths, slower detection. */
    public int suspicionMult() {
        return suspicionMult;
    }

    /** Upper bound of the suspicion timeout, as a multiple of its lower bound. */
    public int suspicionMaxTimeoutMult() {
        return suspicionMaxTimeoutMult;
    }

    /** Each broadcast is sent this × ceil(log10(N + 1)) times: reliability against bandwidth. */
    public int retransmitMult() {
        return retransmitMult;
    }

    /** Helpers asked to probe a member that missed a direct probe. */
    public int indirectChecks() {
        return indirectChecks;
    }

    /** Members gossiped to every gossip interval; 0 disables gossip. */
    public int gossipNodes() {
        return gossipNodes;
    }

    /** Period of gossip rounds: shorter spreads faster at more packets. */
    public Duration gossipInterval() {
        return gossipInterval;
    }

    /** Period of probes: shorter detects failures faster at more traffic. */
    public Duration probeInterval() {
        return probeInterval;
    }

    /** How long to wait for a direct ack before asking helpers; about the 99th percentile RTT. */
    public Duration probeTimeout() {
        return probeTimeout;
    }

    /** Period of full state exchanges (scaled up with N); zero disables them. */
    public Duration pushPullInterval() {
        return pushPullInterval;
    }

    /** Timeout of TCP connections (push/pull, reliable messages). */
    public Duration tcpTimeout() {
        return tcpTimeout;
    }

    /** Dead members still get gossip for this long, so they learn of their death and refute. */
    public Duration gossipToTheDeadTime() {
        return gossipToTheDeadTime;
    }

    /** Period of the broadcast-queue depth sample; zero disables it. */
    public Duration queueCheckInterval() {
        return queueCheckInterval;
    }

    /**
     * Not in Go (a local timing policy, invisible on the wire). When this node's broadcast queue
     * empties after a burst of gossip that brought news of joins, its next periodic push/pull is
     * moved forward to within a gossip interval, so an update the epidemic missed (each one
     * misses a given member with probability about {@code e^-retransmits}) is repaired in well
     * under a second instead of up to a whole scaled push/pull interval later: a 64-node join
     * wave converges in about 1 to 1.5 s instead of taking over a minute in half of the runs. At
     * most once per push/pull period, and the exchange after the early one keeps its time: the
     * number of push/pulls over time is Go's. Default true; false reproduces Go's timing exactly.
     */
    public boolean syncAfterGossipWave() {
        return syncAfterGossipWave;
    }

    /**
     * Not in Go (wire-compatible: only ordinary alive and dead packets). Facts a node originates
     * about itself are also sent directly, once, to up to this many live (alive or suspect) members
     * picked at random, besides the normal gossip broadcast: its own {@code dead} when it leaves,
     * its current {@code alive} when a join push/pull completes (to the members it just learned
     * of), and the new {@code alive} of a refutation or {@link io.memberlist.core.Engine#updateMeta}.
     * Each packet also carries queued broadcasts within the byte budget, as a ping does. And when
     * an accusation about this node arrives at an incarnation below its own (which the protocol
     * ignores, so its holders would declare this node dead), the current {@code alive} goes
     * directly to where the accusation came from (at most once per probe interval) and to the
     * live members never sent it.
     *
     * <p>Why: gossip gives each member only about {@code retransmitMult × ceil(log10(N+1))} copies
     * of a fact, so a given member misses it with probability about {@code e^-copies} (1.8% with
     * the local preset at N = 64), and in a cluster some member usually does; only the next
     * push/pull, up to a scaled push/pull interval later, repairs that. With the direct packets a
     * 64-node mass join converges, and a leave is seen by every member, within about a second in
     * the simulator, where Go's timing takes 40 s and more.
     *
     * <p>Cost: O(min(N, fanout)) small packets per such event (N - 1 per joining node, so O(N²)
     * for a whole cluster joining at once), none while nothing happens. At most 64 are sent at
     * once; the rest follow in batches of 64 every gossip interval (so that a burst does not
     * overflow the socket's send buffer). A lower fanout bounds the burst in very large clusters
     * (the rest is left to gossip); 0 disables it (Go's behaviour). Default
     * {@value #DEFAULT_SELF_ANNOUNCE_FANOUT}, range [0, {@value #SELF_ANNOUNCE_FANOUT_MAX}].
     */
    public int selfAnnounceFanout() {
        return selfAnnounceFanout;
    }

    /**
     * Not in Go (wire-compatible: an ordinary push/pull). How often this node tries to reach a
     * member it declared dead (failed, not left) within {@link #reconnectTimeout()}: one such
     * member, picked at random, gets a push/pull with {@code join = true}, as Serf's reconnect
     * does. When a partition heals, that exchange merges the two sides by themselves; in Go they
     * stay split until someone joins again (memberlist issue #222). Like Serf, an attempt is
     * made only with probability {@code failed / alive}, so one crashed node in a large cluster
     * costs about one connection attempt per interval cluster-wide, not one per member.
     *
     * <p>Default 30 s, Serf's value: a healed partition
     * merges within about two intervals (one exchange to learn of one's own death, one to carry
     * the refutations), cheap enough to leave on. {@link Duration#ZERO} turns it off (Go's
     * behaviour).
     */
    public Duration reconnectInterval() {
        return reconnectInterval;
    }

    /**
     * Not in Go. How long after declaring a member dead this node keeps trying to reconnect to
     * it ({@link #reconnectInterval()}). Default 6 hours, shorter than Serf's 24 hours: a
     * partition that lasts longer is an outage an operator handles, and the longer a dead
     * node's address is tried, the likelier it belongs to something else by then (addresses are
     * reused quickly in clouds and Kubernetes). Use a {@link #label()} or keys, or a
     * {@link MergeDelegate}, so that an exchange with another cluster at a reused address fails.
     * {@link Duration#ZERO} turns reconnecting off.
     */
    public Duration reconnectTimeout() {
        return reconnectTimeout;
    }

    /** Resolver configuration for joining by host name. */
    public String dnsConfigPath() {
        return dnsConfigPath;
    }

    /** Labels added to every metric. */
    public Map<String, String> metricLabels() {
        return metricLabels;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** May be {@code null}. */
    public Delegate delegate() {
        return delegate;
    }

    /** May be {@code null}. */
    public EventListener events() {
        return events;
    }

    /** May be {@code null}. */
    public ConflictDelegate conflict() {
        return conflict;
    }

    /** May be {@code null}. */
    public MergeDelegate merge() {
        return merge;
    }

    /** May be {@code null}. */
    public AliveDelegate alive() {
        return alive;
    }

    /** May be {@code null}. */
    public PingDelegate ping() {
        return ping;
    }

    /** The local node's version vector {@code [1, 5, PCur, DMin, DMax, DCur]}. */
    public byte[] vsn() {
        return new byte[] {
            PROTOCOL_VERSION_MIN, PROTOCOL_VERSION_MAX, (byte) protocolVersion,
            (byte) delegateProtocolMin, (byte) delegateProtocolMax, (byte) delegateProtocolVersion
        };
    }

    /** Builds a {@link Config}; starts with the LAN defaults. */
    public static final class Builder {
        private String name;
        private String bindAddr = "0.0.0.0";
        private int bindPort = 7946;
        private String advertiseAddr = "";
        private int advertisePort = 7946;
        private String label = "";
        private boolean skipInboundLabelCheck;
        private byte[] secretKey;
        private List<byte[]> keyring = new ArrayList<>();
        private boolean gossipVerifyIncoming = true;
        private boolean gossipVerifyOutgoing = true;
        private boolean enableCompression = true;
        private int protocolVersion = 2;
        private int delegateProtocolVersion;
        private int delegateProtocolMin;
        private int delegateProtocolMax;
        private int handoffQueueDepth = 1024;
        private int udpBufferSize = 1400;
        private Duration deadNodeReclaimTime = Duration.ZERO;
        private boolean requireNodeNames;
        private List<Cidr> cidrsAllowed = new ArrayList<>();
        private List<String> cidrTexts = new ArrayList<>();
        private boolean disableTcpPings;
        private Predicate<String> disableTcpPingsForNode = n -> false;
        private int awarenessMaxMultiplier = 8;
        private boolean lifeguardSuspicion = true;
        private boolean lifeguardBuddy = true;
        private int suspicionMult = 4;
        private int suspicionMaxTimeoutMult = 6;
        private int retransmitMult = 4;
        private int indirectChecks = 3;
        private int gossipNodes = 3;
        private Duration gossipInterval = Duration.ofMillis(200);
        private Duration probeInterval = Duration.ofSeconds(1);
        private Duration probeTimeout = Duration.ofMillis(500);
        private Duration pushPullInterval = Duration.ofSeconds(30);
        private Duration tcpTimeout = Duration.ofSeconds(10);
        private Duration gossipToTheDeadTime = Duration.ofSeconds(30);
        private Duration queueCheckInterval = Duration.ofSeconds(30);
        private boolean syncAfterGossipWave = true;
        private int selfAnnounceFanout = DEFAULT_SELF_ANNOUNCE_FANOUT;
        private Duration reconnectInterval = DEFAULT_RECONNECT_INTERVAL;
        private Duration reconnectTimeout = DEFAULT_RECONNECT_TIMEOUT;
        private String dnsConfigPath = "/etc/resolv.conf";
        private Map<String, String> metricLabels = Map.of();
        private Metrics metrics = Metrics.NOOP;
        private Delegate delegate;
        private EventListener events;
        private ConflictDelegate conflict;
        private MergeDelegate merge;
        private AliveDelegate alive;
        private PingDelegate ping;

        private Builder() {}

        private Builder(Config c) {
            name = c.name;
            bindAddr = c.bindAddr;
            bindPort = c.bindPort;
            advertiseAddr = c.advertiseAddr;
            advertisePort = c.advertisePort;
            label = c.label;
            skipInboundLabelCheck = c.skipInboundLabelCheck;
            secretKey = c.secretKey();
            keyring = c.keyring();
            gossipVerifyIncoming = c.gossipVerifyIncoming;
            gossipVerifyOutgoing = c.gossipVerifyOutgoing;
            enableCompression = c.enableCompression;
            protocolVersion = c.protocolVersion;
            delegateProtocolVersion = c.delegateProtocolVersion;
            delegateProtocolMin = c.delegateProtocolMin;
            delegateProtocolMax = c.delegateProtocolMax;
            handoffQueueDepth = c.handoffQueueDepth;
            udpBufferSize = c.udpBufferSize;
            deadNodeReclaimTime = c.deadNodeReclaimTime;
            requireNodeNames = c.requireNodeNames;
            cidrsAllowed = new ArrayList<>(c.cidrsAllowed);
            disableTcpPings = c.disableTcpPings;
            disableTcpPingsForNode = c.disableTcpPingsForNode;
            awarenessMaxMultiplier = c.awarenessMaxMultiplier;
            lifeguardSuspicion = c.lifeguardSuspicion;
            lifeguardBuddy = c.lifeguardBuddy;
            suspicionMult = c.suspicionMult;
            suspicionMaxTimeoutMult = c.suspicionMaxTimeoutMult;
            retransmitMult = c.retransmitMult;
            indirectChecks = c.indirectChecks;
            gossipNodes = c.gossipNodes;
            gossipInterval = c.gossipInterval;
            probeInterval = c.probeInterval;
            probeTimeout = c.probeTimeout;
            pushPullInterval = c.pushPullInterval;
            tcpTimeout = c.tcpTimeout;
            gossipToTheDeadTime = c.gossipToTheDeadTime;
            queueCheckInterval = c.queueCheckInterval;
            syncAfterGossipWave = c.syncAfterGossipWave;
            selfAnnounceFanout = c.selfAnnounceFanout;
            reconnectInterval = c.reconnectInterval;
            reconnectTimeout = c.reconnectTimeout;
            dnsConfigPath = c.dnsConfigPath;
            metricLabels = c.metricLabels;
            metrics = c.metrics;
            delegate = c.delegate;
            events = c.events;
            conflict = c.conflict;
            merge = c.merge;
            alive = c.alive;
            ping = c.ping;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder bindAddr(String v) { bindAddr = v; return this; }
        public Builder bindPort(int v) { bindPort = v; return this; }
        public Builder advertiseAddr(String v) { advertiseAddr = v == null ? "" : v; return this; }
        public Builder advertisePort(int v) { advertisePort = v; return this; }
        public Builder label(String v) { label = v == null ? "" : v; return this; }
        public Builder skipInboundLabelCheck(boolean v) { skipInboundLabelCheck = v; return this; }
        public Builder secretKey(byte[] v) { secretKey = v == null ? null : v.clone(); return this; }

        public Builder keyring(List<byte[]> keys) {
            keyring = new ArrayList<>();
            for (byte[] k : keys) {
                keyring.add(Objects.requireNonNull(k, "keyring entry").clone());
            }
            return this;
        }

        public Builder gossipVerifyIncoming(boolean v) { gossipVerifyIncoming = v; return this; }
        public Builder gossipVerifyOutgoing(boolean v) { gossipVerifyOutgoing = v; return this; }
        public Builder enableCompression(boolean v) { enableCompression = v; return this; }
        public Builder protocolVersion(int v) { protocolVersion = v; return this; }
        public Builder delegateProtocolVersion(int v) { delegateProtocolVersion = v; return this; }
        public Builder delegateProtocolMin(int v) { delegateProtocolMin = v; return this; }
        public Builder delegateProtocolMax(int v) { delegateProtocolMax = v; return this; }
        public Builder handoffQueueDepth(int v) { handoffQueueDepth = v; return this; }
        public Builder udpBufferSize(int v) { udpBufferSize = v; return this; }
        public Builder deadNodeReclaimTime(Duration v) { deadNodeReclaimTime = v; return this; }
        public Builder requireNodeNames(boolean v) { requireNodeNames = v; return this; }

        /** Networks in CIDR notation; parsed (and reported) by {@link #build()}. */
        public Builder cidrsAllowed(List<String> cidrs) {
            cidrTexts = new ArrayList<>(cidrs);
            cidrsAllowed = new ArrayList<>();
            return this;
        }

        public Builder disableTcpPings(boolean v) { disableTcpPings = v; return this; }

        public Builder disableTcpPingsForNode(Predicate<String> v) {
            disableTcpPingsForNode = v == null ? n -> false : v;
            return this;
        }

        public Builder awarenessMaxMultiplier(int v) { awarenessMaxMultiplier = v; return this; }
        public Builder lifeguardSuspicion(boolean v) { lifeguardSuspicion = v; return this; }
        public Builder lifeguardBuddy(boolean v) { lifeguardBuddy = v; return this; }
        public Builder suspicionMult(int v) { suspicionMult = v; return this; }
        public Builder suspicionMaxTimeoutMult(int v) { suspicionMaxTimeoutMult = v; return this; }
        public Builder retransmitMult(int v) { retransmitMult = v; return this; }
        public Builder indirectChecks(int v) { indirectChecks = v; return this; }
        public Builder gossipNodes(int v) { gossipNodes = v; return this; }
        public Builder gossipInterval(Duration v) { gossipInterval = v; return this; }
        public Builder probeInterval(Duration v) { probeInterval = v; return this; }
        public Builder probeTimeout(Duration v) { probeTimeout = v; return this; }
        public Builder pushPullInterval(Duration v) { pushPullInterval = v; return this; }
        public Builder tcpTimeout(Duration v) { tcpTimeout = v; return this; }
        public Builder gossipToTheDeadTime(Duration v) { gossipToTheDeadTime = v; return this; }
        public Builder queueCheckInterval(Duration v) { queueCheckInterval = v; return this; }
        public Builder syncAfterGossipWave(boolean v) { syncAfterGossipWave = v; return this; }
        public Builder selfAnnounceFanout(int v) { selfAnnounceFanout = v; return this; }
        public Builder reconnectInterval(Duration v) { reconnectInterval = v; return this; }
        public Builder reconnectTimeout(Duration v) { reconnectTimeout = v; return this; }
        public Builder dnsConfigPath(String v) { dnsConfigPath = v; return this; }
        public Builder metricLabels(Map<String, String> v) { metricLabels = Map.copyOf(v); return this; }
        public Builder metrics(Metrics v) { metrics = v == null ? Metrics.NOOP : v; return this; }
        public Builder delegate(Delegate v) { delegate = v; return this; }
        public Builder events(EventListener v) { events = v; return this; }
        public Builder conflict(ConflictDelegate v) { conflict = v; return this; }
        public Builder merge(MergeDelegate v) { merge = v; return this; }
        public Builder alive(AliveDelegate v) { alive = v; return this; }
        public Builder ping(PingDelegate v) { ping = v; return this; }

        /**
         * Checks every field once and builds the configuration.
         *
         * @throws IllegalArgumentException naming the first bad field and its allowed range
         */
        public Config build() {
            if (name == null) {
                name = hostName();
            }
            require(!name.isEmpty(), "name", "must not be empty");
            require(bindAddr != null && !bindAddr.isEmpty(), "bindAddr", "must not be empty");
            range("bindPort", bindPort, 0, 0xFFFF);
            range("advertisePort", advertisePort, 0, 0xFFFF);
            if (!advertiseAddr.isEmpty()) {
                try {
                    IpLiteral.parse(advertiseAddr);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "advertiseAddr must be an IP literal, was '" + advertiseAddr + "'");
                }
            }
            int labelBytes = label.getBytes(StandardCharsets.UTF_8).length;
            require(labelBytes <= LABEL_MAX_SIZE, "label",
                    "must be at most " + LABEL_MAX_SIZE + " bytes of UTF-8, was " + labelBytes);
            if (secretKey != null) {
                keyLength("secretKey", secretKey);
            }
            for (int i = 0; i < keyring.size(); i++) {
                keyLength("keyring[" + i + "]", keyring.get(i));
            }
            range("protocolVersion", protocolVersion, PROTOCOL_VERSION_MIN, PROTOCOL_VERSION_MAX);
            range("delegateProtocolVersion", delegateProtocolVersion, 0, 255);
            range("delegateProtocolMin", delegateProtocolMin, 0, 255);
            range("delegateProtocolMax", delegateProtocolMax, 0, 255);
            range("handoffQueueDepth", handoffQueueDepth, 1, Integer.MAX_VALUE);
            range("udpBufferSize", udpBufferSize, 64, 65507);
            nonNegative("deadNodeReclaimTime", deadNodeReclaimTime);
            if (!cidrTexts.isEmpty()) {
                List<Cidr> parsed = new ArrayList<>();
                for (String text : cidrTexts) {
                    try {
                        parsed.add(Cidr.parse(text));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("cidrsAllowed: " + e.getMessage());
                    }
                }
                cidrsAllowed = parsed;
                cidrTexts = new ArrayList<>();
            }
            range("awarenessMaxMultiplier", awarenessMaxMultiplier, 1, 1 << 16);
            range("suspicionMult", suspicionMult, 1, 1 << 16);
            range("suspicionMaxTimeoutMult", suspicionMaxTimeoutMult, 1, 1 << 16);
            range("retransmitMult", retransmitMult, 1, 1 << 16);
            range("indirectChecks", indirectChecks, 0, 1 << 16);
            range("gossipNodes", gossipNodes, 0, 1 << 16);
            range("selfAnnounceFanout", selfAnnounceFanout, 0, SELF_ANNOUNCE_FANOUT_MAX);
            positive("gossipInterval", gossipInterval);
            positive("probeInterval", probeInterval);
            positive("probeTimeout", probeTimeout);
            nonNegative("pushPullInterval", pushPullInterval);
            positive("tcpTimeout", tcpTimeout);
            nonNegative("gossipToTheDeadTime", gossipToTheDeadTime);
            nonNegative("queueCheckInterval", queueCheckInterval);
            nonNegative("reconnectInterval", reconnectInterval);
            nonNegative("reconnectTimeout", reconnectTimeout);
            require(metricLabels != null, "metricLabels", "must not be null");
            return new Config(this);
        }

        private static String hostName() {
            String env = System.getenv("HOSTNAME");
            if (env != null && !env.isEmpty()) {
                return env;
            }
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                return "localhost";
            }
        }

        private static void require(boolean ok, String field, String rule) {
            if (!ok) {
                throw new IllegalArgumentException(field + " " + rule);
            }
        }

        private static void range(String field, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(
                        field + " must be in [" + min + ", " + max + "], was " + value);
            }
        }

        private static void keyLength(String field, byte[] key) {
            int n = key.length;
            if (n != 16 && n != 24 && n != 32) {
                throw new IllegalArgumentException(
                        field + " must be 16, 24 or 32 bytes (AES-128/192/256), was " + n);
            }
        }

        private static void positive(String field, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(field + " must be > 0, was " + d);
            }
        }

        private static void nonNegative(String field, Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(field + " must be >= 0, was " + d);
            }
        }
    }
}
