package io.memberlist.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import io.memberlist.Config;
import io.memberlist.EventListener;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.Memberlist;
import io.memberlist.Endpoint;
import io.memberlist.transport.EventLoop;
import io.memberlist.transport.EventLoopGroup;
import io.memberlist.transport.NioTransport;
import io.memberlist.transport.Transport;
import io.memberlist.transport.TransportReceiver;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * The Java side of the whole-cluster benchmarks, mirroring {@code gopeer bench} (interop/gopeer/bench.go):
 * N nodes {@code java-0 … java-(N-1)} in this JVM on 127.0.0.1 (automatic ports, one shared event
 * loop group), nodes 1..N-1 all join {@code java-0} at once. Prints one JSON line per result with
 * the same fields as the Go side ({@code impl:"java"}), plus {@code cpu_ms_per_s_per_node} for idle.
 *
 * <pre>
 * ClusterBench converge|idle|crash|leave|all [-n 64] [-preset local|lan] [-timeout 180s] [-idle 10s]
 *              [-compress] [-key BASE64] [-threads T]
 * </pre>
 */
public final class ClusterBench {
    private static final JSON JSON_LINE = JSON.builder().enable(JSON.Feature.WRITE_NULL_PROPERTIES).build();

    private final int n;
    private final String preset;
    private final Duration timeout;
    private final Duration idle;
    private final boolean compress;
    private final List<byte[]> keys;
    private final int threads;
    private final List<Node> nodes = new ArrayList<>();
    private EventLoopGroup group;

    /** One benchmark node: its Memberlist, byte counters, and the leave events it saw. */
    static final class Node {
        final String name;
        final CountingTransport transport;
        final Map<String, MemberState> leftStates = new ConcurrentHashMap<>();
        Memberlist ml;
        boolean alive = true;

        Node(String name, CountingTransport t) {
            this.name = name;
            this.transport = t;
        }
    }

