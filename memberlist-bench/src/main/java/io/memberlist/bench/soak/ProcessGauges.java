package io.memberlist.bench.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the process holds, read the same way at every sample: the heap after a full collection,
 * live threads, open file descriptors and the machine's load average.
 */
final class ProcessGauges {
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final Path LOADAVG = Path.of("/proc/loadavg");

    private ProcessGauges() {}

    /** The heap after a collection, and how long the collection took. */
    record Heap(long usedBytes, long committedBytes, double gcMillis) {}

    /**
     * Runs {@link System#gc()} (a full, stop-the-world collection under G1 unless the JVM was told
     * otherwise) and reads the heap right after: what survives is what the process holds on to.
     */
    static Heap heapAfterGc() {
        long t0 = System.nanoTime();
        System.gc();
        double ms = (System.nanoTime() - t0) / 1e6;
        var usage = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new Heap(usage.getUsed(), usage.getCommitted(), ms);
    }

    /** Live threads of this JVM (platform threads the JVM shows, daemon ones included). */
    static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Open file descriptors (entries of /proc/self/fd), or -1 where there is no /proc. */
    static int fileDescriptors() {
        try (Stream<Path> s = Files.list(FDS)) {
            return (int) s.count() - 1; // the listing's own descriptor
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /** The 1-minute load average, or -1 where /proc/loadavg is missing. */
    static double loadAverage() {
        try {
            String[] f = Files.readString(LOADAVG).trim().split("\\s+");
            return Double.parseDouble(f[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
