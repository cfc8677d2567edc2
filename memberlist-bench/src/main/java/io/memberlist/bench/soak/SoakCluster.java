package io.memberlist.bench.soak;

import io.memberlist.Config;
import io.memberlist.EventListener;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.Memberlist;
import io.memberlist.NodeStats;
import io.memberlist.transport.EventLoopGroup;
import io.memberlist.transport.NioTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's cluster: {@code n} real nodes in this JVM, each on its own UDP+TCP sockets on
 * 127.0.0.1 behind a {@link LossyTransport}, sharing one event-loop group, watched through
 * the public API only: an {@link EventListener} per node (a live node reported dead is a false
 * positive: no node is ever stopped), one {@link SoakMetrics} sink, and {@link Memberlist#stats()}.
 */
final class SoakCluster implements AutoCloseable {
    static final int JOIN_WAVE = 25;
    static final int JOIN_ATTEMPTS = 5;

    /** A live node declared dead in someone's view: who saw it, and when (ms since the epoch). */
    record FalseDeath(String observer, String subject, MemberState state, long atMillis) {}

    private final SoakOptions options;
    private final SoakMetrics metrics = new SoakMetrics();
    private final List<Memberlist> nodes = new ArrayList<>();
    private final List<LossyTransport> transports = new ArrayList<>();
    private final long[] baseIncarnation;
    private final ConcurrentLinkedQueue<FalseDeath> falseDeaths = new ConcurrentLinkedQueue<>();
    private final AtomicLong rejoins = new AtomicLong();
    private final AtomicLong joinFailures = new AtomicLong();
    private volatile boolean watching = true;
    private volatile boolean converged;
    private EventLoopGroup group;

    SoakCluster(SoakOptions options) {
        this.options = options;
        this.baseIncarnation = new long[options.n()];
    }

    /** Binds every node (not yet joined). */
    void start() throws IOException {
        group = new EventLoopGroup(options.threads(), "soak");
        SplittableRandom seeds = new SplittableRandom(options.seed());
        for (int i = 0; i < options.n(); i++) {
            String name = "soak-" + i;
            LossyTransport t = new LossyTransport(new NioTransport("127.0.0.1", 0, "", 0), options.loss(),
                    seeds.nextLong());
            Config.Builder b = "lan".equals(options.preset()) ? Config.lan() : Config.local();
            Config c = b.name(name).bindAddr("127.0.0.1").bindPort(0)
                    .queueCheckInterval(Duration.ofSeconds(10))
                    .metrics(metrics).events(listener(name)).build();
            transports.add(t);
            nodes.add(Memberlist.create(c, group, t));
        }
    }

    private EventListener listener(String observer) {
        return new EventListener() {
            @Override
            public void notifyJoin(Member m) {
                if (watching && converged) { // before convergence, joins are expected
                    rejoins.incrementAndGet();
                }
            }

            @Override
            public void notifyLeave(Member m) {
                if (watching) {
                    falseDeaths.add(new FalseDeath(observer, m.name(), m.state(), System.currentTimeMillis()));
                }
            }
        };
    }

    /**
     * Joins the nodes in waves of {@link #JOIN_WAVE}, each node through up to three random members
     * of the earlier waves, retrying a failed join (as an agent would); then waits until every
     * node sees all {@code n}. Not all at once through one seed: 199 simultaneous push/pulls
     * from one address (loopback) exceed a node's per-source cap on pending connections, and
     * the join path is not what the soak measures.
     *
     * @return the time it took, or null when {@code timeout} passed first
     */
    Duration joinAndConverge(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        SplittableRandom random = new SplittableRandom(options.seed() ^ 0x5eed);
        List<String> joined = new ArrayList<>(List.of(address(0)));
        for (int first = 1; first < nodes.size() && System.nanoTime() < deadline; first += JOIN_WAVE) {
            List<Integer> wave = new ArrayList<>();
            for (int i = first; i < Math.min(nodes.size(), first + JOIN_WAVE); i++) {
                wave.add(i);
            }
            for (int attempt = 0; !wave.isEmpty() && attempt < JOIN_ATTEMPTS; attempt++) {
                if (attempt > 0) {
                    Thread.sleep(1000);
                }
                List<CompletableFuture<Integer>> joins = new ArrayList<>();
                for (int i : wave) {
                    joins.add(nodes.get(i).joinAsync(seeds(joined, random)).exceptionally(e -> {
                        joinFailures.incrementAndGet();
                        return 0;
                    }));
                }
                List<Integer> failed = new ArrayList<>();
                for (int k = 0; k < wave.size(); k++) {
                    long left = Math.max(1, deadline - System.nanoTime());
                    int ok = joins.get(k).completeOnTimeout(0, left, TimeUnit.NANOSECONDS).join();
                    if (ok > 0) {
                        joined.add(address(wave.get(k)));
                    } else {
                        failed.add(wave.get(k));
                    }
                }
                wave = failed;
            }
        }
        while (System.nanoTime() < deadline) {
            if (nodes.stream().allMatch(m -> m.numMembers() == nodes.size())) {
                for (int i = 0; i < nodes.size(); i++) {
                    baseIncarnation[i] = nodes.get(i).localNode().incarnation();
                }
                converged = true;
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(500);
        }
        return null;
    }

    private String address(int i) {
        return "127.0.0.1:" + nodes.get(i).port();
    }

    private static String[] seeds(List<String> joined, SplittableRandom random) {
        int k = Math.min(3, joined.size());
        List<String> pool = new ArrayList<>(joined);
        String[] out = new String[k];
        for (int j = 0; j < k; j++) {
            out[j] = pool.remove(random.nextInt(pool.size()));
        }
        return out;
    }

    /** Join attempts that failed (each is retried, up to {@link #JOIN_ATTEMPTS} per node). */
    long joinFailures() {
        return joinFailures.get();
    }

    /** Adds the cluster's figures to {@code sample} (see {@link SoakSample}). */
    void measure(Map<String, Object> sample) {
        int membersMin = Integer.MAX_VALUE;
        int tableMax = 0;
        long queueTotal = 0;
        int queueMax = 0;
        long open = 0;
        long pending = 0;
        long waiting = 0;
        long buffered = 0;
        long handoff = 0;
        long handoffDropped = 0;
        int health = 0;
        long refutations = 0;
        double rttMax = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Memberlist m = nodes.get(i);
            long t0 = System.nanoTime();
            NodeStats s = m.stats();
            rttMax = Math.max(rttMax, (System.nanoTime() - t0) / 1e6);
            membersMin = Math.min(membersMin, s.members());
            tableMax = Math.max(tableMax, s.memberTable());
            queueTotal += s.queuedBroadcasts();
            queueMax = Math.max(queueMax, s.queuedBroadcasts());
            open += s.openStreams();
            pending += s.pendingStreams();
            waiting += s.waitingStreams();
            buffered += s.streamBufferedBytes();
            handoff += s.handoffQueued();
            handoffDropped += s.handoffDropped();
            health = Math.max(health, s.healthScore());
            if (converged) {
                refutations += m.localNode().incarnation() - baseIncarnation[i];
            }
        }
        sample.put(SoakSample.MEMBERS_MIN, membersMin);
        sample.put(SoakSample.MEMBER_TABLE_MAX, tableMax);
        sample.put(SoakSample.BROADCAST_QUEUE_TOTAL, queueTotal);
        sample.put(SoakSample.BROADCAST_QUEUE_MAX, queueMax);
        sample.put(SoakSample.BROADCAST_QUEUE_METRIC_MAX, metrics.takeQueueMax());
        sample.put(SoakSample.STREAMS_OPEN_TOTAL, open);
        sample.put(SoakSample.STREAMS_PENDING_TOTAL, pending);
        sample.put(SoakSample.STREAMS_WAITING_TOTAL, waiting);
        sample.put(SoakSample.STREAM_BUFFERED_TOTAL, buffered);
        sample.put(SoakSample.HANDOFF_QUEUED_TOTAL, handoff);
        sample.put(SoakSample.HANDOFF_DROPPED_TOTAL, handoffDropped);
        sample.put(SoakSample.HEALTH_MAX, health);
        sample.put(SoakSample.LOOP_RTT_MAX_MS, Math.round(rttMax * 10) / 10.0);
        sample.put(SoakSample.SUSPICIONS, metrics.count(SoakMetrics.SUSPECT));
        sample.put(SoakSample.FALSE_DEATHS, (long) falseDeaths.size());
        sample.put(SoakSample.REFUTATIONS, refutations);
        sample.put(SoakSample.DEGRADED_TIMEOUTS, metrics.count(SoakMetrics.DEGRADED_TIMEOUT));
        long sent = 0;
        long out = 0;
        long received = 0;
        long in = 0;
        for (LossyTransport t : transports) {
            sent += t.sent.sum();
            out += t.droppedOut.sum();
            received += t.received.sum();
            in += t.droppedIn.sum();
        }
        sample.put(SoakSample.DATAGRAMS_SENT, sent);
        sample.put(SoakSample.DATAGRAMS_DROPPED_OUT, out);
        sample.put(SoakSample.DATAGRAMS_RECEIVED, received);
        sample.put(SoakSample.DATAGRAMS_DROPPED_IN, in);
    }

    List<FalseDeath> falseDeaths() {
        return List.copyOf(falseDeaths);
    }

    long rejoins() {
        return rejoins.get();
    }

    @Override
    public void close() {
        watching = false;
        for (Memberlist m : nodes) {
            try {
                m.shutdown();
            } catch (RuntimeException e) {
                // keep going: the others still hold ports
            }
        }
        if (group != null) {
            group.close();
        }
    }
}
