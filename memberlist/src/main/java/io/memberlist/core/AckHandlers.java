package io.memberlist.core;

import java.util.HashMap;
import java.util.Map;

/**
 * Handlers waiting for acks and nacks by sequence number. Each expires at a deadline; an ack
 * removes its handler, a nack only signals it (PROTOCOL.md §10.1). Acks with an unknown sequence
 * number are ignored.
 */
final class AckHandlers {

    interface Handler {
        void onAck(long now, byte[] payload);

        default void onNack(long now) {}

        default void onExpired(long now) {}
    }

    private record Entry(Handler handler, Timers.Timer timer) {}

    private final Context ctx;
    private final Map<Long, Entry> handlers = new HashMap<>();

    AckHandlers(Context ctx) {
        this.ctx = ctx;
    }

    void register(long seqNo, long expiresAt, Handler handler) {
        Timers.Timer timer = ctx.timers.schedule(expiresAt, now -> {
            Entry e = handlers.get(seqNo);
            if (e != null && e.handler == handler) {
                handlers.remove(seqNo);
                handler.onExpired(now);
            }
        });
        Entry old = handlers.put(seqNo, new Entry(handler, timer));
        if (old != null) {
            old.timer.cancel();
        }
    }

    void ack(long now, long seqNo, byte[] payload) {
        Entry e = handlers.remove(seqNo);
        if (e != null) {
            e.timer.cancel();
            e.handler.onAck(now, payload);
        }
    }

    void nack(long now, long seqNo) {
        Entry e = handlers.get(seqNo);
        if (e != null) {
            e.handler.onNack(now);
        }
    }

    void clear() {
        for (Entry e : handlers.values()) {
            e.timer.cancel();
        }
        handlers.clear();
    }
}
