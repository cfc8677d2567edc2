package io.memberlist.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import io.memberlist.Config;
import io.memberlist.EventListener;
import io.memberlist.JoinException;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.Memberlist;
import io.memberlist.transport.EventLoopGroup;
import io.memberlist.transport.NioTransport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The Java side of the whole-cluster benchmarks, mirroring {@code gopeer bench} (interop/gopeer/bench.go):
 * N nodes {@code java-0 … java-(N-1)} in this JVM on 127.0.0.1 (automatic ports, one shared event
 * loop group), nodes 1..N-1 all join {@code java-0} at once. Prints one JSON line per result with
 * the same fields as the Go side ({@code impl:"java"}), each stamped with the load averages and
 * this process's RSS ({@link ProcStats}).
 *
 * <pre>
 * ClusterBench converge|idle|crash|leave|all [-n 64] [-preset local|lan] [-timeout 180s] [-idle 10s]
 *              [-settle 0s] [-sample 500ms] [-join-timeout D] [-compress] [-key BASE64] [-threads T]
 *              [-diag]
 * </pre>
 *
 * <p>Membership is followed through each node's {@link EventListener} (a count per node kept from
 * its join and leave events), never by asking the nodes: reading {@code numMembers()} of 1,024
 * nodes every 20 ms is a million table entries per poll queued on the same event loops the
 * cluster runs on, which slowed the very convergence being timed. Events reach the listener
 * shortly after the engine changes, so the times here are, if anything, a little late.
 *
 * <p>{@code -settle} waits before the idle window, so the window sees steady state rather than
 * start-up push/pulls and JIT warm-up. The crash phase also reports false suspicions (live
 * members some node held suspect, sampled every {@code -sample}) and false deaths (leave events
 * about live members), which a loaded machine produces.
 */
public final class ClusterBench {
    private static final JSON JSON_LINE = JSON.builder().enable(JSON.Feature.WRITE_NULL_PROPERTIES).build();

    private final Options o;
    private final List<Node> nodes = new ArrayList<>();
    private final AtomicInteger fullNodes = new AtomicInteger();
    private final AtomicLong known = new AtomicLong();
    /** Name of the member being removed in the crash/leave phase, or null. */
    private volatile String victim;
    private final Set<String> falseDeaths = ConcurrentHashMap.newKeySet();
    /** With -diag: the seed's counters of interest (refused streams by reason, accepts). */
    private final Map<String, Long> seedCounters = new ConcurrentHashMap<>();
    private EventLoopGroup group;

    /** Command-line options. */
    static final class Options {
        int n = 64;
        String preset = "local";
        Duration timeout = Duration.ofSeconds(180);
        Duration idle = Duration.ofSeconds(10);
        Duration settle = Duration.ZERO;
        Duration sample = Duration.ofMillis(500);
        Duration joinTimeout;
        /** Counts the seed's refused streams by reason (a metrics sink on node 0 only). */
        boolean diag;
        boolean compress;
        List<byte[]> keys = new ArrayList<>();
        int threads = EventLoopGroup.defaultThreads();
    }

    /** One benchmark node: its Memberlist, byte counters, and what its events told it. */
    final class Node {
        final String name;
        final CountingTransport transport;
        /** Members this node lists (alive or suspect), itself included, from its events. */
        final AtomicInteger members = new AtomicInteger(1);
        final Map<String, MemberState> leftStates = new ConcurrentHashMap<>();
        Memberlist ml;
        volatile boolean alive = true;

        Node(String name, CountingTransport t) {
            this.name = name;
            this.transport = t;
        }

        void joined(Member m) {
            if (m.name().equals(name)) {
                return;
            }
            leftStates.remove(m.name());
            int now = members.incrementAndGet();
            known.incrementAndGet();
            if (now == o.n) {
                fullNodes.incrementAndGet();
            }
        }

        void left(Member m) {
            if (m.name().equals(name)) {
                return;
            }
            leftStates.put(m.name(), m.state());
            int now = members.decrementAndGet();
            known.decrementAndGet();
            if (now == o.n - 1) {
                fullNodes.decrementAndGet();
            }
            String v = victim;
            if (v != null && !m.name().equals(v) && alive) {
                falseDeaths.add(name + ">" + m.name());
            }
        }
    }

