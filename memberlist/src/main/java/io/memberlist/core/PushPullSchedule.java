package io.memberlist.core;

/**
 * When periodic push/pulls happen (PROTOCOL.md §10.5): first after a random stagger within the
 * base interval plus one scaled interval, then every scaled interval (recomputed each time from
 * N), as Go does.
 *
 * <p>One addition, invisible on the wire ({@link io.memberlist.Config#syncAfterGossipWave()}):
 * when the broadcast queue empties after a burst of gossip, the pending periodic push/pull is
 * moved forward to within a gossip interval, at most once per period. Gossip is an epidemic with a
 * fixed retransmit budget, so each update misses each member with a small probability; in a
 * 64-node join wave one or two (member, update) pairs are typically missed and, with Go's
 * timing, repaired only by the next push/pull, up to a minute later. Pulling one full state
 * right after the wave repairs them at once, and because the early exchange replaces the next
 * periodic one, the number of push/pulls over time is unchanged.
 */
final class PushPullSchedule {
    private final Context ctx;
    private final StateSync sync;
    private Timers.Timer next;
    private boolean earlyUsed;
    private boolean queueBusy;

    PushPullSchedule(Context ctx, StateSync sync) {
        this.ctx = ctx;
        this.sync = sync;
    }

    void start(long now) {
        if (ctx.pushPullInterval <= 0) {
            return;
        }
        long stagger = ctx.random.nextLong(ctx.pushPullInterval);
        next = ctx.timers.schedule(now + stagger, t -> scheduleRegular(t));
    }

    private void scheduleRegular(long now) {
        next = ctx.timers.schedule(now + StateSync.scaledInterval(ctx.pushPullInterval,
                ctx.table.size()), this::regular);
    }

    private void regular(long now) {
        earlyUsed = false;
        sync.periodic(now);
        scheduleRegular(now);
    }

    /** Called after every gossip round with the state of the broadcast queue. */
    void afterGossip(long now) {
        boolean busy = ctx.broadcasts.numQueued() > 0;
        if (queueBusy && !busy && !earlyUsed && next != null && ctx.config.syncAfterGossipWave()) {
            earlyUsed = true;
            next.cancel();
            long at = now + ctx.random.nextLong(Math.max(1, ctx.gossipInterval));
            next = ctx.timers.schedule(at, t -> {
                sync.periodic(t);
                scheduleRegular(t);
            });
        }
        queueBusy = busy;
    }
}
