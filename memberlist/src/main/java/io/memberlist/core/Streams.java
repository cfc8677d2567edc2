package io.memberlist.core;

import io.memberlist.Endpoint;
import io.memberlist.codec.Message;
import java.util.HashMap;
import java.util.Map;

/**
 * Outbound streams in flight: the engine asks the driver to open one with an id and gets exactly
 * one {@link Engine#onStreamReply} or {@link Engine#onStreamFailed} back for it.
 */
final class Streams {

    /** The continuation of one outbound stream. */
    interface Handler {
        /** {@code reply} is null when none was expected. */
        void onReply(long now, Message reply);

        void onFailed(long now, String reason);
    }

    private final Context ctx;
    private final Map<Long, Handler> pending = new HashMap<>();
    private long nextId;

    Streams(Context ctx) {
        this.ctx = ctx;
    }

    /** Go's refusal when {@link io.memberlist.Config#requireNodeNames()} and no name is given. */
    static final String NODE_NAMES_REQUIRED =
            "node names are required by configuration but one was not provided";

    /**
     * Opens a stream, unless node names are required and {@code toNode} is empty (every outbound
     * stream: push/pull, join, reliable message, TCP ping, as Go checks them all): the handler then
     * fails with {@link #NODE_NAMES_REQUIRED} from the timer queue, never inside this call.
     */
    void open(Endpoint to, String toNode, Message message, long deadline, boolean expectReply,
            Handler handler) {
        if ((toNode == null || toNode.isEmpty()) && ctx.config.requireNodeNames()) {
            ctx.timers.schedule(Long.MIN_VALUE, t -> handler.onFailed(t, NODE_NAMES_REQUIRED));
            return;
        }
        long id = ++nextId;
        pending.put(id, handler);
        ctx.outbox.openStream(id, to, toNode, message, deadline, expectReply);
    }

    void reply(long now, long id, Message reply) {
        Handler h = pending.remove(id);
        if (h != null) {
            h.onReply(now, reply);
        }
    }

    void failed(long now, long id, String reason) {
        Handler h = pending.remove(id);
        if (h != null) {
            h.onFailed(now, reason);
        }
    }

    void clear() {
        pending.clear();
    }
}