    ClusterBench(Options o) {
        this.o = o;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ClusterBench converge|idle|crash|leave|all [-n 64] [-preset local|lan] "
                    + "[-timeout 180s] [-idle 10s] [-settle 0s] [-sample 500ms] [-join-timeout D] [-compress] "
                    + "[-key BASE64] [-threads T]");
            System.exit(2);
        }
        String mode = args[0];
        Options o = new Options();
        for (int i = 1; i < args.length; i++) {
            String a = args[i].replaceFirst("^--", "-");
            String v = null;
            int eq = a.indexOf('=');
            if (eq > 0) {
                v = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            if (a.equals("-compress")) {
                o.compress = v == null || Boolean.parseBoolean(v);
                continue;
            }
            if (a.equals("-diag")) {
                o.diag = true;
                continue;
            }
            String val = v != null ? v : args[++i];
            switch (a) {
                case "-n" -> o.n = Integer.parseInt(val);
                case "-preset" -> o.preset = val;
                case "-timeout" -> o.timeout = duration(val);
                case "-idle" -> o.idle = duration(val);
                case "-settle" -> o.settle = duration(val);
                case "-sample" -> o.sample = duration(val);
                case "-join-timeout" -> o.joinTimeout = duration(val);
                case "-key" -> o.keys.add(Base64.getDecoder().decode(val));
                case "-threads" -> o.threads = Integer.parseInt(val);
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        if (o.n < 2 || o.n > 4096) {
            throw new IllegalArgumentException("-n must be 2..4096");
        }
        ClusterBench b = new ClusterBench(o);
        int rc = 0;
        try {
            rc = b.run(mode);
        } finally {
            b.shutdown();
        }
        System.exit(rc);
    }

    /** Go-style durations: 180s, 500ms, 2m, or plain seconds. */
    static Duration duration(String s) {
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        if (s.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
        }
        if (s.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
        }
        return Duration.ofSeconds(Long.parseLong(s));
    }

    int run(String mode) throws Exception {
        start();
        Map<String, Object> conv = converge();
        emit(conv);
        if (!Boolean.TRUE.equals(conv.get("converged"))) {
            System.err.println("cluster did not converge within " + o.timeout);
            return 1;
        }
        switch (mode) {
            case "converge" -> { }
            case "idle" -> emit(idleBytes());
            case "crash" -> emit(removeOne(false));
            case "leave" -> emit(removeOne(true));
            case "all" -> {
                emit(idleBytes());
                emit(removeOne(false));
                emit(removeOne(true));
            }
            default -> throw new IllegalArgumentException("unknown bench mode " + mode);
        }
        return 0;
    }

    private Config.Builder base() {
        Config.Builder b = "lan".equals(o.preset) ? Config.lan() : Config.local();
        b.bindAddr("127.0.0.1").bindPort(0).enableCompression(o.compress);
        if (o.joinTimeout != null) {
            b.joinTimeout(o.joinTimeout);
        }
        if (!o.keys.isEmpty()) {
            b.keyring(o.keys).secretKey(o.keys.get(0));
        }
        return b;
    }

    void start() throws IOException {
        group = new EventLoopGroup(o.threads, "bench");
        for (int i = 0; i < o.n; i++) {
            String name = "java-" + i;
            CountingTransport t = new CountingTransport(new NioTransport("127.0.0.1", 0, "", 0));
            Node node = new Node(name, t);
            EventListener ev = new EventListener() {
                @Override
                public void notifyJoin(Member m) {
                    node.joined(m);
                }

                @Override
                public void notifyLeave(Member m) {
                    node.left(m);
                }
            };
            Config.Builder cfg = base().name(name).events(ev);
            if (o.diag && i == 0) {
                cfg.metrics(seedCounter());
            }
            node.ml = Memberlist.create(cfg.build(), group, t);
            nodes.add(node);
        }
    }

    /** A sink that keeps the stream counters of the seed, by reason label. */
    private io.memberlist.Metrics seedCounter() {
        return new io.memberlist.Metrics() {
            @Override
            public void counter(String name, long delta) {
                counter(name, delta, Map.of());
            }

            @Override
            public void counter(String name, long delta, Map<String, String> labels) {
                if (name.startsWith("memberlist.stream") || name.equals("memberlist.tcp.accept")) {
                    seedCounters.merge(name + labels.values(), delta, Long::sum);
                }
            }

            @Override
            public void gauge(String name, double value) {}

            @Override
            public void sample(String name, double value) {}

            @Override
            public void timer(String name, long nanos) {}
        };
    }

    /**
     * Stops every node at once (one after the other, 1,024 nodes on starved loops took minutes),
     * waiting at most 30 s: the results are out, and the process exits anyway.
     */
    void shutdown() {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "bench-shutdown");
            t.setDaemon(true);
            return t;
        });
        for (Node x : nodes) {
            if (x.alive) {
                done.add(CompletableFuture.runAsync(() -> {
                    try {
                        x.ml.shutdown();
                    } catch (RuntimeException e) {
                        // keep going
                    }
                }, pool));
            }
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("shutdown incomplete after 30 s: " + e);
            return;
        } finally {
            pool.shutdownNow();
        }
        if (group != null) {
            group.close();
        }
    }

    Map<String, Object> converge() {
        String seed = "127.0.0.1:" + nodes.get(0).ml.port();
        AtomicInteger joinErrors = new AtomicInteger();
        Map<String, Integer> reasons = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        List<CompletableFuture<?>> joins = new ArrayList<>();
        long[] lastJoin = {0};
        for (Node x : nodes.subList(1, o.n)) {
            joins.add(x.ml.joinAsync(seed).handle((ok, e) -> {
                synchronized (lastJoin) {
                    lastJoin[0] = Math.max(lastJoin[0], System.nanoTime() - start);
                }
                if (e != null) {
                    joinErrors.incrementAndGet();
                    Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    String why = c instanceof JoinException je && !je.failures().isEmpty()
                            ? je.failures().values().iterator().next() : c.toString();
                    reasons.merge(why.replaceAll("\\d+", "#"), 1, Integer::sum);
                }
                return 0;
            }));
        }
        long total = (long) o.n * (o.n - 1);
        long[] t99 = {-1};
        boolean verbose = System.getenv("GOPEER_BENCH_VERBOSE") != null;
        long[] lastLog = {System.nanoTime()};
        boolean ok = waitFor(o.timeout, () -> {
            long k = known.get();
            if (verbose && System.nanoTime() - lastLog[0] > 1_000_000_000L) {
                lastLog[0] = System.nanoTime();
                System.err.printf("t=%.1fs nodes-not-full=%d known=%d/%d join-errors=%d%n",
                        (System.nanoTime() - start) / 1e9, o.n - fullNodes.get(), k, total, joinErrors.get());
            }
            if (t99[0] < 0 && k >= 0.99 * total) {
                t99[0] = System.nanoTime() - start;
            }
            return fullNodes.get() == o.n;
        });
        long tAll = System.nanoTime() - start;
        CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new))
                .orTimeout(o.timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally(e -> null).join();
        Map<String, Object> res = result("converge");
        res.put("n", o.n);
        res.put("converged", ok);
        res.put("join_errors", joinErrors.get());
        res.put("join_error_reasons", new TreeMap<>(reasons));
        res.put("last_join_ms", ms(lastJoin[0]));
        res.put("t99_ms", t99[0] >= 0 ? ms(t99[0]) : null);
        res.put("t_all_ms", ok ? ms(tAll) : null);
        res.put("threads", o.threads);
        res.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        if (o.diag) {
            res.put("seed_counters", new TreeMap<>(seedCounters));
        }
        ProcStats.stamp(res);
        return res;
    }

    Map<String, Object> idleBytes() throws InterruptedException {
        Thread.sleep(o.settle.toMillis());
        long[] before = new long[nodes.size()];
        long[] pbefore = new long[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            before[i] = nodes.get(i).transport.bytesOut.sum();
            pbefore[i] = nodes.get(i).transport.packetsOut.sum();
        }
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        Thread.sleep(o.idle.toMillis());
        double el = (System.nanoTime() - start) / 1e9;
        long cpu = processCpuNanos() - cpu0;
        long sum = 0;
        long psum = 0;
        double max = 0;
        int live = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Node x = nodes.get(i);
            if (!x.alive) {
                continue;
            }
            live++;
            long d = x.transport.bytesOut.sum() - before[i];
            sum += d;
            psum += x.transport.packetsOut.sum() - pbefore[i];
            max = Math.max(max, d / el);
        }
        Map<String, Object> res = result("idle");
        res.put("n", live);
        res.put("settle_s", o.settle.toMillis() / 1000.0);
        res.put("window_s", el);
        res.put("bytes_per_s_per_node", sum / el / live);
        res.put("max_bytes_per_s_node", max);
        res.put("packets_per_s_per_node", psum / el / live);
        res.put("cpu_ms_per_s_per_node", cpu / 1e6 / el / live);
        ProcStats.stamp(res);
        return res;
    }

    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        long t = 0;
        java.lang.management.ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        for (long id : tm.getAllThreadIds()) {
            t += Math.max(0, tm.getThreadCpuTime(id));
        }
        return t;
    }

    Map<String, Object> removeOne(boolean leave) {
        Map<String, Object> res = result(leave ? "leave" : "crash");
        int index = -1;
        for (int i = nodes.size() - 1; i > 0; i--) {
            if (nodes.get(i).alive) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            res.put("error", "no node left to remove");
            return res;
        }
        Node v = nodes.get(index);
        String name = v.name;
        falseDeaths.clear();
        victim = name;
        Set<String> falseSuspects = new HashSet<>();
        long start = System.nanoTime();
        if (leave) {
            try {
                v.ml.leave(o.timeout);
            } catch (RuntimeException e) {
                res.put("leave_error", e.toString());
            }
            res.put("leave_call_ms", ms(System.nanoTime() - start));
        }
        v.alive = false;
        v.ml.shutdown();
        long live = nodes.stream().filter(x -> x.alive).count();
        res.put("n", live + 1);
        long[] nextSample = {System.nanoTime()};
        boolean ok = waitFor(o.timeout, () -> {
            if (!leave && !o.sample.isZero() && System.nanoTime() >= nextSample[0]) {
                sampleSuspects(name, falseSuspects);
                nextSample[0] = System.nanoTime() + o.sample.toNanos();
            }
            for (Node x : nodes) {
                if (x.alive && !x.leftStates.containsKey(name)) {
                    return false;
                }
            }
            return true;
        });
        victim = null;
        res.put("detected", ok);
        res.put("t_all_ms", ok ? ms(System.nanoTime() - start) : null);
        if (ok) {
            Map<String, Integer> states = new TreeMap<>();
            for (Node x : nodes) {
                if (x.alive) {
                    MemberState s = x.leftStates.get(name);
                    states.merge(s == null ? "unknown" : s.name().toLowerCase(), 1, Integer::sum);
                }
            }
            res.put("final_states", states);
        }
        if (!leave) {
            res.put("false_suspicions", o.sample.isZero() ? null : falseSuspects.size());
            res.put("false_suspicion_sample_ms", o.sample.toMillis());
            res.put("false_deaths", falseDeaths.size());
        }
        ProcStats.stamp(res);
        return res;
    }

    /** Adds every (observer, subject) pair where a live observer holds a live subject suspect. */
    private void sampleSuspects(String victimName, Set<String> out) {
        for (Node x : nodes) {
            if (!x.alive) {
                continue;
            }
            try {
                for (Member m : x.ml.members()) {
                    if (m.state() == MemberState.SUSPECT && !m.name().equals(victimName)) {
                        out.add(x.name + ">" + m.name());
                    }
                }
            } catch (RuntimeException e) {
                // a node shutting down: skip
            }
        }
    }

    private Map<String, Object> result(String bench) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bench", bench);
        m.put("impl", "java");
        m.put("preset", o.preset);
        return m;
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1000.0) / 1000.0;
    }

    /** Polls cond every 20 ms until it holds or the timeout expires (as the Go side does). */
    static boolean waitFor(Duration timeout, BooleanSupplier cond) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (cond.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** One result as one line of JSON (jackson-jr; maps keep their insertion order). */
    static void emit(Map<String, Object> m) {
        try {
            System.out.println(JSON_LINE.asString(m));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        System.out.flush();
    }
}
