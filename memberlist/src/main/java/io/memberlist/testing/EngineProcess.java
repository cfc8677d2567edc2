package io.memberlist.testing;

import io.memberlist.Config;
import io.memberlist.Delegate;
import io.memberlist.EventListener;
import io.memberlist.PingDelegate;
import io.memberlist.codec.Message;
import io.memberlist.core.Endpoint;
import io.memberlist.core.Engine;
import io.memberlist.core.MemberEvent;
import io.memberlist.core.Outbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds an {@link Engine} to its simulated node: the engine's {@link Outbox} puts packets and
 * streams on the simulated network; observing events are collected during an input and handed
 * out after it returns, in order, to the node's configured listeners and to the simulation's
 * listeners (never re-entrantly into the engine).
 */
final class EngineProcess implements SimProcess, Outbox, EngineHooks {
    private final SimNode node;
    final Engine engine;
    private final List<MemberEvent> pending = new ArrayList<>();

    EngineProcess(SimNode node, Config config, long now) {
        this.node = node;
        this.engine = new Engine(config, node.endpoint, node.sim.splitRandom(), this, now);
        this.engine.start(now);
    }

    // ------------------------------------------------------------------ Outbox

    @Override
    public void sendPacket(Endpoint to, String toNode, byte[] payload, boolean crc) {
        node.sim.sendPacket(node, to, payload, crc);
    }

    @Override
    public void openStream(long streamId, Endpoint to, String toNode, Message message, long deadline,
            boolean expectReply) {
        node.sim.openStream(node, streamId, to, message, deadline, expectReply);
    }

    @Override
    public void event(MemberEvent event) {
        pending.add(event);
    }

    @Override
    public void flushEvents() {
        if (pending.isEmpty()) {
            return;
        }
        List<MemberEvent> batch = new ArrayList<>(pending);
        pending.clear();
        Config c = node.config;
        for (MemberEvent e : batch) {
            dispatch(c, e);
            node.sim.publish(node, e);
        }
    }

    private static void dispatch(Config c, MemberEvent e) {
        EventListener l = c.events();
        if (e instanceof MemberEvent.Joined j) {
            if (l != null) {
                l.notifyJoin(j.member());
            }
        } else if (e instanceof MemberEvent.Left x) {
            if (l != null) {
                l.notifyLeave(x.member());
            }
        } else if (e instanceof MemberEvent.Updated u) {
            if (l != null) {
                l.notifyUpdate(u.member());
            }
        } else if (e instanceof MemberEvent.UserMessageReceived m) {
            Delegate d = c.delegate();
            if (d != null) {
                d.notifyMessage(m.payload());
            }
        } else if (e instanceof MemberEvent.PingCompleted p) {
            PingDelegate pd = c.ping();
            if (pd != null) {
                pd.notifyPingComplete(p.member(), Duration.ofNanos(p.rttNanos()), p.payload());
            }
        }
    }

    // ------------------------------------------------------------------ inputs

    @Override
    public long nextDeadline() {
        return engine.nextDeadline();
    }

    @Override
    public void onTimer(long now) {
        engine.onTimer(now);
    }

    @Override
    public void onPacket(long now, Endpoint from, byte[] leaf) {
        engine.onPacket(now, from, leaf);
    }

    @Override
    public Message onStreamMessage(long now, Endpoint from, Message msg) {
        return engine.onStreamMessage(now, from, msg);
    }

    @Override
    public void onStreamReply(long now, long streamId, Message reply) {
        engine.onStreamReply(now, streamId, reply);
    }

    @Override
    public void onStreamFailed(long now, long streamId, String reason) {
        engine.onStreamFailed(now, streamId, reason);
    }

    @Override
    public void crash(long now) {
        pending.clear(); // a crashed process tells nobody anything
    }
}
