package io.memberlist.testing;

import io.memberlist.codec.CodecException;
import io.memberlist.codec.Message;
import io.memberlist.core.Endpoint;

/**
 * The moving parts of {@link SimNetwork}: puts datagrams and stream exchanges on the simulated
 * wire, delivers (or queues, or drops) what reaches a node, runs engine timers and pause ends,
 * and re-reads an engine's next deadline after every input.
 */
final class Delivery {
    private final SimNetwork sim;
    private int ephemeralPort = 32768;

    Delivery(SimNetwork sim) {
        this.sim = sim;
    }

    // ---------------------------------------------------------------- packets

    /** Called by a node's outbox: puts a datagram on the network. */
    void sendPacket(SimNode from, Endpoint to, byte[] payload, boolean crc) {
        byte[] datagram = sim.framing.encode(from, payload, crc);
        sim.stats.packetsSent++;
        sim.stats.bytesSent += datagram.length;
        sim.trace.mix(from.index);
        sim.trace.mix(datagram);
        SimNode dest = sim.byEndpoint.get(to);
        if (dest == null) {
            sim.stats.droppedNoRoute++;
            return;
        }
        if (sim.faults.blocked(from.index, dest.index)) {
            sim.stats.droppedCut++;
            return;
        }
        if (sim.model.lose(sim.netRandom)) {
            sim.stats.droppedLoss++;
            return;
        }
        NodeInput.Packet p = new NodeInput.Packet(from.endpoint, from.index, datagram);
        sim.queue.add(sim.now + sim.model.packetDelay(sim.netRandom), new InputEvent(dest, dest.epoch, p));
        if (sim.model.duplicate(sim.netRandom)) {
            sim.stats.packetsDuplicated++;
            sim.queue.add(sim.now + sim.model.packetDelay(sim.netRandom), new InputEvent(dest, dest.epoch, p));
        }
    }

    // ---------------------------------------------------------------- streams

    /**
     * Called by a node's outbox: connect (one round trip), write the message (one way), and if a
     * reply is expected, the listener's answer comes back one way later. The origin hears
     * exactly once: reply or failure, never after {@code deadline} with a reply.
     */
    void openStream(SimNode from, long streamId, Endpoint to, Message message, long deadline,
            boolean expectReply) {
        sim.stats.streamsOpened++;
        long limit = Math.max(sim.now, deadline);
        from.pendingStreams.put(streamId, limit);
        // The deadline is a timer of the dialer's runtime, not a message: a slow receive path
        // does not postpone it.
        InputEvent timeout = new InputEvent(from, from.epoch, new NodeInput.StreamFailure(streamId, "i/o timeout"));
        timeout.delayed = true;
        sim.queue.add(limit, timeout);
        StreamWire.Payload carried = StreamWire.write(from, message, true, sim.stats);
        SimNode dest = sim.byEndpoint.get(to);
        sim.trace.mix(0x57EL + from.index);
        if (dest == null || dest.status == SimNode.Status.CRASHED
                || sim.faults.blocked(from.index, dest.index) || sim.faults.blocked(dest.index, from.index)) {
            return; // a SYN into the void: the origin times out at the deadline
        }
        long connected = sim.now + sim.model.oneWay(sim.netRandom) + sim.model.oneWay(sim.netRandom);
        long arrival = connected + sim.model.oneWay(sim.netRandom);
        Endpoint source = new Endpoint(from.endpoint.ip(), nextEphemeralPort());
        sim.queue.add(arrival, new InputEvent(dest, dest.epoch,
                new NodeInput.StreamRequest(from, from.epoch, streamId, source, carried, expectReply)));
        if (!expectReply) {
            sim.queue.add(connected, new InputEvent(from, from.epoch, new NodeInput.StreamReply(streamId, null)));
        }
    }

    private int nextEphemeralPort() {
        int p = ephemeralPort++;
        if (ephemeralPort > 60999) {
            ephemeralPort = 32768;
        }
        return p;
    }

    // ---------------------------------------------------------------- processing

