package io.memberlist.testing;

import io.memberlist.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** A scriptable stand-in for an engine: records what reaches it, fires timers it is given. */
final class ToyProcess implements SimHost {
    record Got(long time, Endpoint from, byte[] leaf) {}

    final SimNode node;
    final List<Got> packets = new ArrayList<>();
    final List<Long> timerFires = new ArrayList<>();
    final List<String> streamResults = new ArrayList<>();
    final List<Long> streamResultTimes = new ArrayList<>();
    final TreeSet<Long> timers = new TreeSet<>();
    Runnable onTimer = () -> {};

    ToyProcess(SimNode node) {
        this.node = node;
    }

    void send(SimNode to, byte[] payload) {
        node.sim.delivery.sendDatagram(node, to.endpoint(), to.name(), payload);
    }

    @Override
    public long nextDeadline() {
        return timers.isEmpty() ? Long.MAX_VALUE : timers.first();
    }

    @Override
    public void onTimer(long now) {
        while (!timers.isEmpty() && timers.first() <= now) {
            timers.pollFirst();
            timerFires.add(now);
            onTimer.run();
        }
    }

    @Override
    public void onDatagram(long now, Endpoint from, byte[] datagram) {
        packets.add(new Got(now, from, datagram));
    }

    @Override
    public long onStreamAccepted(long now, Endpoint from) {
        return -1;
    }

    @Override
    public void onStreamConnected(long now, long id) {}

    @Override
    public void onStreamBytes(long now, long id, byte[] bytes) {}

    @Override
    public void onStreamEof(long now, long id) {}

    @Override
    public void onStreamClosed(long now, long id, String error) {}
}
