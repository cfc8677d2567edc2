package io.memberlist.campaign;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each simulated host (by {@code SimNode.index()}) was not healthy and reachable, and when
 * the network as a whole was outside the tolerated conditions: the record the no-false-death
 * checker reads to decide whether a death declaration had an excuse.
 *
 * <p>A host is disturbed while it is paused or slow, crashed, leaving or left, just restarted,
 * running under a known name at a new address the others may still refuse, or on either side of
 * any cut (partition, one-way, datagram-only or stream-only). The network is
 * disturbed while the datagram loss exceeds the loss threshold. Intervals are closed
 * {@code [start, end]} in virtual nanoseconds; an open one ends at {@link Long#MAX_VALUE} until
 * {@link #close}d.
 */
final class Disturbances {
    /** One interval; {@code end} moves when an open interval is closed. */
    static final class Interval {
        final long start;
        long end;
        final String why;

        Interval(long start, long end, String why) {
            this.start = start;
            this.end = end;
            this.why = why;
        }

        boolean overlaps(long from, long to) {
            return start <= to && end >= from;
        }

        @Override
        public String toString() {
            return why + " [" + start / 1_000_000 + " ms, " + (end == Long.MAX_VALUE ? "open" : end / 1_000_000 + " ms") + "]";
        }
    }

    private final Map<Integer, List<Interval>> hosts = new HashMap<>();
    private final List<Interval> network = new ArrayList<>();

    Interval host(int host, long start, long end, String why) {
        Interval i = new Interval(start, end, why);
        hosts.computeIfAbsent(host, h -> new ArrayList<>()).add(i);
        return i;
    }

    Interval open(int host, long start, String why) {
        return host(host, start, Long.MAX_VALUE, why);
    }

    void close(Interval i, long end) {
        if (i != null && i.end == Long.MAX_VALUE) {
            i.end = end;
        }
    }

    void network(long start, long end, String why) {
        network.add(new Interval(start, end, why));
    }

    /** The first disturbance of {@code host} within {@code [from, to]}, or null when it was clean. */
    Interval hostDisturbance(int host, long from, long to) {
        List<Interval> list = hosts.get(host);
        if (list != null) {
            for (Interval i : list) {
                if (i.overlaps(from, to)) {
                    return i;
                }
            }
        }
        return null;
    }

    /** The first disturbance of {@code host} within {@code [from, to]} whose reason is one of {@code why}, or null. */
    Interval hostDisturbance(int host, long from, long to, java.util.Set<String> why) {
        List<Interval> list = hosts.get(host);
        if (list != null) {
            for (Interval i : list) {
                if (why.contains(i.why) && i.overlaps(from, to)) {
                    return i;
                }
            }
        }
        return null;
    }

    /** The first network disturbance within {@code [from, to]}, or null. */
    Interval networkDisturbance(long from, long to) {
        for (Interval i : network) {
            if (i.overlaps(from, to)) {
                return i;
            }
        }
        return null;
    }
}
