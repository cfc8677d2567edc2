package io.memberlist.testing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A running 64-bit hash of everything that happened (event times and kinds, node indices, packet
 * bytes), and optionally the last lines of a readable log. Two runs with one seed must produce
 * the same hash; a difference pinpoints nondeterminism in the engine or the simulator.
 */
final class SimTrace {
    private long hash = 0xcbf29ce484222325L;
    private final int capacity;
    private final ArrayDeque<String> lines;

    SimTrace(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(Math.max(16, Math.min(capacity, 4096)));
    }

    void mix(long v) {
        long h = hash ^ v;
        h *= 0x100000001b3L;
        hash = h ^ (h >>> 29);
    }

    /** Mixes every byte, eight at a time (a datagram costs a few dozen steps, not one per byte). */
    void mix(byte[] bytes) {
        long h = hash ^ bytes.length;
        int i = 0;
        for (; i + 8 <= bytes.length; i += 8) {
            h = (h ^ (long) LONGS.get(bytes, i)) * 0x100000001b3L;
            h ^= h >>> 29;
        }
        for (; i < bytes.length; i++) {
            h = (h ^ (bytes[i] & 0xFF)) * 0x100000001b3L;
        }
        hash = h ^ (h >>> 29);
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    long hash() {
        return hash;
    }

    boolean logging() {
        return capacity > 0;
    }

    void log(String line) {
        if (capacity <= 0) {
            return;
        }
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    List<String> lines() {
        return new ArrayList<>(lines);
    }
}
