package io.memberlist.core;

import io.memberlist.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call of {@link Engine#join}: a push/pull with {@code join = true} to every seed, in rounds.
 * Round 1 tries every seed at once (Go's join). When no seed succeeded, the seeds whose failure
 * may be temporary (no connection, a timeout, a connection closed before the reply: what a seed
 * that is starting, restarting or over its push/pull limit gives) are tried again after a
 * {@link JoinBackoff} delay, round after round, until one succeeds, none is left worth
 * retrying, or the next round would start after {@code retryUntil}. A round already started
 * runs to its end, so the callback comes at most one stream timeout after {@code retryUntil}.
 * Each round waits longer for its answers than the one before ({@link #attemptTimeout}).
 *
 * <p>Not retried: an answer that refuses us (an error reply, a merge the version check or the
 * merge delegate vetoed, a missing node name): asking again gets the same answer. Once one seed
 * succeeded, the others are not retried: this node is in the cluster and gossip does the rest.
 *
 * <p>The callback gets the number of seeds joined and, for each seed that failed, its last
 * error (with the number of attempts when there was more than one).
 */
final class Joiner {
    private static final Logger LOG = LoggerFactory.getLogger(Joiner.class);

    private final Context ctx;
    private final StateSync sync;
    private final Map<Endpoint, String> seeds;
    private final long retryUntil;
    private final JoinCallback cb;
    private final Map<Endpoint, String> errors = new LinkedHashMap<>();
    private final Map<Endpoint, Integer> attempts = new LinkedHashMap<>();
    private final List<Endpoint> retry = new ArrayList<>();
    private int round;
    private int inFlight;
    private int joined;
    private boolean done;

    Joiner(Context ctx, StateSync sync, Map<Endpoint, String> seeds, long retryUntil, JoinCallback cb) {
        this.ctx = ctx;
        this.sync = sync;
        this.seeds = new LinkedHashMap<>(seeds);
        this.retryUntil = retryUntil;
        this.cb = cb;
    }

    void start(long now) {
        if (seeds.isEmpty()) {
            finish();
            return;
        }
        startRound(now, new ArrayList<>(seeds.keySet()));
    }

    private void startRound(long now, List<Endpoint> targets) {
        round++;
        inFlight = targets.size();
        retry.clear();
        long deadline = now + attemptTimeout(round, ctx.tcpTimeout, retryUntil - now);
        for (Endpoint seed : targets) {
            attempts.merge(seed, 1, Integer::sum);
            sync.pushPull(now, seed, seeds.get(seed), true, deadline,
                    (t, err, temporary) -> attemptDone(t, seed, err, temporary));
        }
    }

    /**
     * How long round {@code round} waits for its answers: the stream timeout, doubled each round
     * up to 8 times it, but never past the retry deadline (and never below the stream timeout).
     * Why: a seed that timed out is usually a busy seed, not a dead one (a dead host refuses or
     * never connects); an answer that needs 1.5 s never comes within 1 s however often it is
     * asked for, and each unanswered ask costs the seed the same work again.
     */
    static long attemptTimeout(int round, long tcpTimeout, long untilDeadline) {
        long grown = tcpTimeout << Math.min(round - 1, 3);
        if (grown < 0) {
            grown = Long.MAX_VALUE;
        }
        return Math.max(tcpTimeout, Math.min(grown, untilDeadline));
    }

    private void attemptDone(long now, Endpoint seed, String err, boolean temporary) {
        if (err == null) {
            joined++;
            errors.remove(seed);
        } else {
            int n = attempts.get(seed);
            errors.put(seed, n == 1 ? err : err + " (after " + n + " attempts)");
            if (temporary) {
                retry.add(seed);
            }
            if (n == 1 || !temporary) {
                LOG.warn("{}: failed to join {}: {}", ctx.name, seed, RemoteText.truncate(err));
            } else {
                LOG.debug("{}: join attempt {} with {} failed: {}", ctx.name, n, seed, RemoteText.truncate(err));
            }
        }
        if (--inFlight > 0) {
            return;
        }
        if (joined > 0 || retry.isEmpty() || ctx.shutdown || ctx.leaving || now >= retryUntil) {
            finish();
            return;
        }
        long at = now + JoinBackoff.delay(round, ctx.random);
        if (at > retryUntil) {
            finish();
            return;
        }
        List<Endpoint> again = List.copyOf(retry);
        ctx.timers.schedule(at, t -> {
            if (ctx.shutdown || ctx.leaving) {
                finish();
            } else {
                startRound(t, again);
            }
        });
    }

    private void finish() {
        if (!done) {
            done = true;
            cb.done(joined, errors);
        }
    }
}
