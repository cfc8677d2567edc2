package io.memberlist.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Why the agent stops: SIGINT, SIGTERM, or a leave through the status endpoint.
 *
 * <p>A JVM shutdown hook cannot tell SIGINT from SIGTERM, so the agent installs handlers for both
 * with {@code sun.misc.Signal} (module {@code jdk.unsupported}, present in every JDK since 9; it
 * replaces the JVM's own handlers, so the JVM does not start shutting down by itself). The first
 * signal wakes the agent's main thread, which leaves (or not) and exits 0; a second signal while it
 * is leaving exits at once with status 1. Where the handlers cannot be installed (a JVM started
 * with {@code -Xrs}, or a platform without these signals), a shutdown hook stands in: it cannot
 * tell the signals apart, so it treats either as SIGINT and leaves.
 */
final class ShutdownSignals {
    enum Reason {
        INTERRUPT("SIGINT"), TERMINATE("SIGTERM"), LEFT("a leave request");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicReference<Reason> reason = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile String note;

    private ShutdownSignals() {}

    static ShutdownSignals install() {
        ShutdownSignals s = new ShutdownSignals();
        try {
            if (Signal.handle(new Signal("INT"), sig -> s.signal(Reason.INTERRUPT)) == SignalHandler.SIG_IGN) {
                // the JVM keeps a signal ignored if it was at startup: a shell's background job
                s.note = "SIGINT is ignored in this process (started in the background by a shell?); "
                        + "stop it with SIGTERM or 'memberlist leave'";
            }
            Signal.handle(new Signal("TERM"), sig -> s.signal(Reason.TERMINATE));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                s.signal(Reason.INTERRUPT);
                try {
                    s.stopped.await(); // keep the JVM alive until the agent has left
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }, "memberlist-shutdown"));
        }
        return s;
    }

    private void signal(Reason r) {
        if (!reason.compareAndSet(null, r)) {
            if (r != Reason.LEFT) {
                System.err.println("second signal: exiting without waiting");
                Runtime.getRuntime().halt(Main.EXIT_RUNTIME);
            }
            return;
        }
        stop.countDown();
    }

    /** Something the operator should know about the signal setup, or {@code null}. */
    String note() {
        return note;
    }

    /** True once a reason to stop has arrived. */
    boolean stopRequested() {
        return stop.getCount() == 0;
    }

    /** Called once the status endpoint has answered a leave request. */
    void leftThroughHttp() {
        signal(Reason.LEFT);
    }

    /** Blocks until a reason to stop arrives. */
    Reason await() throws InterruptedException {
        stop.await();
        return reason.get();
    }

    /** The agent has finished stopping (releases the fallback shutdown hook). */
    void done() {
        stopped.countDown();
    }
}