    void deliver(SimNode node, int epoch, NodeInput input, boolean delayed) {
        if (node.epoch != epoch || node.status == SimNode.Status.CRASHED) {
            if (input instanceof NodeInput.Packet) {
                sim.stats.droppedCrashed++;
            }
            return;
        }
        if (!delayed && sim.now < node.slowUntil) {
            InputEvent late = new InputEvent(node, epoch, input);
            late.delayed = true;
            sim.queue.add(sim.now + node.slowDelayNanos, late);
            return;
        }
        if (node.status == SimNode.Status.PAUSED) {
            if (node.inbox.size() >= sim.inboxCapacity) {
                if (input instanceof NodeInput.Packet) {
                    sim.stats.droppedInboxFull++;
                    return;
                }
            }
            node.inbox.addLast(input);
            node.maxInbox = Math.max(node.maxInbox, node.inbox.size());
            return;
        }
        process(node, input);
    }

    private void process(SimNode node, NodeInput input) {
        sim.trace.mix(node.index);
        sim.lastTouched = node;
        SimProcess p = node.process;
        if (input instanceof NodeInput.Packet pk) {
            if (sim.faults.blocked(pk.fromIndex(), node.index)) {
                sim.stats.droppedCut++;
                return;
            }
            sim.stats.packetsDelivered++;
            try {
                sim.framing.decode(node, pk.datagram(), leaf -> {
                    sim.stats.leavesDelivered++;
                    for (int i = 0; i < sim.taps.size(); i++) {
                        sim.taps.get(i).delivered(sim.now, sim.nodes.get(pk.fromIndex()), node, leaf);
                    }
                    p.onPacket(sim.now, pk.from(), leaf);
                });
            } catch (CodecException ex) {
                sim.stats.droppedDecode++;
                sim.log(node, "undecodable packet from " + pk.from() + ": " + ex);
            }
        } else if (input instanceof NodeInput.StreamRequest rq) {
            if (sim.faults.blocked(rq.origin().index, node.index)) {
                return;
            }
            Message request;
            try {
                request = StreamWire.read(node, rq.message(), true);
            } catch (CodecException ex) {
                // The listener drops the connection: the dialer sees it closed.
                sim.log(node, "undecodable stream from " + rq.from() + ": " + ex);
                if (rq.expectReply() && !sim.faults.blocked(node.index, rq.origin().index)) {
                    sim.queue.add(sim.now + sim.model.oneWay(sim.netRandom), new InputEvent(rq.origin(), rq.originEpoch(),
                            new NodeInput.StreamFailure(rq.streamId(), "EOF: " + ex.getMessage())));
                }
                return;
            }
            Message reply = p.onStreamMessage(sim.now, rq.from(), request);
            if (!rq.expectReply()) {
                afterInput(node);
                return;
            }
            SimNode origin = rq.origin();
            if (!sim.faults.blocked(node.index, origin.index)) {
                NodeInput back = reply == null
                        ? new NodeInput.StreamFailure(rq.streamId(), "EOF")
                        : new NodeInput.StreamReply(rq.streamId(), StreamWire.write(node, reply, false, sim.stats));
                sim.queue.add(sim.now + sim.model.oneWay(sim.netRandom), new InputEvent(origin, rq.originEpoch(), back));
            }
        } else if (input instanceof NodeInput.StreamReply r) {
            Long deadline = node.pendingStreams.remove(r.streamId());
            if (deadline == null) {
                return;
            }
            if (sim.now > deadline) {
                // Read after the deadline (the node was stalled): a timeout, as Go's netpoller
                // reports even when the bytes are already in the socket buffer.
                sim.stats.streamsFailed++;
                p.onStreamFailed(sim.now, r.streamId(), "i/o timeout");
                afterInput(node);
                return;
            }
            Message reply = null;
            if (r.reply() != null) {
                try {
                    reply = StreamWire.read(node, r.reply(), false);
                } catch (CodecException ex) {
                    sim.stats.streamsFailed++;
                    p.onStreamFailed(sim.now, r.streamId(), "reply undecodable: " + ex.getMessage());
                    afterInput(node);
                    return;
                }
            }
            sim.stats.streamsCompleted++;
            p.onStreamReply(sim.now, r.streamId(), reply);
        } else if (input instanceof NodeInput.StreamFailure f) {
            if (node.pendingStreams.remove(f.streamId()) == null) {
                return;
            }
            sim.stats.streamsFailed++;
            sim.log(node, "stream " + f.streamId() + " failed: " + f.reason());
            p.onStreamFailed(sim.now, f.streamId(), f.reason());
        }
        afterInput(node);
    }

