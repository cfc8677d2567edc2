package io.memberlist.testing;

import io.memberlist.codec.ErrResp;
import io.memberlist.codec.Message;
import io.memberlist.core.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** A scriptable stand-in for an engine: records what reaches it, fires timers it is given. */
final class ToyProcess implements SimProcess {
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
        node.sim.sendPacket(node, to.endpoint(), payload, false);
    }

    void stream(long id, SimNode to, long deadline, boolean expectReply) {
        node.sim.openStream(node, id, to.endpoint(), new ErrResp("hello " + id), deadline, expectReply);
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
    public void onPacket(long now, Endpoint from, byte[] leaf) {
        packets.add(new Got(now, from, leaf));
    }

    @Override
    public Message onStreamMessage(long now, Endpoint from, Message msg) {
        return new ErrResp("re: " + ((ErrResp) msg).error());
    }

    @Override
    public void onStreamReply(long now, long streamId, Message reply) {
        streamResults.add(streamId + " " + (reply == null ? "done" : ((ErrResp) reply).error()));
        streamResultTimes.add(now);
    }

    @Override
    public void onStreamFailed(long now, long streamId, String reason) {
        streamResults.add(streamId + " failed " + reason);
        streamResultTimes.add(now);
    }
}
