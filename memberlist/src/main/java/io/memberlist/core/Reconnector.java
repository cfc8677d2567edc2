package io.memberlist.core;

import io.memberlist.MemberState;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partition healing, not in Go memberlist (there a healed partition stays split until someone
 * joins again: memberlist issue #222). Every {@code reconnectInterval}, this node tries a
 * push/pull with one member it declared dead (not left) within the last
 * {@code reconnectTimeout}, picked at random. When the link works again, the exchange tells each
 * side that the other is alive, and both sides merge by themselves.
 *
 * <p>As in Serf's reconnect, an attempt is made only with probability
 * {@code min(1, failed / alive)}: after one crash in a 1,000-node cluster about one member per
 * interval tries the dead address, not all of them; after a partition into halves every member
 * tries. The exchange is an ordinary push/pull with {@code join = true} (Serf reconnects by
 * joining), so a Go peer accepts it and a {@link io.memberlist.MergeDelegate} can veto merging
 * with whatever now answers at that address.
 *
 * <p>One exchange is often not enough to merge. Each side has the other dead at the incarnation
 * it last saw, and an alive only overrides a dead record with a higher incarnation: the first
 * exchange makes both sides see their own death and refute it, and only the next one carries the
 * refutations across. So after a successful exchange with a member that is still dead here, a
 * second one follows a gossip interval later.
 */
final class Reconnector {
    private static final Logger LOG = LoggerFactory.getLogger(Reconnector.class);

    private final Context ctx;
    private final StateSync sync;
    private final FailedMembers failed;
    private final long interval;
    private final long window;
    private boolean inFlight;

    Reconnector(Context ctx, StateSync sync, FailedMembers failed) {
        this.ctx = ctx;
        this.sync = sync;
        this.failed = failed;
        this.interval = ctx.settings.reconnectIntervalNanos();
        this.window = ctx.settings.reconnectTimeoutNanos();
    }

    /** False when reconnecting is off ({@code reconnectInterval} or {@code reconnectTimeout} 0). */
    boolean enabled() {
        return interval > 0 && window > 0;
    }

    long interval() {
        return interval;
    }

    /** The reconnect ticker fired. */
    void tick(long now) {
        failed.expire(now, window);
        if (inFlight || ctx.leaving || failed.size() == 0) {
            return;
        }
        List<FailedMembers.Failed> candidates = failed.all();
        candidates.removeIf(f -> {
            NodeState n = ctx.table.get(f.name());
            return n != null && n.state != MemberState.DEAD;
        });
        if (candidates.isEmpty()) {
            return;
        }
        int alive = 0;
        for (NodeState n : ctx.table.all()) {
            if (n.state == MemberState.ALIVE) {
                alive++;
            }
        }
        // Serf's rule: attempt with probability failed / alive (alive counts this node).
        if (candidates.size() < alive
                && ctx.random.nextInt(alive) >= candidates.size()) {
            return;
        }
        attempt(now, candidates.get(ctx.random.nextInt(candidates.size())), true);
    }

    private void attempt(long now, FailedMembers.Failed target, boolean followUp) {
        inFlight = true;
        ctx.metrics.counter("memberlist.reconnect.attempt", 1);
        sync.pushPull(now, target.endpoint(), target.name(), true, err -> {
            inFlight = false;
            if (err != null) {
                LOG.debug("{}: reconnect to {} at {} failed: {}", ctx.name,
                        RemoteText.truncate(target.name()), target.endpoint(), RemoteText.truncate(err));
                return;
            }
            LOG.info("{}: reconnected to {} at {}", ctx.name, RemoteText.truncate(target.name()),
                    target.endpoint());
            if (followUp && !ctx.shutdown && failed.contains(target.name())) {
                scheduleFollowUp(target);
            }
        });
    }

    private void scheduleFollowUp(FailedMembers.Failed target) {
        // The push/pull callback has no time: a timer due at once gets the driver's now.
        ctx.timers.schedule(Long.MIN_VALUE, t -> ctx.timers.schedule(t + ctx.gossipInterval, t2 -> {
            if (!ctx.shutdown && !inFlight && failed.contains(target.name())) {
                attempt(t2, target, false);
            }
        }));
    }

    void clear() {
        inFlight = false;
    }
}
