package io.memberlist.core;

/** The outcome of {@link Engine#ping}: exactly one method is called once, on the engine's thread. */
public interface PingCallback {
    void done(long rttNanos);

    void failed(String reason);
}
