package io.memberlist;

import io.memberlist.codec.Limits;
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
 * higher latency and loss, {@link #local()} for a loopback or single-host cluster. Every Go field
 * that applies on the JVM is here with its Go default (PROTOCOL.md §12; the README's compatibility
 * table lists each Go field and what became of it), plus two additions of ours that are on by
 * default and change no byte on the wire ({@link #selfAnnounceFanout()},
 * {@link #syncAfterGossipWave()}) and five local failure-detection policies
 * ({@link #refusedConnectionSuspicion()}, {@link #flappingSuspicionMult()},
 * {@link #checkAccusations()}, {@link #selfFenceRefutations()}, {@link #verifyLoneSuspicion()}),
 * and incarnations that start at the wall clock ({@link #initialIncarnationFromClock()});
 * {@link Builder#goCompatible()} turns them off. Each accessor says what the field trades off
 * and names the Go field it stands for ("Go: ProbeInterval").
 *
 * <p>The settings come in six groups, in this order here and in the {@link Builder}:
 * <ul>
 *   <li>identity: {@link #name()} and the protocol versions we speak;</li>
 *   <li>network: bind and advertise addresses, allowed networks, packet and queue limits;</li>
 *   <li>timing: the periods and timeouts of probing, gossip, push/pull and reconnecting, and
 *       how much gossip each period sends;</li>
 *   <li>failure detection: indirect and TCP probes, Lifeguard (awareness, suspicion, buddy),
 *       reclaiming a dead member's name;</li>
 *   <li>security: label, keys, and the verify flags used while rolling keys out;</li>
 *   <li>hooks: the application's delegates and listener, the metrics sink and its labels.</li>
 * </ul>
 *
 * <p>How it is stored, and why. The accessors stay flat, as Go's {@code Config} is, so each Go
 * field has one Java name. Behind them each group is a small private class holding its fields
 * with their defaults, and its validation. Every field holds an immutable value (the setters
 * copy arrays and collections, nothing changes them afterwards), so copying a group is a shallow
 * clone that names no field. {@link Builder#build()} validates fresh copies of the builder's
 * groups and hands them to the new {@code Config}; {@link #toBuilder()} copies them back. So a
 * {@code Config} shares nothing changeable with any builder, and building leaves the builder as
 * it was. Each setting is written three times (its declaration with its default, its accessor,
 * its setter) where a hand-copied value needs six (field, constructor copy, accessor, builder
 * field, copy back for {@code toBuilder}, setter). Public records per group were the other
 * candidate: they would keep the six writes (the builder still needs its own fields, a
 * constructor argument per field and a copy back) and add a second public name for every
 * setting. The engine never reads this class: the node layer turns it into the engine's
 * settings once ({@code io.memberlist.node.EngineSettingsFactory}).
 */
public final class Config {
    /** Lowest protocol version this library speaks. */
    public static final int PROTOCOL_VERSION_MIN = 1;
    /** Highest protocol version this library speaks (CRC on packets). */
    public static final int PROTOCOL_VERSION_MAX = 5;
    /** Largest node metadata, in bytes. */
    public static final int META_MAX_SIZE = Limits.META_MAX_SIZE;
    /** Default of {@link #selfAnnounceFanout()}. */
    public static final int DEFAULT_SELF_ANNOUNCE_FANOUT = 512;
    /** Largest {@link #selfAnnounceFanout()}. */
    public static final int SELF_ANNOUNCE_FANOUT_MAX = 1 << 16;
    /** Largest label, in bytes of UTF-8. */
    public static final int LABEL_MAX_SIZE = Limits.LABEL_MAX_SIZE;
    /** Default of {@link #reconnectInterval()}. */
    public static final Duration DEFAULT_RECONNECT_INTERVAL = Duration.ofSeconds(30);
    /** Default of {@link #reconnectTimeout()}. */
    public static final Duration DEFAULT_RECONNECT_TIMEOUT = Duration.ofHours(6);
    /** Default of {@link #joinTimeout()}. */
    public static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofSeconds(30);

    // Copies of the builder's groups, validated, never changed after construction (published
    // safely through the final fields).
    private final Identity identity;
    private final Network network;
    private final Timing timing;
    private final FailureDetection detection;
    private final Security security;
    private final Hooks hooks;
    /** Parsed from {@link Network#cidrs} by {@link Builder#build()}. */
    private final List<Cidr> cidrsAllowed;
    /** {@link Hooks#metrics} wrapped to add {@link Hooks#metricLabels}. */
    private final Metrics labelledMetrics;

    private Config(Identity identity, Network network, Timing timing, FailureDetection detection,
            Security security, Hooks hooks, List<Cidr> cidrsAllowed) {
        this.identity = identity;
        this.network = network;
        this.timing = timing;
        this.detection = detection;
        this.security = security;
        this.hooks = hooks;
        this.cidrsAllowed = List.copyOf(cidrsAllowed);
        this.labelledMetrics = LabelledMetrics.wrap(hooks.metrics, hooks.metricLabels);
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
     * members every 500 ms; state exchange every 60 s. Ours: the {@link #selfFenceWindow()} is
     * 15 minutes, scaled with the probe interval.
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
                .gossipToTheDeadTime(Duration.ofSeconds(60))
                .selfFenceWindow(Duration.ofMinutes(15));
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

    // ------------------------------------------------------------------ identity

    /** This node's name; unique in the cluster. Defaults to the host name. Go: {@code Name}. */
    public String name() {
        return identity.name;
    }

    /**
     * The protocol version we speak (PCur), in [1, 5]. Default 2, as Go.
     * Go: {@code ProtocolVersion}.
     */
    public int protocolVersion() {
        return identity.protocolVersion;
    }

    /** The application protocol version advertised (DCur). Go: {@code DelegateProtocolVersion}. */
    public int delegateProtocolVersion() {
        return identity.delegateProtocolVersion;
    }

    /**
     * Lowest application protocol version we understand (DMin). Go: {@code DelegateProtocolMin}.
     */
    public int delegateProtocolMin() {
        return identity.delegateProtocolMin;
    }

    /**
     * Highest application protocol version we understand (DMax). Go: {@code DelegateProtocolMax}.
     */
    public int delegateProtocolMax() {
        return identity.delegateProtocolMax;
    }

    /**
     * The local node's version vector {@code [1, 5, PCur, DMin, DMax, DCur]}, as every alive
     * message carries it. Not a Go field: Go assembles the same vector from
     * {@code ProtocolVersion} and the three {@code DelegateProtocol*} fields.
     */
    public byte[] vsn() {
        return new byte[] {
            PROTOCOL_VERSION_MIN, PROTOCOL_VERSION_MAX, (byte) identity.protocolVersion,
            (byte) identity.delegateProtocolMin, (byte) identity.delegateProtocolMax,
            (byte) identity.delegateProtocolVersion
        };
    }

    /**
     * Not in Go (wire-compatible: an incarnation is any 32-bit number to Go and to us). Where this
     * process's incarnation starts. True (the default): at the wall clock, in whole seconds since
     * 1970, as the driver reads it when the member starts (the simulator: its virtual clock plus a
     * fixed base); false: at 1, as Go's do.
     *
     * <p>Why (Go memberlist issue #345): the cluster declares a crashed process dead at its last
     * incarnation {@code i}. Its successor, started at 1 under the same name and address, is at or
     * below {@code i}, so every member still holding the dead entry ignores its alive (an alive
     * must carry a higher incarnation to override a death) until it learns of its own death and
     * refutes it. It learns that only from a member that holds the entry: when its join reaches
     * only members that never knew the old process (a seed that joined after the death, one that
     * restarted too), most of the cluster can ignore it until the dead entries are reaped
     * ({@link #gossipToTheDeadTime()} after the death) and the alive reaches them again, and a
     * member that did accept it can merge the dead entry from a push/pull, suspect it and declare
     * it dead (campaign seed 7488, docs/TESTING.md). Started from the clock, a new process is
     * above its predecessors: its first alive overrides the dead entry everywhere at once, and
     * nothing needs refuting.
     *
     * <p>Limits. A predecessor that raised its incarnation (refutations,
     * {@link Memberlist#updateNode}) more times than whole seconds passed between its start and
     * this one's, or a wall clock set back between the two starts, can still be ahead: the
     * restart then goes as in Go (it refutes once it hears of its death). Incarnations become
     * ten-digit numbers, so each message that carries one (alive, suspect, dead, each member of a
     * push/pull) is four bytes longer, and a member's first incarnation tells whoever reads the
     * gossip when its process started (encrypt the cluster if that matters). The reading is used
     * until 2105-07-28 (2^32 − 2^24 seconds), which leaves at least 2^24 increments before the
     * 32-bit counter would wrap (it wraps as Go's does); after that date, or before 1970, a
     * process starts at 1.
     * Default true; {@link Builder#goCompatible()} sets false.
     */
    public boolean initialIncarnationFromClock() {
        return identity.initialIncarnationFromClock;
    }

    // ------------------------------------------------------------------ network

    /** Address to bind UDP and TCP listeners to ("0.0.0.0" = all). Go: {@code BindAddr}. */
    public String bindAddr() {
        return network.bindAddr;
    }

    /** Port for UDP and TCP; 0 lets the runtime pick a free one. Go: {@code BindPort}. */
    public int bindPort() {
        return network.bindPort;
    }

    /**
     * IP literal advertised to others; empty = let the runtime choose from the bound address.
     * Go: {@code AdvertiseAddr}.
     */
    public String advertiseAddr() {
        return network.advertiseAddr;
    }

    /**
     * Port advertised to others (used only with {@link #advertiseAddr()}).
     * Go: {@code AdvertisePort}.
     */
    public int advertisePort() {
        return network.advertisePort;
    }

    /**
     * The advertised endpoint when {@link #advertiseAddr()} is set (IPv4 as 4 bytes), else
     * {@code null}: the runtime must then resolve it after binding. Not a Go field.
     */
    public Endpoint advertiseEndpoint() {
        if (network.advertiseAddr.isEmpty()) {
            return null;
        }
        return new Endpoint(IpLiteral.parse(network.advertiseAddr), network.advertisePort);
    }

    /** Networks allowed to be members; empty = all. Go: {@code CIDRsAllowed}. */
    public List<Cidr> cidrsAllowed() {
        return cidrsAllowed;
    }

    /**
     * True when {@code ip} may be a member under {@link #cidrsAllowed()}. Go: {@code IPAllowed}.
     */
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

    /**
     * Refuse to send anything (packets, push/pulls and joins, reliable messages, TCP pings) to an
     * address that comes without the name of the node expected there, as Go does; join addresses
     * then take the form {@code name/host:port}. Go: {@code RequireNodeNames}.
     */
    public boolean requireNodeNames() {
        return network.requireNodeNames;
    }

    /**
     * Byte budget of one UDP packet, piggybacked gossip included. Larger risks fragmentation.
     * Go: {@code UDPBufferSize}.
     */
    public int udpBufferSize() {
        return network.udpBufferSize;
    }

    /**
     * Bound of each inbound message queue in the runtime; excess messages are dropped.
     * Go: {@code HandoffQueueDepth}.
     */
    public int handoffQueueDepth() {
        return network.handoffQueueDepth;
    }

    /**
     * LZW-compress packets when smaller, and streams always: CPU for bandwidth.
     * Go: {@code EnableCompression}.
     */
    public boolean enableCompression() {
        return network.enableCompression;
    }

    // ------------------------------------------------------------------ timing

    /**
     * Period of probes: shorter detects failures faster at more traffic. Zero turns failure
     * detection off (as in Go: no probes; the suspicion timeout, a multiple of this interval, is
     * then zero, so a suspicion heard from others is final at once). Go: {@code ProbeInterval}.
     */
    public Duration probeInterval() {
        return timing.probeInterval;
    }

    /**
     * How long to wait for a direct ack before asking helpers; about the 99th percentile RTT.
     * Go: {@code ProbeTimeout}.
     */
    public Duration probeTimeout() {
        return timing.probeTimeout;
    }

    /**
     * Period of gossip rounds: shorter spreads faster at more packets. Zero turns gossip off (as
     * in Go): broadcasts then only ride on probes and direct messages. Go: {@code GossipInterval}.
     */
    public Duration gossipInterval() {
        return timing.gossipInterval;
    }

    /**
     * Members gossiped to every gossip interval; 0 disables gossip (as a zero interval does).
     * Go: {@code GossipNodes}.
     */
    public int gossipNodes() {
        return timing.gossipNodes;
    }

    /**
     * Each broadcast is sent this × ceil(log10(N + 1)) times: reliability against bandwidth.
     * Go: {@code RetransmitMult}.
     */
    public int retransmitMult() {
        return timing.retransmitMult;
    }

    /**
     * Dead members still get gossip for this long, so they learn of their death and refute.
     * Go: {@code GossipToTheDeadTime}.
     */
    public Duration gossipToTheDeadTime() {
        return timing.gossipToTheDeadTime;
    }

    /**
     * Period of full state exchanges (scaled up with N); zero disables them.
     * Go: {@code PushPullInterval}.
     */
    public Duration pushPullInterval() {
        return timing.pushPullInterval;
    }

    /** Timeout of TCP connections (push/pull, reliable messages). Go: {@code TCPTimeout}. */
    public Duration tcpTimeout() {
        return timing.tcpTimeout;
    }

    /**
     * Period of the broadcast-queue depth sample; zero disables it. Go: {@code QueueCheckInterval}.
     */
    public Duration queueCheckInterval() {
        return timing.queueCheckInterval;
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
        return timing.syncAfterGossipWave;
    }

    /**
     * Not in Go (wire-compatible: only ordinary alive and dead packets). Facts a node originates
     * about itself are also sent directly, once, to up to this many live (alive or suspect) members
     * picked at random, besides the normal gossip broadcast: its own {@code dead} when it leaves,
     * its current {@code alive} when a join push/pull completes (to the members it just learned
     * of), and the new {@code alive} of a refutation or {@link Memberlist#updateNode}.
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
        return timing.selfAnnounceFanout;
    }

    /**
     * Not in Go (wire-compatible: an ordinary push/pull; Serf's {@code ReconnectInterval}). How
     * often this node tries to reach a member it declared dead (failed, not left) within
     * {@link #reconnectTimeout()}: one such member, picked at random, gets a push/pull with
     * {@code join = true}, as Serf's reconnect does. When a partition heals, that exchange merges
     * the two sides by themselves; in Go they stay split until someone joins again (memberlist
     * issue #222). Like Serf, an attempt is made only with probability {@code failed / alive}, so
     * one crashed node in a large cluster costs about one connection attempt per interval
     * cluster-wide, not one per member.
     *
     * <p>Default 30 s, Serf's value: a healed partition
     * merges within about two intervals (one exchange to learn of one's own death, one to carry
     * the refutations), cheap enough to leave on. {@link Duration#ZERO} turns it off (Go's
     * behaviour).
     */
    public Duration reconnectInterval() {
        return timing.reconnectInterval;
    }

    /**
     * Not in Go (Serf's {@code ReconnectTimeout}). How long after declaring a member dead this
     * node keeps trying to reconnect to it ({@link #reconnectInterval()}). Default 6 hours,
     * shorter than Serf's 24 hours: a partition that lasts longer is an outage an operator
     * handles, and the longer a dead node's address is tried, the likelier it belongs to
     * something else by then (addresses are reused quickly in clouds and Kubernetes). Use a
     * {@link #label()} or keys, or a {@link MergeDelegate}, so that an exchange with another
     * cluster at a reused address fails. {@link Duration#ZERO} turns reconnecting off.
     */
    public Duration reconnectTimeout() {
        return timing.reconnectTimeout;
    }

    /**
     * Not in Go (Go tries each address once). How long {@link Memberlist#join} keeps retrying
     * when no address could be joined yet: the addresses that failed in a way that may pass (no
     * connection, a timeout, a connection closed before the reply, which is what a seed that is
     * still starting, restarting, or over its push/pull limit gives) are tried again after an
     * exponential backoff with jitter (100-200 ms, then doubling, at most 5 s), until one succeeds
     * or the next attempt would start after this timeout. An answer that refuses the join (an
     * error reply, a vetoed or incompatible merge) is not retried. Once one address succeeded,
     * the others are not retried. {@link JoinException} still gives each address's last error.
     *
     * <p>Why: when many nodes join one seed at once (a whole cluster started together), a seed
     * over its limits (its push/pull cap, or Go's, or a stream timeout on a busy host) fails some
     * of them; without a retry those nodes are left alone until a periodic push/pull, which they
     * cannot make because they know no member. Default 30 s: enough for a seed process to start
     * or restart, short enough that a wrong address is reported the same minute. The cost: a
     * join to an address where nothing listens returns its error after this timeout instead of
     * at once. {@link Duration#ZERO} makes one attempt per address (Go's behaviour).
     */
    public Duration joinTimeout() {
        return timing.joinTimeout;
    }

    // ------------------------------------------------------------------ failure detection

    /** Helpers asked to probe a member that missed a direct probe. Go: {@code IndirectChecks}. */
    public int indirectChecks() {
        return detection.indirectChecks;
    }

    /** Never fall back to a TCP ping when a UDP probe fails. Go: {@code DisableTcpPings}. */
    public boolean disableTcpPings() {
        return detection.disableTcpPings;
    }

    /**
     * Per node: true to skip the TCP fallback ping for that node name.
     * Go: {@code DisableTcpPingsForNode}.
     */
    public Predicate<String> disableTcpPingsForNode() {
        return detection.disableTcpPingsForNode;
    }

    /**
     * Lifeguard: probe intervals stretch up to this factor while the local node looks unhealthy.
     * Go: {@code AwarenessMaxMultiplier}.
     */
    public int awarenessMaxMultiplier() {
        return detection.awarenessMaxMultiplier;
    }

    /**
     * Suspicion timeout = this × log10(N) × probe interval: higher is fewer false deaths, slower
     * detection. Go: {@code SuspicionMult}.
     */
    public int suspicionMult() {
        return detection.suspicionMult;
    }

    /**
     * Upper bound of the suspicion timeout, as a multiple of its lower bound.
     * Go: {@code SuspicionMaxTimeoutMult}.
     */
    public int suspicionMaxTimeoutMult() {
        return detection.suspicionMaxTimeoutMult;
    }

    /**
     * Lifeguard suspicion (default on, as Go): a suspicion starts at the maximum timeout and
     * shrinks towards the minimum as independent suspecters confirm it. Off: the timeout is the
     * minimum and confirmations are ignored (k = 0, plain SWIM). Not a Go setting; for
     * experiments that measure what Lifeguard buys.
     */
    public boolean lifeguardSuspicion() {
        return detection.lifeguardSuspicion;
    }

    /**
     * Lifeguard buddy system (default on, as Go): a probe of a suspect member carries the
     * suspicion, so the suspect learns it at once and refutes. Off: a plain ping. Not a Go
     * setting; for experiments.
     */
    public boolean lifeguardBuddy() {
        return detection.lifeguardBuddy;
    }

    /**
     * Not in Go (a local policy; no change on the wire). How long a member stays suspect, at most,
     * when it failed its probe (direct and indirect pings unanswered) and a TCP connection to its
     * exact address was refused (a reset from its host: its process is gone while the host is up,
     * the usual container crash), on the TCP fallback ping or a periodic push/pull. Without that
     * evidence the suspicion runs its usual Lifeguard course. A loss or a stalled process never
     * refuses a connection, so this shortens crash detection without adding false positives
     * (BENCHMARKS.md, "Failure-detection policies"). A member declared dead this way is also
     * told directly to up to {@link #selfAnnounceFanout()} live members (its suspect and its dead
     * in one ordinary compound packet), since no other member suspects it yet and one that missed
     * the gossip would wait for its own timer. Zero turns the rule off, as in Go.
     * Default 1 s; {@link Builder#goCompatible()} sets zero.
     */
    public Duration refusedConnectionSuspicion() {
        return detection.refusedConnectionSuspicion;
    }

    /**
     * Not in Go (a local policy; no change on the wire): the largest factor by which the
     * suspicion timeouts of a flapping member grow. A member that came back (alive again at a
     * higher incarnation after being suspect or dead in this node's view) has its suspicion
     * timeouts doubled for each comeback, up to this factor, while its comebacks follow each other
     * within {@link #flappingWindow()}. A member with a gray failure (it loses most of its packets)
     * then stays alive in every view, its refutations always beating the timer, instead of flapping
     * between alive and dead in every view (BENCHMARKS.md, "Failure-detection policies"). The
     * cost: a host crash of such a member is detected up to this many times later (a process crash
     * is still found fast, see {@link #refusedConnectionSuspicion()}). 1 turns it off, as in Go.
     * Default 8; {@link Builder#goCompatible()} sets 1.
     */
    public int flappingSuspicionMult() {
        return detection.flappingSuspicionMult;
    }

    /**
     * Not in Go (a local policy; no change on the wire): two checks on accusations about other
     * members. (1) Suspect and dead messages made by a member this node holds dead or left (or
     * declared dead recently) are ignored. (2) A dead message about a member this node holds
     * alive (never suspected here: the accuser's suspect did not get out) becomes a suspicion of
     * this node's own, not broadcast, and the accused is told directly so it refutes; more copies
     * of that same dead message do not end it, a death from another accuser or its own timer
     * does. Both
     * guard against a member with a gray failure (it loses most of its packets): cut off, it goes
     * on suspecting the healthy members it can no longer hear, and Go lets each of its dead
     * messages that gets out take a healthy member down in every view until it refutes
     * (BENCHMARKS.md, "Failure-detection policies"). (3) A member a push/pull reports suspect is
     * not taken as this node's own accusation: it neither confirms a suspicion running here nor
     * is gossiped under this node's name (Go does both, so one accuser's word, relayed by a few
     * push/pulls, counts as several independent confirmations and shortens Lifeguard's timer;
     * campaign seed 3720); where no suspicion runs, one starts quietly. (4) A member held dead
     * whose own leave arrives later (at the incarnation it died at, or higher) is marked left and
     * the leave gossiped on; the application hears of it by {@link
     * EventListener#notifyLateLeave}. Go ignores such a leave, so a member that left while its
     * leave missed this node stays failed here for ever (common with
     * {@link #refusedConnectionSuspicion()}, whose fast detection can beat a leave's gossip).
     * Leaves and accusations about this node (refuted as always) are otherwise unaffected.
     * Default true;
     * {@link Builder#goCompatible()} sets false.
     */
    public boolean checkAccusations() {
        return detection.checkAccusations;
    }

    /**
     * Not in Go (a local policy; no change on the wire): a suspicion that runs out with nobody but
     * its first accuser behind it (no other member suspected the member meanwhile, and no probe of
     * this node's own failed since it began) is checked before the member is declared dead. This node probes the member itself, at once: a direct
     * ping carrying the suspect message (so the member learns it is accused and refutes, as
     * Lifeguard's buddy probe does), then indirect pings and the TCP fallback, as in any probe.
     * No answer: the member is declared dead, one probe later than without the check. An answer
     * (and no refutation yet): the suspicion starts again, once, from the start; when it runs out
     * again the member is declared dead without a second check, unless its refutation arrived
     * meanwhile. Why: a lone accusation often comes from a slow or cut-off accuser, and its
     * subject's refutation, sent directly to every member and gossiped, still misses a member now
     * and then (lost packets; gossip gives each member a few copies); that member would declare a
     * healthy member dead when its timer ran out (docs/TESTING.md, campaign seed 7188). A real
     * crash usually gathers confirmations from other probers, and a process crash is caught
     * sooner by {@link #refusedConnectionSuspicion()}; neither is checked. The cost: a death
     * nobody confirmed is declared one probe later (BENCHMARKS.md, "Failure-detection policies").
     * Default true; {@link Builder#goCompatible()} sets false.
     */
    public boolean verifyLoneSuspicion() {
        return detection.verifyLoneSuspicion;
    }

    /**
     * How long a member's comebacks are remembered for {@link #flappingSuspicionMult()}: after this
     * long without one, its suspicions are ordinary again. Default 5 minutes.
     */
    public Duration flappingWindow() {
        return detection.flappingWindow;
    }

    /**
     * Not in Go (a local policy; wire-compatible: an ordinary leave, pings, and an ordinary alive
     * and push/pull to come back): self-fencing. A member with a gray failure (it loses most of
     * what it sends and receives) fails almost every probe of it, is suspected each time and
     * refutes each time: in every view it flips between alive and suspect a dozen times a minute,
     * for as long as its network is bad (and, without {@link #flappingSuspicionMult()}, dies and
     * comes back). With this policy, a member that had to refute this many accusations about
     * itself within {@link #selfFenceWindow()} concludes that its own network is broken and
     * leaves the cluster on its own, with an ordinary graceful leave: every other member sees it
     * left, one stable, agreed outcome.
     *
     * <p>What counts, so that healthy members do not fence: only accusations made by members this
     * node holds alive or suspect (so not the far side of a partition, which it holds dead); only
     * while at least half of the other members are alive or suspect in its view (so not the
     * smaller side of a partition); and only when it refuted at least ten times as often, within
     * the window, as the other members did on average as far as it saw (their refutations are
     * alives at a higher incarnation), so not loss on every link, where every member refutes.
     * Each refutation needs an accuser that heard the previous one, so the count grows only while
     * the cluster hears this member and still cannot reach it.
     *
     * <p>The application is told: {@link EventListener#notifyLeave} for this node, then
     * {@link EventListener#notifyFenced}; the counter {@code memberlist.fence} ({@code
     * reason=refutations}) and a warning in the log. While fenced the node probes nobody and
     * accuses nobody (a gray member is the main source of false accusations of healthy ones), sends
     * its leave directly to every member ten times (it loses most of them) and gossips nothing
     * else, ignores membership messages about others, and answers a push/pull with its own entry
     * only, without merging; {@link Memberlist#members()} is its last view, itself excluded, and
     * {@link Memberlist#isFenced()} is true. After {@link #selfFenceBackoff()} it pings members it
     * knew, one per probe interval, 30 times: when three in four answer, it rejoins with a new
     * incarnation (above the one it left with) through up to three of them ({@link
     * EventListener#notifyJoin} for itself); otherwise it stays out twice as long ({@code
     * memberlist.fence}, {@code reason=trial}, and {@link EventListener#notifyFenced} again) and
     * tries again, up to {@link #selfFenceMaxBackoff()}. {@link Memberlist#leave} while fenced
     * completes at once and keeps it out for good; {@link Memberlist#join} ends the fence at once;
     * {@link Memberlist#shutdown} works as always.
     *
     * <p>The cost: a member whose network really is that bad is out of the cluster (it was of
     * little use in it), at least for the backoff; and accusations are not authenticated beyond
     * the cluster's key, so a member that can send packets can make another refute. Measured in
     * the simulator (BENCHMARKS.md, "Failure-detection policies"): a member of 50 with 80% loss
     * fences within 29-88 s and then never changes status again in any view; no healthy member
     * fenced under 5, 10 or 20% loss on every link, partitions, a join stampede or the fault
     * campaign. 0 turns it off, as in Go. Default 12; {@link Builder#goCompatible()} sets 0.
     */
    public int selfFenceRefutations() {
        return detection.selfFenceRefutations;
    }

    /**
     * The window {@link #selfFenceRefutations()} counts refutations in (and the other members'
     * refutations it compares them with). Default 3 minutes; {@link #wan()} 15 minutes (its probe
     * interval is five times longer, and so is the time between two accusations).
     */
    public Duration selfFenceWindow() {
        return detection.selfFenceWindow;
    }

    /**
     * How long a node that fenced itself off ({@link #selfFenceRefutations()}) stays out before
     * its first rejoin trial; each further fence (or failed trial) doubles it, up to
     * {@link #selfFenceMaxBackoff()}. Default 5 minutes.
     */
    public Duration selfFenceBackoff() {
        return detection.selfFenceBackoff;
    }

    /**
     * The longest a fenced node stays out before a rejoin trial ({@link #selfFenceBackoff()}
     * doubled at most up to this). A node that stays in this long after a rejoin starts again
     * from {@link #selfFenceBackoff()} when it next fences. Default 1 hour.
     */
    public Duration selfFenceMaxBackoff() {
        return detection.selfFenceMaxBackoff;
    }

    /**
     * How long a dead member must stay dead before another member may take its name with a new
     * address. Zero = never (only after it left). Go: {@code DeadNodeReclaimTime}.
     */
    public Duration deadNodeReclaimTime() {
        return detection.deadNodeReclaimTime;
    }

    // ------------------------------------------------------------------ security

    /**
     * Prefix on every packet and stream that separates logical clusters on one network
     * (authenticated when encrypting, not secret). Empty = none; v0.2.2 peers cannot talk to a
     * labelled node. Go: {@code Label}.
     */
    public String label() {
        return security.label;
    }

    /**
     * Accept unlabelled traffic while rolling out a label (labelled packets are then dropped).
     * Go: {@code SkipInboundLabelCheck}.
     */
    public boolean skipInboundLabelCheck() {
        return security.skipInboundLabelCheck;
    }

    /** The primary AES key (16, 24 or 32 bytes), or {@code null}. A copy. Go: {@code SecretKey}. */
    public byte[] secretKey() {
        return security.secretKey == null ? null : security.secretKey.clone();
    }

    /**
     * Further keys accepted for decryption (the first one is primary when {@link #secretKey()} is
     * not set). Copies. Go: the keys of {@code Keyring} (the live ring is
     * {@link Memberlist#keyring()}).
     */
    public List<byte[]> keyring() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] k : security.keyring) {
            out.add(k.clone());
        }
        return out;
    }

    /** True when at least one key is configured. Go: {@code EncryptionEnabled}. */
    public boolean encryptionEnabled() {
        return security.secretKey != null || !security.keyring.isEmpty();
    }

    /**
     * Reject packets and streams that are not encrypted (turn off only to migrate to keys).
     * Go: {@code GossipVerifyIncoming}.
     */
    public boolean gossipVerifyIncoming() {
        return security.gossipVerifyIncoming;
    }

    /**
     * Encrypt what we send (turn off only to migrate to keys). Go: {@code GossipVerifyOutgoing}.
     */
    public boolean gossipVerifyOutgoing() {
        return security.gossipVerifyOutgoing;
    }

    // ------------------------------------------------------------------ hooks

    /**
     * Labels added to every metric the library reports, e.g. the cluster or data-centre name;
     * passed to the labelled forms of {@link Metrics}. Go: {@code MetricLabels}.
     */
    public Map<String, String> metricLabels() {
        return hooks.metricLabels;
    }

    /**
     * The sink the library reports to: the one given to {@link Builder#metrics}, wrapped so that
     * every metric carries {@link #metricLabels()} (the sink itself when there are none). Go has
     * no field: it reports to go-metrics' global sink.
     */
    public Metrics metrics() {
        return labelledMetrics;
    }

    /** The application's metadata, messages and state, or {@code null}. Go: {@code Delegate}. */
    public Delegate delegate() {
        return hooks.delegate;
    }

    /** Observes joins, leaves and updates, or {@code null}. Go: {@code Events}. */
    public EventListener events() {
        return hooks.events;
    }

    /** Told of a name claimed at another address, or {@code null}. Go: {@code Conflict}. */
    public ConflictDelegate conflict() {
        return hooks.conflict;
    }

    /** May veto a join's merge, or {@code null}. Go: {@code Merge}. */
    public MergeDelegate merge() {
        return hooks.merge;
    }

    /** May veto any alive message, or {@code null}. Go: {@code Alive}. */
    public AliveDelegate alive() {
        return hooks.alive;
    }

    /** Ack payloads and probe round-trip times, or {@code null}. Go: {@code Ping}. */
    public PingDelegate ping() {
        return hooks.ping;
    }

    /** Builds a {@link Config}; starts with the LAN defaults. */
    public static final class Builder {
        private Identity identity;
        private Network network;
        private Timing timing;
        private FailureDetection detection;
        private Security security;
        private Hooks hooks;

        private Builder() {
            identity = new Identity();
            network = new Network();
            timing = new Timing();
            detection = new FailureDetection();
            security = new Security();
            hooks = new Hooks();
        }

        private Builder(Config c) {
            identity = c.identity.copy();
            network = c.network.copy();
            timing = c.timing.copy();
            detection = c.detection.copy();
            security = c.security.copy();
            hooks = c.hooks.copy();
        }

        // ---------------------------------------------------------------- identity

        /** Sets {@link Config#name()}; {@code null} means the host name. */
        public Builder name(String v) { identity.name = v; return this; }
        /** Sets {@link Config#protocolVersion()}. */
        public Builder protocolVersion(int v) { identity.protocolVersion = v; return this; }
        /** Sets {@link Config#delegateProtocolVersion()}. */
        public Builder delegateProtocolVersion(int v) { identity.delegateProtocolVersion = v; return this; }
        /** Sets {@link Config#delegateProtocolMin()}. */
        public Builder delegateProtocolMin(int v) { identity.delegateProtocolMin = v; return this; }
        /** Sets {@link Config#delegateProtocolMax()}. */
        public Builder delegateProtocolMax(int v) { identity.delegateProtocolMax = v; return this; }
        /** Sets {@link Config#initialIncarnationFromClock()}. */
        public Builder initialIncarnationFromClock(boolean v) { identity.initialIncarnationFromClock = v; return this; }

        // ---------------------------------------------------------------- network

        /** Sets {@link Config#bindAddr()}. */
        public Builder bindAddr(String v) { network.bindAddr = v; return this; }
        /** Sets {@link Config#bindPort()}. */
        public Builder bindPort(int v) { network.bindPort = v; return this; }
        /** Sets {@link Config#advertiseAddr()}; {@code null} means none. */
        public Builder advertiseAddr(String v) { network.advertiseAddr = v == null ? "" : v; return this; }
        /** Sets {@link Config#advertisePort()}. */
        public Builder advertisePort(int v) { network.advertisePort = v; return this; }
        /**
         * Sets {@link Config#cidrsAllowed()}: networks in CIDR notation, parsed (and reported) by
         * {@link #build()}.
         */
        public Builder cidrsAllowed(List<String> cidrs) { network.cidrs = List.copyOf(cidrs); return this; }
        /** Sets {@link Config#requireNodeNames()}. */
        public Builder requireNodeNames(boolean v) { network.requireNodeNames = v; return this; }
        /** Sets {@link Config#udpBufferSize()}. */
        public Builder udpBufferSize(int v) { network.udpBufferSize = v; return this; }
        /** Sets {@link Config#handoffQueueDepth()}. */
        public Builder handoffQueueDepth(int v) { network.handoffQueueDepth = v; return this; }
        /** Sets {@link Config#enableCompression()}. */
        public Builder enableCompression(boolean v) { network.enableCompression = v; return this; }

        // ---------------------------------------------------------------- timing

        /** Sets {@link Config#probeInterval()}. */
        public Builder probeInterval(Duration v) { timing.probeInterval = v; return this; }
        /** Sets {@link Config#probeTimeout()}. */
        public Builder probeTimeout(Duration v) { timing.probeTimeout = v; return this; }
        /** Sets {@link Config#gossipInterval()}. */
        public Builder gossipInterval(Duration v) { timing.gossipInterval = v; return this; }
        /** Sets {@link Config#gossipNodes()}. */
        public Builder gossipNodes(int v) { timing.gossipNodes = v; return this; }
        /** Sets {@link Config#retransmitMult()}. */
        public Builder retransmitMult(int v) { timing.retransmitMult = v; return this; }
        /** Sets {@link Config#gossipToTheDeadTime()}. */
        public Builder gossipToTheDeadTime(Duration v) { timing.gossipToTheDeadTime = v; return this; }
        /** Sets {@link Config#pushPullInterval()}. */
        public Builder pushPullInterval(Duration v) { timing.pushPullInterval = v; return this; }
        /** Sets {@link Config#tcpTimeout()}. */
        public Builder tcpTimeout(Duration v) { timing.tcpTimeout = v; return this; }
        /** Sets {@link Config#queueCheckInterval()}. */
        public Builder queueCheckInterval(Duration v) { timing.queueCheckInterval = v; return this; }
        /** Sets {@link Config#syncAfterGossipWave()}. */
        public Builder syncAfterGossipWave(boolean v) { timing.syncAfterGossipWave = v; return this; }
        /** Sets {@link Config#selfAnnounceFanout()}. */
        public Builder selfAnnounceFanout(int v) { timing.selfAnnounceFanout = v; return this; }
        /** Sets {@link Config#reconnectInterval()}. */
        public Builder reconnectInterval(Duration v) { timing.reconnectInterval = v; return this; }
        /** Sets {@link Config#reconnectTimeout()}. */
        public Builder reconnectTimeout(Duration v) { timing.reconnectTimeout = v; return this; }
        /** Sets {@link Config#joinTimeout()}. */
        public Builder joinTimeout(Duration v) { timing.joinTimeout = v; return this; }

        // ---------------------------------------------------------------- failure detection

        /** Sets {@link Config#indirectChecks()}. */
        public Builder indirectChecks(int v) { detection.indirectChecks = v; return this; }
        /** Sets {@link Config#disableTcpPings()}. */
        public Builder disableTcpPings(boolean v) { detection.disableTcpPings = v; return this; }

        /** Sets {@link Config#disableTcpPingsForNode()}; {@code null} means no node is skipped. */
        public Builder disableTcpPingsForNode(Predicate<String> v) {
            detection.disableTcpPingsForNode = v == null ? FailureDetection.NO_NODE : v;
            return this;
        }

        /** Sets {@link Config#awarenessMaxMultiplier()}. */
        public Builder awarenessMaxMultiplier(int v) { detection.awarenessMaxMultiplier = v; return this; }
        /** Sets {@link Config#suspicionMult()}. */
        public Builder suspicionMult(int v) { detection.suspicionMult = v; return this; }
        /** Sets {@link Config#suspicionMaxTimeoutMult()}. */
        public Builder suspicionMaxTimeoutMult(int v) { detection.suspicionMaxTimeoutMult = v; return this; }
        /** Sets {@link Config#lifeguardSuspicion()}. */
        public Builder lifeguardSuspicion(boolean v) { detection.lifeguardSuspicion = v; return this; }
        /** Sets {@link Config#lifeguardBuddy()}. */
        public Builder lifeguardBuddy(boolean v) { detection.lifeguardBuddy = v; return this; }
        /** Sets {@link Config#refusedConnectionSuspicion()}; zero turns the rule off. */
        public Builder refusedConnectionSuspicion(Duration v) { detection.refusedConnectionSuspicion = v; return this; }
        /** Sets {@link Config#flappingSuspicionMult()}; 1 turns the policy off. */
        public Builder flappingSuspicionMult(int v) { detection.flappingSuspicionMult = v; return this; }
        /** Sets {@link Config#checkAccusations()}. */
        public Builder checkAccusations(boolean v) { detection.checkAccusations = v; return this; }
        /** Sets {@link Config#verifyLoneSuspicion()}. */
        public Builder verifyLoneSuspicion(boolean v) { detection.verifyLoneSuspicion = v; return this; }
        /** Sets {@link Config#flappingWindow()}. */
        public Builder flappingWindow(Duration v) { detection.flappingWindow = v; return this; }
        /** Sets {@link Config#selfFenceRefutations()}; 0 turns the policy off. */
        public Builder selfFenceRefutations(int v) { detection.selfFenceRefutations = v; return this; }
        /** Sets {@link Config#selfFenceWindow()}. */
        public Builder selfFenceWindow(Duration v) { detection.selfFenceWindow = v; return this; }
        /** Sets {@link Config#selfFenceBackoff()}. */
        public Builder selfFenceBackoff(Duration v) { detection.selfFenceBackoff = v; return this; }
        /** Sets {@link Config#selfFenceMaxBackoff()}. */
        public Builder selfFenceMaxBackoff(Duration v) { detection.selfFenceMaxBackoff = v; return this; }
        /** Sets {@link Config#deadNodeReclaimTime()}. */
        public Builder deadNodeReclaimTime(Duration v) { detection.deadNodeReclaimTime = v; return this; }

        // ---------------------------------------------------------------- security

        /** Sets {@link Config#label()}; {@code null} means none. */
        public Builder label(String v) { security.label = v == null ? "" : v; return this; }
        /** Sets {@link Config#skipInboundLabelCheck()}. */
        public Builder skipInboundLabelCheck(boolean v) { security.skipInboundLabelCheck = v; return this; }
        /** Sets {@link Config#secretKey()}, the primary key (copied); {@code null} for none. */
        public Builder secretKey(byte[] v) { security.secretKey = v == null ? null : v.clone(); return this; }

        /** Sets {@link Config#keyring()}: further keys, accepted for decryption (copied). */
        public Builder keyring(List<byte[]> keys) {
            List<byte[]> copies = new ArrayList<>();
            for (byte[] k : keys) {
                copies.add(Objects.requireNonNull(k, "keyring entry").clone());
            }
            security.keyring = List.copyOf(copies);
            return this;
        }

        /** Sets {@link Config#gossipVerifyIncoming()}. */
        public Builder gossipVerifyIncoming(boolean v) { security.gossipVerifyIncoming = v; return this; }
        /** Sets {@link Config#gossipVerifyOutgoing()}. */
        public Builder gossipVerifyOutgoing(boolean v) { security.gossipVerifyOutgoing = v; return this; }

        // ---------------------------------------------------------------- hooks

        /** Sets {@link Config#metricLabels()} (copied). */
        public Builder metricLabels(Map<String, String> v) { hooks.metricLabels = Map.copyOf(v); return this; }
        /** Sets {@link Config#metrics()}; {@code null} means {@link Metrics#NOOP}. */
        public Builder metrics(Metrics v) { hooks.metrics = v == null ? Metrics.NOOP : v; return this; }
        /** Sets {@link Config#delegate()}. */
        public Builder delegate(Delegate v) { hooks.delegate = v; return this; }
        /** Sets {@link Config#events()}. */
        public Builder events(EventListener v) { hooks.events = v; return this; }
        /** Sets {@link Config#conflict()}. */
        public Builder conflict(ConflictDelegate v) { hooks.conflict = v; return this; }
        /** Sets {@link Config#merge()}. */
        public Builder merge(MergeDelegate v) { hooks.merge = v; return this; }
        /** Sets {@link Config#alive()}. */
        public Builder alive(AliveDelegate v) { hooks.alive = v; return this; }
        /** Sets {@link Config#ping()}. */
        public Builder ping(PingDelegate v) { hooks.ping = v; return this; }

        /**
         * Behaves exactly like Go's memberlist: turns off the additions of this library that are
         * on by default ({@link Config#selfAnnounceFanout()} becomes 0,
         * {@link Config#syncAfterGossipWave()} false, {@link Config#reconnectInterval()} and
         * {@link Config#joinTimeout()} zero, the failure-detection policies off:
         * {@link Config#refusedConnectionSuspicion()} zero, {@link Config#flappingSuspicionMult()} 1,
         * {@link Config#checkAccusations()} and {@link Config#verifyLoneSuspicion()} false,
         * {@link Config#selfFenceRefutations()} 0), starts the incarnation at 1
         * ({@link Config#initialIncarnationFromClock()} false)
         * and turns the Lifeguard switches back to Go's (both on). Every other field keeps its
         * value, so {@code Config.lan().goCompatible()} is Go's {@code DefaultLANConfig}, and
         * likewise for {@link Config#wan()} and
         * {@link Config#local()}. None of the additions changes the wire format; they add
         * packets, change when a member is suspected, or (the clock's incarnation) the numbers
         * an alive carries (README, "Defaults that are ours", has the measured costs).
         */
        public Builder goCompatible() {
            timing.selfAnnounceFanout = 0;
            timing.syncAfterGossipWave = false;
            timing.reconnectInterval = Duration.ZERO;
            timing.joinTimeout = Duration.ZERO;
            detection.lifeguardSuspicion = true;
            detection.lifeguardBuddy = true;
            detection.refusedConnectionSuspicion = Duration.ZERO;
            detection.flappingSuspicionMult = 1;
            detection.checkAccusations = false;
            identity.initialIncarnationFromClock = false;
            detection.selfFenceRefutations = 0;
            detection.verifyLoneSuspicion = false;
            return this;
        }

        /**
         * Checks every field once and builds the configuration from a copy of this builder's
         * values: the builder is left as it was (a missing {@link #name} stays missing and is
         * filled in again, from the host name, by the next build), and changing it afterwards
         * changes no configuration built from it.
         *
         * @throws IllegalArgumentException naming the first bad field and its allowed range
         */
        public Config build() {
            Identity id = identity.copy();
            if (id.name == null) {
                id.name = hostName();
            }
            id.check();
            Network net = network.copy();
            List<Cidr> cidrs = net.check();
            Timing t = timing.copy();
            t.check();
            FailureDetection fd = detection.copy();
            fd.check();
            Security sec = security.copy();
            sec.check();
            return new Config(id, net, t, fd, sec, hooks.copy(), cidrs);
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
    }

    // ---------------------------------------------------------------------- storage

    /**
     * One group of settings. Fields hold immutable values only (the setters copy arrays and
     * collections), so a shallow clone is a full, independent copy.
     */
    private abstract static class Group implements Cloneable {
        @SuppressWarnings("unchecked")
        final <G extends Group> G copy() {
            try {
                return (G) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static final class Identity extends Group {
        private String name; // null: the host name, filled in by build()
        private int protocolVersion = 2;
        private int delegateProtocolVersion;
        private int delegateProtocolMin;
        private int delegateProtocolMax;
        private boolean initialIncarnationFromClock = true;

        void check() {
            require(!name.isEmpty(), "name", "must not be empty");
            range("protocolVersion", protocolVersion, PROTOCOL_VERSION_MIN, PROTOCOL_VERSION_MAX);
            range("delegateProtocolVersion", delegateProtocolVersion, 0, 255);
            range("delegateProtocolMin", delegateProtocolMin, 0, 255);
            range("delegateProtocolMax", delegateProtocolMax, 0, 255);
        }
    }

    private static final class Network extends Group {
        private String bindAddr = "0.0.0.0";
        private int bindPort = 7946;
        private String advertiseAddr = "";
        private int advertisePort = 7946;
        /** As given; parsed by {@link #check()}. */
        private List<String> cidrs = List.of();
        private boolean requireNodeNames;
        private int udpBufferSize = 1400;
        private int handoffQueueDepth = 1024;
        private boolean enableCompression = true;

        /** Returns the parsed {@link #cidrs}. */
        List<Cidr> check() {
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
            range("handoffQueueDepth", handoffQueueDepth, 1, Integer.MAX_VALUE);
            range("udpBufferSize", udpBufferSize, 64, 65507);
            List<Cidr> parsed = new ArrayList<>();
            for (String text : cidrs) {
                try {
                    parsed.add(Cidr.parse(text));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("cidrsAllowed: " + e.getMessage());
                }
            }
            return parsed;
        }
    }

    private static final class Timing extends Group {
        private Duration probeInterval = Duration.ofSeconds(1);
        private Duration probeTimeout = Duration.ofMillis(500);
        private Duration gossipInterval = Duration.ofMillis(200);
        private int gossipNodes = 3;
        private int retransmitMult = 4;
        private Duration gossipToTheDeadTime = Duration.ofSeconds(30);
        private Duration pushPullInterval = Duration.ofSeconds(30);
        private Duration tcpTimeout = Duration.ofSeconds(10);
        private Duration queueCheckInterval = Duration.ofSeconds(30);
        private boolean syncAfterGossipWave = true;
        private int selfAnnounceFanout = DEFAULT_SELF_ANNOUNCE_FANOUT;
        private Duration reconnectInterval = DEFAULT_RECONNECT_INTERVAL;
        private Duration reconnectTimeout = DEFAULT_RECONNECT_TIMEOUT;
        private Duration joinTimeout = DEFAULT_JOIN_TIMEOUT;

        void check() {
            nonNegative("probeInterval", probeInterval);
            positive("probeTimeout", probeTimeout);
            nonNegative("gossipInterval", gossipInterval);
            range("gossipNodes", gossipNodes, 0, 1 << 16);
            range("retransmitMult", retransmitMult, 1, 1 << 16);
            nonNegative("gossipToTheDeadTime", gossipToTheDeadTime);
            nonNegative("pushPullInterval", pushPullInterval);
            positive("tcpTimeout", tcpTimeout);
            nonNegative("queueCheckInterval", queueCheckInterval);
            range("selfAnnounceFanout", selfAnnounceFanout, 0, SELF_ANNOUNCE_FANOUT_MAX);
            nonNegative("reconnectInterval", reconnectInterval);
            nonNegative("reconnectTimeout", reconnectTimeout);
            nonNegative("joinTimeout", joinTimeout);
        }
    }

    private static final class FailureDetection extends Group {
        static final Predicate<String> NO_NODE = n -> false;

        private int indirectChecks = 3;
        private boolean disableTcpPings;
        private Predicate<String> disableTcpPingsForNode = NO_NODE;
        private int awarenessMaxMultiplier = 8;
        private int suspicionMult = 4;
        private int suspicionMaxTimeoutMult = 6;
        private boolean lifeguardSuspicion = true;
        private boolean lifeguardBuddy = true;
        private Duration deadNodeReclaimTime = Duration.ZERO;
        private Duration refusedConnectionSuspicion = Duration.ofSeconds(1);
        private int flappingSuspicionMult = 8;
        private Duration flappingWindow = Duration.ofMinutes(5);
        private boolean checkAccusations = true;
        private int selfFenceRefutations = 12;
        private Duration selfFenceWindow = Duration.ofMinutes(3);
        private Duration selfFenceBackoff = Duration.ofMinutes(5);
        private Duration selfFenceMaxBackoff = Duration.ofHours(1);
        private boolean verifyLoneSuspicion = true;

        void check() {
            range("indirectChecks", indirectChecks, 0, 1 << 16);
            range("awarenessMaxMultiplier", awarenessMaxMultiplier, 1, 1 << 16);
            range("suspicionMult", suspicionMult, 1, 1 << 16);
            range("suspicionMaxTimeoutMult", suspicionMaxTimeoutMult, 1, 1 << 16);
            nonNegative("deadNodeReclaimTime", deadNodeReclaimTime);
            nonNegative("refusedConnectionSuspicion", refusedConnectionSuspicion);
            range("flappingSuspicionMult", flappingSuspicionMult, 1, 1 << 10);
            positive("flappingWindow", flappingWindow);
            range("selfFenceRefutations", selfFenceRefutations, 0, 1 << 16);
            positive("selfFenceWindow", selfFenceWindow);
            positive("selfFenceBackoff", selfFenceBackoff);
            positive("selfFenceMaxBackoff", selfFenceMaxBackoff);
            require(selfFenceMaxBackoff.compareTo(selfFenceBackoff) >= 0, "selfFenceMaxBackoff",
                    "must be >= selfFenceBackoff (" + selfFenceBackoff + "), was " + selfFenceMaxBackoff);
        }
    }

    private static final class Security extends Group {
        private String label = "";
        private boolean skipInboundLabelCheck;
        private byte[] secretKey; // a private copy, never changed
        private List<byte[]> keyring = List.of(); // private copies, never changed
        private boolean gossipVerifyIncoming = true;
        private boolean gossipVerifyOutgoing = true;

        void check() {
            int labelBytes = label.getBytes(StandardCharsets.UTF_8).length;
            require(labelBytes <= LABEL_MAX_SIZE, "label",
                    "must be at most " + LABEL_MAX_SIZE + " bytes of UTF-8, was " + labelBytes);
            if (secretKey != null) {
                keyLength("secretKey", secretKey);
            }
            for (int i = 0; i < keyring.size(); i++) {
                keyLength("keyring[" + i + "]", keyring.get(i));
            }
        }
    }

    private static final class Hooks extends Group {
        private Map<String, String> metricLabels = Map.of();
        private Metrics metrics = Metrics.NOOP;
        private Delegate delegate;
        private EventListener events;
        private ConflictDelegate conflict;
        private MergeDelegate merge;
        private AliveDelegate alive;
        private PingDelegate ping;
    }

    // ---------------------------------------------------------------------- validation

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
