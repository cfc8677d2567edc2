package io.memberlist.testing;

import java.util.Optional;

/**
 * The outcome of an asynchronous engine command (join, leave, meta update, reliable send) in
 * virtual time: not done until the engine calls back during some later event.
 */
public final class SimCompletion<T> {
    private final SimNetwork sim;
    private boolean done;
    private T value;
    private long doneAt = -1;

    SimCompletion(SimNetwork sim) {
        this.sim = sim;
    }

    void complete(T v) {
        if (done) {
            throw new IllegalStateException("completed twice: first " + value + ", then " + v);
        }
        done = true;
        value = v;
        doneAt = sim.nowNanos();
    }

    public boolean isDone() {
        return done;
    }

    /** The result; empty while not done (a {@code null} result is also empty). */
    public Optional<T> value() {
        return Optional.ofNullable(value);
    }

    /** The result. @throws IllegalStateException if not done yet */
    public T get() {
        if (!done) {
            throw new IllegalStateException("not done at t=" + sim.nowNanos() + "ns");
        }
        return value;
    }

    /** Virtual time of completion, -1 while not done. */
    public long doneAtNanos() {
        return doneAt;
    }

    @Override
    public String toString() {
        return done ? "done(" + value + " at " + doneAt + "ns)" : "pending";
    }
}
