package io.memberlist.testing;

import io.memberlist.Endpoint;

/**
 * What the simulator drives at one address: the byte-level inputs of a node. The production
 * binding is {@link NodeHost} (the real {@link io.memberlist.node.Node}); {@link RawHost} is a
 * scriptable host for hostile or hand-made traffic; the simulator's own tests use toy hosts.
 */
interface SimHost {
    long nextDeadline();

    void onTimer(long now);

    void onDatagram(long now, Endpoint from, byte[] datagram);

    /** Returns the stream's id, or a negative value to refuse the connection. */
    long onStreamAccepted(long now, Endpoint from);

    void onStreamConnected(long now, long id);

    void onStreamBytes(long now, long id, byte[] bytes);

    void onStreamEof(long now, long id);

    void onStreamClosed(long now, long id, String error);

    /** Observing events collected during the last input, handed out now. */
    default void flushEvents() {}

    /** Crash: drop everything, send nothing. */
    default void crash(long now) {}
}
