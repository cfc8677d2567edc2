package io.memberlist.bench.soak;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A deliberate leak, grown a little at every sample, to show that the soak's rules catch one
 * (the smoke test plants it; nobody else should): retained heap, parked threads, open files.
 * {@link #close} gives everything back.
 */
final class PlantedLeak implements AutoCloseable {
    /** What can be leaked. */
    enum Kind { HEAP, THREADS, FDS }

    static final int HEAP_BYTES_PER_STEP = 4 << 20;
    static final int THREADS_PER_STEP = 2;
    static final int FDS_PER_STEP = 2;

    private final Set<Kind> kinds;
    private final List<byte[]> heap = new ArrayList<>();
    private final List<FileChannel> files = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private Path file;

    PlantedLeak(Set<Kind> kinds) {
        this.kinds = Set.copyOf(kinds);
    }

    boolean active() {
        return !kinds.isEmpty();
    }

    /** Leaks one more step of each kind. */
    void grow() throws IOException {
        if (kinds.contains(Kind.HEAP)) {
            byte[] b = new byte[HEAP_BYTES_PER_STEP];
            for (int i = 0; i < b.length; i += 4096) {
                b[i] = 1; // touch every page
            }
            heap.add(b);
        }
        if (kinds.contains(Kind.THREADS)) {
            for (int i = 0; i < THREADS_PER_STEP; i++) {
                Thread t = new Thread(this::park, "planted-leak");
                t.setDaemon(true);
                t.start();
            }
        }
        if (kinds.contains(Kind.FDS)) {
            if (file == null) {
                file = Files.createTempFile("soak-planted-leak", ".tmp");
            }
            for (int i = 0; i < FDS_PER_STEP; i++) {
                files.add(FileChannel.open(file, StandardOpenOption.READ));
            }
        }
    }

    private void park() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        release.countDown();
        heap.clear();
        for (FileChannel c : files) {
            c.close();
        }
        files.clear();
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
