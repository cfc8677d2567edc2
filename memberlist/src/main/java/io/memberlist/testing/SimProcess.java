package io.memberlist.testing;

import io.memberlist.codec.Message;
import io.memberlist.core.Endpoint;

/**
 * What the simulator drives on a node: the inputs of the sans-IO engine. The production binding
 * is {@link EngineProcess}; tests of the simulator itself use small toy processes.
 */
interface SimProcess {
    long nextDeadline();

    void onTimer(long now);

    void onPacket(long now, Endpoint from, byte[] leaf);

    /** Listener side of a stream; returns the reply or {@code null}. */
    Message onStreamMessage(long now, Endpoint from, Message msg);

    void onStreamReply(long now, long streamId, Message reply);

    void onStreamFailed(long now, long streamId, String reason);

    /** Crash: drop everything, send nothing. */
    default void crash(long now) {}
}