    /** After any input to a node: re-read its next deadline and notify listeners of its events. */
    void afterInput(SimNode node) {
        if (node.process instanceof EngineHooks h) {
            h.flushEvents();
        }
        reschedule(node);
    }

    void reschedule(SimNode node) {
        if (node.status == SimNode.Status.CRASHED || node.process == null) {
            return;
        }
        long d = node.process.nextDeadline();
        if (d != node.timerDeadline) {
            node.timerDeadline = d;
            if (d != Long.MAX_VALUE && node.status == SimNode.Status.RUNNING) {
                sim.queue.add(Math.max(d, sim.now), new TimerEvent(node, node.epoch, d));
            }
        }
    }

    void fireTimer(SimNode node, int epoch, long deadline) {
        if (node.epoch != epoch || node.timerDeadline != deadline || node.status != SimNode.Status.RUNNING) {
            return;
        }
        node.timerDeadline = Long.MAX_VALUE; // consumed: the reschedule below always re-arms
        if (node.lastTimerFire == sim.now) {
            if (++node.timerFiresAtSameInstant > 100_000) {
                throw new SimulationException("seed " + sim.seed + ": engine of " + node.name
                        + " keeps asking for a timer at t=" + sim.now + " without making progress");
            }
        } else {
            node.lastTimerFire = sim.now;
            node.timerFiresAtSameInstant = 0;
        }
        sim.trace.mix(node.index);
        sim.lastTouched = node;
        node.process.onTimer(sim.now);
        afterInput(node);
    }

    void resume(SimNode node, int epoch, int token) {
        if (node.epoch != epoch || node.pauseToken != token || node.status != SimNode.Status.PAUSED) {
            return;
        }
        node.status = SimNode.Status.RUNNING;
        sim.log(node, "resume with " + node.inbox.size() + " waiting inputs");
        if (!sim.inputsFirstAfterPause) {
            // Overdue timeouts are noticed before the backlog is read, as a runtime waking up
            // from a stall sees its expired timers at once: late acks then arrive too late.
            node.timerDeadline = Long.MAX_VALUE;
            reschedule(node);
        }
        while (!node.inbox.isEmpty()) {
            InputEvent e = new InputEvent(node, node.epoch, node.inbox.pollFirst());
            e.delayed = true;
            sim.queue.add(sim.now, e);
        }
        if (sim.inputsFirstAfterPause) {
            node.timerDeadline = Long.MAX_VALUE;
            reschedule(node);
        }
    }

    // ---------------------------------------------------------------- events

    static final class InputEvent extends SimEvent {
        final SimNode node;
        final int epoch;
        final NodeInput input;
        boolean delayed;

        InputEvent(SimNode node, int epoch, NodeInput input) {
            this.node = node;
            this.epoch = epoch;
            this.input = input;
        }

        @Override
        void fire(SimNetwork sim) {
            sim.delivery.deliver(node, epoch, input, delayed);
        }

        @Override
        int kind() {
            return 1;
        }
    }

    static final class TimerEvent extends SimEvent {
        final SimNode node;
        final int epoch;
        final long deadline;

        TimerEvent(SimNode node, int epoch, long deadline) {
            this.node = node;
            this.epoch = epoch;
            this.deadline = deadline;
        }

        @Override
        void fire(SimNetwork sim) {
            sim.delivery.fireTimer(node, epoch, deadline);
        }

        @Override
        int kind() {
            return 2;
        }
    }

    static final class ResumeEvent extends SimEvent {
        final SimNode node;
        final int epoch;
        final int token;

        ResumeEvent(SimNode node, int epoch, int token) {
            this.node = node;
            this.epoch = epoch;
            this.token = token;
        }

        @Override
        void fire(SimNetwork sim) {
            sim.delivery.resume(node, epoch, token);
        }

        @Override
        int kind() {
            return 3;
        }
    }

    static final class ActionEvent extends SimEvent {
        final Runnable action;

        ActionEvent(Runnable action) {
            this.action = action;
        }

        @Override
        void fire(SimNetwork sim) {
            action.run();
        }

        @Override
        int kind() {
            return 4;
        }
    }

}
