package io.memberlist.core;

import io.memberlist.Endpoint;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per destination for what this node sends on behalf of others: acks to pings,
 * pings relayed for an indirect probe, and the ack or nack relayed back. Anyone can ask for
 * those, naming any address as the one to answer (the {@code SourceAddr} fields), so without a
 * bound a stream of small pings turns this node into a reflector aimed at a third party.
 *
 * <p>Each destination may receive {@link #BURST} such messages at once and then
 * {@link #BURST} per probe interval. A legitimate member needs far less: it probes one member
 * per probe interval (one ping to us at most, plus one indirect request when a direct probe of
 * someone else fails), so even a peer whose probe interval is several times shorter than ours
 * stays under the bound. Time is the engine's {@code now}, so runs replay exactly.
 *
 * <p>Implemented as a generic cell rate algorithm: one {@code long} per destination, the time
 * at which its bucket will be full again. At most {@link #MAX_TRACKED} destinations are
 * remembered (least recently used first out); forgetting one only refills its bucket, and an
 * attacker must spend {@value #MAX_TRACKED} requests on other destinations to make that happen.
 *
 * <p>A destination whose bucket is full again is forgotten as soon as it is the least recently
 * used one: a full bucket and a missing entry allow exactly the same, and in a quiet cluster
 * every member asks us for something now and then, so keeping them would cost about 120 bytes
 * per member per node for nothing (with a thousand nodes in one JVM, a hundred megabytes).
 */
final class ReplyLimiter {
    /** Messages a destination may receive at once. */
    static final int BURST = 16;
    /** Destinations remembered. */
    static final int MAX_TRACKED = 4096;

    private final long emissionInterval;
    private final long tolerance;
    private final Map<Endpoint, long[]> fullAt = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Endpoint, long[]> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    /** @param probeIntervalNanos the period in which a destination may receive {@link #BURST} messages */
    ReplyLimiter(long probeIntervalNanos) {
        this.emissionInterval = Math.max(1, probeIntervalNanos / BURST);
        this.tolerance = emissionInterval * (BURST - 1);
    }

    /** Takes a token for {@code to}: true when the message may be sent now. */
    boolean allow(long now, Endpoint to) {
        forgetFull(now);
        long[] cell = fullAt.get(to);
        if (cell == null) {
            fullAt.put(to, new long[] {now + emissionInterval});
            return true;
        }
        long tat = Math.max(cell[0], now);
        if (tat - now > tolerance) {
            return false;
        }
        cell[0] = tat + emissionInterval;
        return true;
    }

    /**
     * Drops least recently used entries while their bucket is full again (amortised O(1): it stops
     * at the first one still draining; entries behind it go on a later call or by the LRU bound).
     */
    private void forgetFull(long now) {
        Iterator<long[]> it = fullAt.values().iterator();
        while (it.hasNext()) {
            if (it.next()[0] - now > 0) {
                return;
            }
            it.remove();
        }
    }

    int tracked() {
        return fullAt.size();
    }

    void clear() {
        fullAt.clear();
    }
}