    ClusterBench(int n, String preset, Duration timeout, Duration idle, boolean compress, List<byte[]> keys, int threads) {
        this.n = n;
        this.preset = preset;
        this.timeout = timeout;
        this.idle = idle;
        this.compress = compress;
        this.keys = keys;
        this.threads = threads;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ClusterBench converge|idle|crash|leave|all [-n 64] [-preset local|lan] "
                    + "[-timeout 180s] [-idle 10s] [-compress] [-key BASE64] [-threads T]");
            System.exit(2);
        }
        String mode = args[0];
        int n = 64;
        String preset = "local";
        Duration timeout = Duration.ofSeconds(180);
        Duration idle = Duration.ofSeconds(10);
        boolean compress = false;
        List<byte[]> keys = new ArrayList<>();
        int threads = EventLoopGroup.defaultThreads();
        for (int i = 1; i < args.length; i++) {
            String a = args[i].replaceFirst("^--", "-");
            String v = null;
            int eq = a.indexOf('=');
            if (eq > 0) {
                v = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "-compress" -> compress = v == null || Boolean.parseBoolean(v);
                case "-n" -> n = Integer.parseInt(v != null ? v : args[++i]);
                case "-preset" -> preset = v != null ? v : args[++i];
                case "-timeout" -> timeout = duration(v != null ? v : args[++i]);
                case "-idle" -> idle = duration(v != null ? v : args[++i]);
                case "-key" -> keys.add(Base64.getDecoder().decode(v != null ? v : args[++i]));
                case "-threads" -> threads = Integer.parseInt(v != null ? v : args[++i]);
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        if (n < 2 || n > 4096) {
            throw new IllegalArgumentException("-n must be 2..4096");
        }
        ClusterBench b = new ClusterBench(n, preset, timeout, idle, compress, keys, threads);
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
            System.err.println("cluster did not converge within " + timeout);
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
        Config.Builder b = "lan".equals(preset) ? Config.lan() : Config.local();
        b.bindAddr("127.0.0.1").bindPort(0).enableCompression(compress);
        if (!keys.isEmpty()) {
            b.keyring(keys).secretKey(keys.get(0));
        }
        return b;
    }

    void start() throws IOException {
        group = new EventLoopGroup(threads, "bench");
        for (int i = 0; i < n; i++) {
            String name = "java-" + i;
            CountingTransport t = new CountingTransport(new NioTransport("127.0.0.1", 0, "", 0));
            Node node = new Node(name, t);
            EventListener ev = new EventListener() {
                @Override
                public void notifyJoin(Member m) {
                    node.leftStates.remove(m.name());
                }

                @Override
                public void notifyLeave(Member m) {
                    node.leftStates.put(m.name(), m.state());
                }
            };
            node.ml = Memberlist.create(base().name(name).events(ev).build(), group, t);
            nodes.add(node);
        }
    }

    void shutdown() {
        for (Node x : nodes) {
            if (x.alive) {
                try {
                    x.ml.shutdown();
                } catch (RuntimeException e) {
                    // keep going
                }
            }
        }
        if (group != null) {
            group.close();
        }
    }

    private static int numMembers(Node x) {
        return x.ml.numMembers();
    }

    Map<String, Object> converge() {
        String seed = "127.0.0.1:" + nodes.get(0).ml.port();
        AtomicInteger joinErrors = new AtomicInteger();
        long start = System.nanoTime();
        List<CompletableFuture<?>> joins = new ArrayList<>();
        for (Node x : nodes.subList(1, n)) {
            joins.add(x.ml.joinAsync(seed).exceptionally(e -> {
                joinErrors.incrementAndGet();
                return 0;
            }));
        }
        long total = (long) n * (n - 1);
        long[] t99 = {-1};
        boolean verbose = System.getenv("GOPEER_BENCH_VERBOSE") != null;
        long[] lastLog = {System.nanoTime()};
        boolean ok = waitFor(timeout, () -> {
            long known = 0;
            boolean full = true;
            int shortNodes = 0;
            for (Node x : nodes) {
                int m = numMembers(x);
                known += m - 1;
                if (m != n) {
                    full = false;
                    shortNodes++;
                }
            }
            if (verbose && System.nanoTime() - lastLog[0] > 1_000_000_000L) {
                lastLog[0] = System.nanoTime();
                System.err.printf("t=%.1fs nodes-not-full=%d known=%d/%d%n", (System.nanoTime() - start) / 1e9,
                        shortNodes, known, total);
            }
            if (t99[0] < 0 && known >= 0.99 * total) {
                t99[0] = System.nanoTime() - start;
            }
            return full;
        });
        long tAll = System.nanoTime() - start;
        CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> null).join();
        Map<String, Object> res = result("converge");
        res.put("n", n);
        res.put("converged", ok);
        res.put("join_errors", joinErrors.get());
        res.put("t99_ms", t99[0] >= 0 ? ms(t99[0]) : null);
        res.put("t_all_ms", ok ? ms(tAll) : null);
        res.put("threads", threads);
        return res;
    }

    Map<String, Object> idleBytes() throws InterruptedException {
        long[] before = new long[nodes.size()];
        long[] pbefore = new long[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            before[i] = nodes.get(i).transport.bytesOut.sum();
            pbefore[i] = nodes.get(i).transport.packetsOut.sum();
        }
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        Thread.sleep(idle.toMillis());
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
        res.put("window_s", el);
        res.put("bytes_per_s_per_node", sum / el / live);
        res.put("max_bytes_per_s_node", max);
        res.put("packets_per_s_per_node", psum / el / live);
        res.put("cpu_ms_per_s_per_node", cpu / 1e6 / el / live);
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
        int victim = -1;
        for (int i = nodes.size() - 1; i > 0; i--) {
            if (nodes.get(i).alive) {
                victim = i;
                break;
            }
        }
        if (victim < 0) {
            res.put("error", "no node left to remove");
            return res;
        }
        Node v = nodes.get(victim);
        long start = System.nanoTime();
        if (leave) {
            try {
                v.ml.leave(timeout);
            } catch (RuntimeException e) {
                res.put("leave_error", e.toString());
            }
            res.put("leave_call_ms", ms(System.nanoTime() - start));
        }
        v.ml.shutdown();
        v.alive = false;
        long live = nodes.stream().filter(x -> x.alive).count();
        res.put("n", live + 1);
        String name = v.name;
        boolean ok = waitFor(timeout, () -> {
            for (Node x : nodes) {
                if (x.alive && x.ml.members().stream().anyMatch(m -> m.name().equals(name))) {
                    return false;
                }
            }
            return true;
        });
        res.put("detected", ok);
        if (ok) {
            res.put("t_all_ms", ms(System.nanoTime() - start));
            Map<String, Integer> states = new TreeMap<>();
            for (Node x : nodes) {
                if (x.alive) {
                    MemberState s = x.leftStates.get(name);
                    states.merge(s == null ? "unknown" : s.name().toLowerCase(), 1, Integer::sum);
                }
            }
            res.put("final_states", states);
        } else {
            res.put("t_all_ms", null);
        }
        return res;
    }

    private Map<String, Object> result(String bench) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bench", bench);
        m.put("impl", "java");
        m.put("preset", preset);
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

    /** Counts bytes and packets a node writes: UDP datagrams plus everything written on streams. */
    /** Counts what a node sends (datagrams and stream bytes) and passes everything on. */
    static final class CountingTransport implements Transport {
        final Transport delegate;
        final LongAdder bytesOut = new LongAdder();
        final LongAdder packetsOut = new LongAdder();

        CountingTransport(Transport delegate) {
            this.delegate = delegate;
        }

        @Override
        public Endpoint start(EventLoop loop, TransportReceiver receiver) throws IOException {
            return delegate.start(loop, receiver);
        }

        @Override
        public void sendPacket(Endpoint to, String toNode, byte[] datagram) {
            bytesOut.add(datagram.length);
            packetsOut.increment();
            delegate.sendPacket(to, toNode, datagram);
        }

        @Override
        public void openStream(long streamId, Endpoint to, String toNode) {
            delegate.openStream(streamId, to, toNode);
        }

        @Override
        public void writeStream(long streamId, byte[] bytes) {
            bytesOut.add(bytes.length);
            delegate.writeStream(streamId, bytes);
        }

        @Override
        public void closeStream(long streamId, boolean abort) {
            delegate.closeStream(streamId, abort);
        }

        @Override
        public int boundPort() {
            return delegate.boundPort();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
