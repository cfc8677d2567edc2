package io.memberlist;

import io.memberlist.node.Node;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hostile and hand-made traffic on real loopback sockets for the issue 9 socket tests, and the
 * figures they report: stream statistics of a live node, CPU time of its loop thread, RSS and
 * heap of this JVM.
 */
final class RawStreams {
    private RawStreams() {}

    /** Opens a TCP connection to {@code m} from {@code sourceIp} (any port), writing nothing. */
    static Socket connect(Memberlist m, String sourceIp) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.bind(new InetSocketAddress(InetAddress.getByName(sourceIp), 0));
        s.connect(new InetSocketAddress("127.0.0.1", m.port()), 5000);
        return s;
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** The node's stream figures, read on its loop. */
    static Node.StreamStats stats(Memberlist m) throws Exception {
        return m.runtime().call(Node::streamStats).get(10, TimeUnit.SECONDS);
    }

    /** The id of the node's event-loop thread, for {@link #cpuNanos}. */
    static long loopThreadId(Memberlist m) throws Exception {
        return m.runtime().loop().submit(() -> Thread.currentThread().getId()).get(10, TimeUnit.SECONDS);
    }

    static long cpuNanos(long threadId) {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(threadId);
    }

    /** Resident set size of this JVM in bytes (Linux), or -1. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** Heap in use after a full collection (best effort: {@code System.gc()}). */
    static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }

    /** Counts {@code memberlist.stream.refused} by reason; ignores everything else. */
    static final class Refusals implements Metrics {
        private final Map<String, AtomicLong> byReason = new ConcurrentHashMap<>();

        long get(String reason) {
            AtomicLong n = byReason.get(reason);
            return n == null ? 0 : n.get();
        }

        @Override
        public String toString() {
            return byReason.toString();
        }

        @Override
        public void counter(String name, long delta) {}

        @Override
        public void counter(String name, long delta, Map<String, String> labels) {
            if (Node.STREAMS_REFUSED.equals(name)) {
                byReason.computeIfAbsent(labels.getOrDefault("reason", "?"), k -> new AtomicLong()).addAndGet(delta);
            }
        }

        @Override
        public void gauge(String name, double value) {}

        @Override
        public void sample(String name, double value) {}

        @Override
        public void timer(String name, long nanos) {}
    }
}
