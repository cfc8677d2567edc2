package io.memberlist.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import io.memberlist.Config;
import io.memberlist.Memberlist;
import io.memberlist.transport.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * What N nodes cost in memory when one JVM runs them, as a user would: one shared
 * {@link EventLoopGroup}, {@link Memberlist#create(Config, EventLoopGroup)} with the UDP+TCP
 * transport on 127.0.0.1, the local preset, compression off unless {@code -compress} (as in
 * ClusterBench and both {@code gopeer} benches). Mirrors {@code gopeer membench} (interop/gopeer/membench.go).
 *
 * <p>Phases, each followed by a forced full GC and a measurement: {@code baseline} (no node yet:
 * the JVM and the classes this command loads), {@code started} (N nodes bound, each knowing only
 * itself), {@code idle} (every node lists all N alive, then a settle delay and an idle window).
 * From these: live heap per node ({@code idle - baseline} over N), the fixed cost of a node
 * ({@code started - baseline} over N) and the cost of one member entry ({@code idle - started} over
 * N·(N-1): each node holds N-1 entries about others). The joins go to node 0, at most
 * {@code -join-parallel} at a time, a refused one retried: this measures memory, not the join
 * stampede (ClusterBench does that).
 *
 * <p>Prints one JSON line (jackson-jr). RSS and its peak come from /proc/self/status, threads and
 * descriptors from /proc/self.
 *
 * <pre>
 * MemoryBench [-n 256] [-preset local|lan] [-threads T] [-join-parallel 16] [-timeout 300s]
 *             [-settle 10s] [-idle 20s] [-compress] [-heap-dump FILE] [-hold 0s] [-hold-at started|idle]
 * </pre>
 */
public final class MemoryBench {
    private static final JSON JSON_LINE = JSON.builder().enable(JSON.Feature.WRITE_NULL_PROPERTIES).build();

    private final int n;
    private final String preset;
    private final int threads;
    private final int joinParallel;
    private final Duration timeout;
    private final Duration settle;
    private final Duration idle;
    private final boolean compress;
    private final List<Memberlist> nodes = new ArrayList<>();
    private EventLoopGroup group;

    MemoryBench(int n, String preset, int threads, int joinParallel, Duration timeout, Duration settle, Duration idle,
            boolean compress) {
        this.compress = compress;
        this.n = n;
        this.preset = preset;
        this.threads = threads;
        this.joinParallel = joinParallel;
        this.timeout = timeout;
        this.settle = settle;
        this.idle = idle;
    }

    public static void main(String[] args) throws Exception {
        int n = 256;
        String preset = "local";
        int threads = EventLoopGroup.defaultThreads();
        int joinParallel = 16;
        Duration timeout = Duration.ofSeconds(300);
        Duration settle = Duration.ofSeconds(10);
        Duration idle = Duration.ofSeconds(20);
        String heapDump = null;
        Duration hold = Duration.ZERO;
        boolean holdStarted = false;
        boolean compress = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i].replaceFirst("^--", "-");
            String v = null;
            int eq = a.indexOf('=');
            if (eq > 0) {
                v = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            String val = v != null ? v : (i + 1 < args.length ? args[++i] : "");
            switch (a) {
                case "-n" -> n = Integer.parseInt(val);
                case "-preset" -> preset = val;
                case "-threads" -> threads = Integer.parseInt(val);
                case "-join-parallel" -> joinParallel = Integer.parseInt(val);
                case "-timeout" -> timeout = ClusterBench.duration(val);
                case "-settle" -> settle = ClusterBench.duration(val);
                case "-idle" -> idle = ClusterBench.duration(val);
                case "-heap-dump" -> heapDump = val;
                case "-hold" -> hold = ClusterBench.duration(val);
                case "-hold-at" -> holdStarted = "started".equals(val);
                case "-compress" -> {
                    compress = v == null || Boolean.parseBoolean(v);
                    if (v == null) {
                        i--; // a bare flag takes no value
                    }
                }
                default -> {
                    System.err.println("usage: MemoryBench [-n 256] [-preset local|lan] [-threads T] "
                            + "[-join-parallel 16] [-timeout 300s] [-settle 10s] [-idle 20s] [-compress] [-heap-dump FILE] [-hold 0s] [-hold-at started|idle]");
                    System.exit(2);
                }
            }
        }
        if (n < 2 || n > 4096 || joinParallel < 1) {
            throw new IllegalArgumentException("-n must be 2..4096 and -join-parallel >= 1");
        }
        MemoryBench b = new MemoryBench(n, preset, threads, joinParallel, timeout, settle, idle, compress);
        int rc;
        try {
            rc = b.run(heapDump, hold, holdStarted);
        } finally {
            b.shutdown();
        }
        System.exit(rc);
    }

    int run(String heapDump, Duration hold, boolean holdStarted) throws Exception {
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("bench", "memory");
        res.put("impl", "java");
        res.put("n", n);
        res.put("preset", preset);
        res.put("threads", threads);
        res.put("compress", compress);
        res.put("jvm", jvmArgs());
        // Two nodes that join and leave first: the classes a node loads, the loops' read buffers
        // and the first compiled code are in "baseline", not counted as costs of the N nodes.
        group = new EventLoopGroup(threads, "mem");
        Memberlist warmA = Memberlist.create(config("warm-a"), group);
        Memberlist warmB = Memberlist.create(config("warm-b"), group);
        warmB.join("127.0.0.1:" + warmA.port());
        warmB.shutdown();
        warmA.shutdown();
        long base = liveHeap();
        Map<String, Object> baseline = snapshot(base);

        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            nodes.add(Memberlist.create(config("java-" + i), group));
        }
        res.put("start_ms", ClusterBench.ms(System.nanoTime() - t0));
        long started = liveHeap();
        Map<String, Object> afterStart = snapshot(started);
        if (holdStarted) {
            hold(hold);
        }

        t0 = System.nanoTime();
        int[] joinStats = joinAll();
        System.err.println("joins done after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        boolean ok = waitFor(timeout, this::converged);
        res.put("converged", ok);
        res.put("converge_ms", ok ? ClusterBench.ms(System.nanoTime() - t0) : null);
        res.put("join_retries", joinStats[0]);
        res.put("join_failures", joinStats[1]);
        if (!ok) {
            res.put("known", known());
        }
        Thread.sleep(settle.toMillis());
        long cpu0 = ClusterBench.processCpuNanos();
        long w0 = System.nanoTime();
        Thread.sleep(idle.toMillis());
        double window = (System.nanoTime() - w0) / 1e9;
        res.put("idle_cpu_ms_per_s_per_node", (ClusterBench.processCpuNanos() - cpu0) / 1e6 / window / n);
        res.put("still_converged", converged());
        long live = liveHeap();
        Map<String, Object> afterIdle = snapshot(live);

        res.put("live_heap_per_node_bytes", (live - base) / n);
        res.put("node_fixed_bytes", (started - base) / n);
        res.put("member_entry_bytes", (live - started) / ((double) n * (n - 1)));
        res.put("rss_per_node_mb", mb((Long) afterIdle.get("rss_kb") * 1024) / n);
        res.put("rss_peak_per_node_mb", mb((Long) afterIdle.get("rss_peak_kb") * 1024) / n);
        res.put("rss_above_baseline_per_node_mb",
                mb(((Long) afterIdle.get("rss_kb") - (Long) baseline.get("rss_kb")) * 1024) / n);
        res.put("baseline", baseline);
        res.put("started", afterStart);
        res.put("idle", afterIdle);
        if (heapDump != null) {
            dumpHeap(heapDump);
        }
        if (!holdStarted) {
            hold(hold);
        }
        ClusterBench.emit(res);
        return ok ? 0 : 1;
    }

    /** Pauses (when asked) so that jcmd can take a histogram of this phase. */
    private static void hold(Duration hold) throws InterruptedException {
        if (!hold.isZero()) {
            System.err.println("holding " + hold + " for inspection, pid " + ProcessHandle.current().pid());
            Thread.sleep(hold.toMillis());
        }
    }

    private Config config(String name) {
        Config.Builder b = "lan".equals(preset) ? Config.lan() : Config.local();
        return b.name(name).bindAddr("127.0.0.1").bindPort(0).enableCompression(compress).build();
    }

    /**
     * Every node but the seed joins node 0, at most {@link #joinParallel} at once; a failed join
     * is retried after a short pause (up to 20 times). Returns {retries, nodes that never joined}.
     */
    private int[] joinAll() throws InterruptedException {
        String seed = "127.0.0.1:" + nodes.get(0).port();
        ArrayDeque<Memberlist> todo = new ArrayDeque<>(nodes.subList(1, n));
        ConcurrentLinkedQueue<Memberlist> retry = new ConcurrentLinkedQueue<>();
        Map<Memberlist, Integer> attempts = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CompletableFuture<?>> all = new ArrayList<>();
        while ((!todo.isEmpty() || !retry.isEmpty() || inFlight.get() > 0) && System.nanoTime() < deadline) {
            Memberlist r;
            while ((r = retry.poll()) != null) {
                todo.add(r);
            }
            if (todo.isEmpty() || inFlight.get() >= joinParallel) {
                Thread.sleep(5);
                continue;
            }
            Memberlist m = todo.poll();
            inFlight.incrementAndGet();
            all.add(m.joinAsync(seed).handle((count, err) -> {
                if (err != null) {
                    if (attempts.merge(m, 1, Integer::sum) < 20) {
                        retries.incrementAndGet();
                        CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(() -> {
                            retry.add(m);
                            inFlight.decrementAndGet();
                        });
                        return null;
                    }
                    failures.incrementAndGet();
                }
                inFlight.decrementAndGet();
                return null;
            }));
        }
        return new int[] {retries.get(), failures.get() + todo.size() + retry.size()};
    }

    /**
     * Polls cond every 250 ms (each poll asks every node's loop once) until it holds or time runs
     * out; progress on stderr every 10 s.
     */
    private boolean waitFor(Duration timeout, java.util.function.BooleanSupplier cond) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long lastLog = start;
        while (!cond.getAsBoolean()) {
            long now = System.nanoTime();
            if (now > deadline) {
                return false;
            }
            if (now - lastLog > 10_000_000_000L) {
                lastLog = now;
                System.err.println("t=" + (now - start) / 1_000_000_000L + "s known " + known() + " of " + (long) n * (n - 1));
            }
            Thread.sleep(250);
        }
        return true;
    }

    private boolean converged() {
        for (Memberlist m : nodes) {
            if (m.numMembers() != n) {
                return false;
            }
        }
        return true;
    }

    private long known() {
        long k = 0;
        for (Memberlist m : nodes) {
            k += m.numMembers() - 1;
        }
        return k;
    }

    void shutdown() {
        for (Memberlist m : nodes) {
            try {
                m.shutdown();
            } catch (RuntimeException e) {
                // keep going
            }
        }
        if (group != null) {
            group.close();
        }
    }

    /**
     * The live heap: what the heap pools held just after a full collection, as that collection
     * reported it (the heap in use a moment later would also count what the running nodes
     * allocated since). Collects until the figure stops shrinking.
     */
    static long liveHeap() throws InterruptedException {
        long prev = Long.MAX_VALUE;
        long live = 0;
        for (int i = 0; i < 5; i++) {
            System.gc();
            live = heapAfterLastGc();
            if (prev - live < 64 * 1024) {
                break;
            }
            prev = live;
            Thread.sleep(50);
        }
        return live;
    }

    /** Heap pools after the most recent collection of any collector (falls back to heap in use). */
    private static long heapAfterLastGc() {
        java.util.Set<String> heapPools = new java.util.HashSet<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                heapPools.add(p.getName());
            }
        }
        com.sun.management.GcInfo latest = null;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof com.sun.management.GarbageCollectorMXBean sun) {
                com.sun.management.GcInfo info = sun.getLastGcInfo();
                if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
                    latest = info;
                }
            }
        }
        if (latest == null) {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
        long sum = 0;
        for (var e : latest.getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                sum += e.getValue().getUsed();
            }
        }
        return sum;
    }

    private static Map<String, Object> snapshot(long liveHeap) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("live_heap_mb", mb(liveHeap));
        s.put("heap_committed_mb", mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted()));
        long nonHeap = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.NON_HEAP) {
                nonHeap += p.getUsage().getCommitted();
            }
        }
        s.put("non_heap_committed_mb", mb(nonHeap));
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                s.put("direct_buffers", b.getCount());
                s.put("direct_mb", mb(b.getMemoryUsed()));
            }
        }
        Map<String, Long> status = procStatus();
        s.put("rss_kb", status.getOrDefault("VmRSS", -1L));
        s.put("rss_peak_kb", status.getOrDefault("VmHWM", -1L));
        s.put("os_threads", status.getOrDefault("Threads", -1L));
        s.put("fds", fdCount());
        return s;
    }

    /** The numeric fields of /proc/self/status (kB values without their unit). */
    static Map<String, Long> procStatus() {
        Map<String, Long> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String v = line.substring(colon + 1).trim().replace(" kB", "");
                try {
                    m.put(line.substring(0, colon), Long.parseLong(v));
                } catch (NumberFormatException e) {
                    // not a number: skip
                }
            }
        } catch (IOException e) {
            // not Linux: no figures
        }
        return m;
    }

    static long fdCount() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static List<String> jvmArgs() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments();
    }

    private static double mb(long bytes) {
        return Math.round(bytes / 1024.0 / 1024.0 * 1000) / 1000.0;
    }

    private static void dumpHeap(String file) {
        try {
            var bean = ManagementFactory.newPlatformMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                    "com.sun.management:type=HotSpotDiagnostic", com.sun.management.HotSpotDiagnosticMXBean.class);
            bean.dumpHeap(file, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
