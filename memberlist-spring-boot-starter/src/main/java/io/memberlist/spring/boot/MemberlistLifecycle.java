package io.memberlist.spring.boot;

import io.memberlist.Memberlist;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Joins the configured members once the application has started, and leaves gracefully when it
 * stops, before the {@link Memberlist} bean is closed.
 *
 * <p>The join runs in the background so that a cluster that is not there yet (the first pod of a
 * StatefulSet, members starting together) never holds up or fails the application: it is retried
 * a few times with doubling pauses, then given up with a warning; the others can still join this
 * member. A leave instead blocks the stop, bounded by {@code memberlist.leave-timeout}, so that
 * the others mark this member LEFT rather than suspecting it to be dead.
 */
final class MemberlistLifecycle implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(MemberlistLifecycle.class);

    private final Memberlist memberlist;
    private final List<String> join;
    private final int joinAttempts;
    private final Duration firstPause;
    private final Duration leaveTimeout;
    private volatile boolean running;

    MemberlistLifecycle(Memberlist memberlist, MemberlistProperties p) {
        this.memberlist = memberlist;
        this.join = p.getJoin().stream().filter(s -> s != null && !s.isBlank()).map(String::strip).toList();
        this.joinAttempts = Math.max(1, p.getJoinAttempts());
        this.firstPause = p.getJoinRetryPause();
        this.leaveTimeout = p.getLeaveTimeout();
    }

    @Override
    public void start() {
        running = true;
        if (!join.isEmpty()) {
            tryJoin(1, firstPause);
        }
    }

    private void tryJoin(int attempt, Duration pause) {
        memberlist.joinAsync(join.toArray(String[]::new)).whenComplete((joined, error) -> {
            if (error == null) {
                LOG.info("memberlist {} joined the cluster through {} address(es) of {}", name(), joined, join);
                return;
            }
            String why = (error.getCause() != null ? error.getCause() : error).getMessage();
            if (!running) {
                return;
            }
            if (attempt >= joinAttempts) {
                LOG.warn("memberlist {} could not join {} after {} attempt(s), running alone until joined: {}",
                        name(), join, attempt, why);
                return;
            }
            LOG.info("memberlist {} could not join {} (attempt {} of {}), retrying in {}: {}",
                    name(), join, attempt, joinAttempts, pause, why);
            CompletableFuture.runAsync(() -> {
                if (running) {
                    tryJoin(attempt + 1, pause.multipliedBy(2));
                }
            }, CompletableFuture.delayedExecutor(pause.toMillis(), TimeUnit.MILLISECONDS));
        });
    }

    @Override
    public void stop() {
        running = false;
        if (memberlist.isShutdown()) {
            return;
        }
        try {
            memberlist.leave(leaveTimeout);
            LOG.info("memberlist {} left the cluster", name());
        } catch (RuntimeException e) {
            LOG.warn("memberlist {} could not leave gracefully: {}", name(), e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private String name() {
        return memberlist.config().name();
    }
}
