package io.memberlist.testing;

import io.memberlist.Config;
import io.memberlist.Endpoint;
import io.memberlist.core.MemberEvent;
import io.memberlist.node.Node;
import io.memberlist.node.NodeIo;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the production {@link Node} at a simulated address: its outputs go onto the simulated
 * network; observing events are collected during an input and handed out after it returns, in
 * order, to the node's configured listeners and the simulation's listeners (never re-entrantly).
 */
final class NodeHost implements SimHost, NodeIo {
    private final SimNode at;
    final Node node;
    private final List<MemberEvent> pending = new ArrayList<>();

    NodeHost(SimNode at, Config config, long now, boolean compoundOnly) {
        this.at = at;
        this.node = new Node(config, at.endpoint, at.sim.splitRandom(), at.sim.splitRandom(), this, now,
                compoundOnly);
        node.start(now, at.sim.wallClockSeconds());
    }

    // ---- NodeIo ----

    @Override
    public void sendDatagram(Endpoint to, String toNode, byte[] datagram) {
        at.sim.delivery.sendDatagram(at, to, toNode, datagram);
    }

    @Override
    public void openStream(long streamId, Endpoint to, String toNode) {
        at.sim.delivery.openStream(at, streamId, to);
    }

    @Override
    public void writeStream(long streamId, byte[] bytes) {
        at.sim.delivery.writeStream(at, streamId, bytes);
    }

    @Override
    public void closeStream(long streamId, boolean abort) {
        at.sim.delivery.closeStream(at, streamId, abort);
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
        for (MemberEvent e : batch) {
            node.deliver(e);
            at.sim.publish(at, e);
        }
    }

    // ---- SimHost ----

    @Override
    public long nextDeadline() {
        return node.nextDeadline();
    }

    @Override
    public void onTimer(long now) {
        node.onTimer(now);
    }

    @Override
    public void onDatagram(long now, Endpoint from, byte[] datagram) {
        node.onDatagram(now, from, datagram);
        node.onDatagramBatchEnd(now);
    }

    @Override
    public long onStreamAccepted(long now, Endpoint from) {
        return node.onStreamAccepted(now, from);
    }

    @Override
    public void onStreamConnected(long now, long id) {
        node.onStreamConnected(now, id);
    }

    @Override
    public void onStreamBytes(long now, long id, byte[] bytes) {
        node.onStreamBytes(now, id, bytes, 0, bytes.length);
    }

    @Override
    public void onStreamEof(long now, long id) {
        node.onStreamEof(now, id);
    }

    @Override
    public void onStreamClosed(long now, long id, String error) {
        node.onStreamClosed(now, id, error);
    }

    @Override
    public void crash(long now) {
        pending.clear(); // a crashed process tells nobody anything
    }
}
