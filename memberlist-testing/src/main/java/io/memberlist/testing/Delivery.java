package io.memberlist.testing;

import io.memberlist.Endpoint;
import io.memberlist.codec.Crc;
import io.memberlist.codec.MessageType;
import java.util.Arrays;

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

    /** Called by a host: puts a framed datagram on the network. */
    void sendDatagram(SimNode from, Endpoint to, String toNode, byte[] datagram) {
        sim.stats.packetsSent++;
        sim.stats.bytesSent += datagram.length;
        sim.trace.mix(from.index);
        sim.trace.mix(datagram);
        for (int i = 0; i < sim.taps.size(); i++) {
            if (!sim.taps.get(i).sent(sim.now, from, to, toNode, datagram)) {
                sim.stats.droppedByTap++;
                return;
            }
        }
        SimNode dest = sim.route(to);
        if (dest == null) {
            sim.stats.droppedNoRoute++;
            return;
        }
        if (sim.faults.blocked(from.index, dest.index, false)) {
            sim.stats.droppedCut++;
            return;
        }
        if (sim.model.lose(sim.netRandom) || lostAt(from) || lostAt(dest)) {
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

    /** The gray-failure draw of one end (no draw, so no change to the random sequence, without it). */
    private boolean lostAt(SimNode n) {
        return n.loss > 0 && sim.netRandom.nextDouble() < n.loss;
    }

    /** Initial TCP retransmission timeout of a connect (Linux: 1 s), doubled on each loss. */
    private static final long SYN_RTO = 1_000_000_000L;
    /** Retransmissions after which a leg is given up (it then never arrives: the deadline ends it). */
    private static final int MAX_RETRIES = 6;

    /**
     * Extra delay of one stream leg between {@code a} and {@code b}: TCP's retransmissions while
     * a gray-failing end keeps losing the segment; {@code Long.MAX_VALUE} when every try is lost.
     */
    private long retransmitDelay(SimNode a, SimNode b) {
        double p = 1 - (1 - (a == null ? 0 : a.loss)) * (1 - (b == null ? 0 : b.loss));
        if (p <= 0) {
            return 0;
        }
        long extra = 0;
        long rto = SYN_RTO;
        for (int tries = 0; sim.netRandom.nextDouble() < p; tries++) {
            if (tries == MAX_RETRIES) {
                return Long.MAX_VALUE;
            }
            extra += rto;
            rto *= 2;
        }
        return extra;
    }

    // ---------------------------------------------------------------- streams

    /**
     * Called by a host: the connection request reaches the listener one way later, the dialer
     * learns it is up one more way later, and its first bytes arrive one way after that. A
     * missing, crashed or cut-off listener never answers: the dialer's node times out.
     */
    void openStream(SimNode from, long id, Endpoint to) {
        sim.stats.streamsOpened++;
        sim.trace.mix(0x57EL + from.index);
        SimNode dest = sim.route(to);
        SimStream s = new SimStream(from, id, dest, new Endpoint(from.endpoint.ip(), nextEphemeralPort()));
        from.streams.put(id, s);
        if (dest == null || streamCut(from, dest)) {
            return;
        }
        long syn = retransmitDelay(from, dest);
        if (syn == Long.MAX_VALUE) {
            return;
        }
        if (dest.status == SimNode.Status.CRASHED) {
            if (dest.hostUp) { // nothing listens, the host's kernel answers with a reset
                long back = retransmitDelay(dest, from);
                if (back != Long.MAX_VALUE) {
                    sim.stats.streamsRefused++;
                    long at = sim.now + syn + back + sim.model.oneWay(sim.netRandom) + sim.model.oneWay(sim.netRandom);
                    sim.queue.add(at, new InputEvent(from, from.epoch, new NodeInput.Closed(s, true, SimNetwork.CONNECTION_REFUSED)));
                }
            }
            return;
        }
        sim.queue.add(sim.now + syn + sim.model.oneWay(sim.netRandom), new InputEvent(dest, dest.epoch, new NodeInput.Accept(s)));
    }

    private boolean streamCut(SimNode a, SimNode b) {
        return sim.faults.blocked(a.index, b.index, true) || sim.faults.blocked(b.index, a.index, true);
    }

    void writeStream(SimNode from, long id, byte[] bytes) {
        SimStream s = from.streams.get(id);
        if (s == null) {
            return;
        }
        boolean fromDialer = s.dialer == from && s.dialerId == id;
        for (int i = 0; i < sim.streamTaps.size(); i++) {
            sim.streamTaps.get(i).written(sim.now, from, s.host(!fromDialer), fromDialer, bytes);
        }
        if (fromDialer && !s.connected) {
            s.early.add(bytes);
            return;
        }
        send(s, !fromDialer, bytes);
    }

    /** Puts bytes towards one end, in pieces of the configured chunk size, in order. */
    private void send(SimStream s, boolean toDialer, byte[] bytes) {
        SimNode dest = s.host(toDialer);
        if (dest == null || streamCut(s.dialer, s.listener)) {
            return; // a cut connection stalls; the nodes' deadlines end it
        }
        sim.stats.streamBytes += bytes.length;
        long extra = retransmitDelay(s.dialer, s.listener);
        if (extra == Long.MAX_VALUE) {
            return; // the connection stalls; the nodes' deadlines end it
        }
        long at = s.arrival(toDialer, sim.now + extra + sim.model.oneWay(sim.netRandom));
        int chunk = sim.streamChunk;
        for (int off = 0; off < bytes.length; off += chunk) {
            byte[] piece = chunk >= bytes.length ? bytes : Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + chunk));
            sim.queue.add(at, new InputEvent(dest, s.epoch(toDialer), new NodeInput.Bytes(s, toDialer, piece)));
        }
    }

    void closeStream(SimNode from, long id, boolean abort) {
        SimStream s = from.streams.remove(id);
        if (s == null) {
            return;
        }
        boolean fromDialer = s.dialer == from && s.dialerId == id;
        if (fromDialer && !s.connected) {
            if (abort) {
                s.early.clear();
                s.aborted = true; // when the connection comes up, it is reset at once
            } else {
                s.dialerClosing = true;
                from.streams.put(id, s); // until the connection is up and the bytes are out
            }
            return;
        }
        SimNode peer = s.host(!fromDialer);
        if (peer == null || streamCut(s.dialer, s.listener)) {
            if (!abort) {
                sim.queue.add(sim.now, new InputEvent(from, from.epoch, new NodeInput.Closed(s, fromDialer, "connection lost")));
            }
            return;
        }
        long at = s.arrival(!fromDialer, sim.now + sim.model.oneWay(sim.netRandom));
        if (abort) {
            sim.queue.add(at, new InputEvent(peer, s.epoch(!fromDialer), new NodeInput.Closed(s, !fromDialer, "connection reset")));
        } else {
            sim.queue.add(at, new InputEvent(peer, s.epoch(!fromDialer), new NodeInput.Eof(s, !fromDialer)));
            sim.queue.add(sim.now, new InputEvent(from, from.epoch, new NodeInput.Closed(s, fromDialer, null)));
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
            if (node.inbox.size() >= sim.inboxCapacity && input instanceof NodeInput.Packet) {
                sim.stats.droppedInboxFull++;
                return;
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
        SimHost h = node.host;
        if (input instanceof NodeInput.Packet pk) {
            if (sim.faults.blocked(pk.fromIndex(), node.index, false)) {
                sim.stats.droppedCut++;
                return;
            }
            sim.stats.packetsDelivered++;
            sim.stats.messagesDelivered += messages(pk.datagram());
            h.onDatagram(sim.now, pk.from(), pk.datagram());
        } else if (input instanceof NodeInput.Accept a) {
            SimStream s = a.stream();
            if (streamCut(s.dialer, node)) {
                return;
            }
            long synAck = retransmitDelay(node, s.dialer);
            if (synAck == Long.MAX_VALUE) {
                return; // the handshake never completes: the dialer's deadline ends it
            }
            long id = h.onStreamAccepted(sim.now, s.source);
            long back = sim.now + synAck + sim.model.oneWay(sim.netRandom);
            if (id < 0) {
                sim.stats.streamsRefused++;
                sim.queue.add(back, new InputEvent(s.dialer, s.dialerEpoch, new NodeInput.Closed(s, true, "connection reset")));
            } else {
                s.listenerId = id;
                node.streams.put(id, s);
                sim.queue.add(back, new InputEvent(s.dialer, s.dialerEpoch, new NodeInput.Connected(s)));
            }
        } else if (input instanceof NodeInput.Connected c) {
            SimStream s = c.stream();
            s.connected = true;
            if (s.aborted) {
                sim.queue.add(sim.now + sim.model.oneWay(sim.netRandom), new InputEvent(s.listener, s.listenerEpoch,
                        new NodeInput.Closed(s, false, "connection reset")));
                return;
            }
            h.onStreamConnected(sim.now, s.dialerId);
            for (byte[] b : s.early) {
                send(s, false, b);
            }
            s.early.clear();
            if (s.dialerClosing && node.streams.get(s.dialerId) == s) {
                closeStream(node, s.dialerId, false);
            }
        } else if (input instanceof NodeInput.Bytes b) {
            h.onStreamBytes(sim.now, b.stream().id(b.toDialer()), b.bytes());
        } else if (input instanceof NodeInput.Eof e) {
            h.onStreamEof(sim.now, e.stream().id(e.toDialer()));
        } else if (input instanceof NodeInput.Closed c) {
            SimStream s = c.stream();
            node.streams.remove(s.id(c.toDialer()), s);
            h.onStreamClosed(sim.now, s.id(c.toDialer()), c.error());
        }
        afterInput(node);
    }

    /** After any input to a node: re-read its next deadline and notify listeners of its events. */
    void afterInput(SimNode node) {
        if (node.host != null) {
            node.host.flushEvents();
        }
        reschedule(node);
    }

    void reschedule(SimNode node) {
        if (node.status == SimNode.Status.CRASHED || node.host == null) {
            return;
        }
        long d = node.host.nextDeadline();
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
        node.host.onTimer(sim.now);
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

    /** Protocol messages in a datagram as framed: compound parts, else one (see SimStats). */
    static int messages(byte[] d) {
        int off = 0;
        if (d.length > 1 && (d[0] & 0xFF) == MessageType.HAS_LABEL) {
            off = 2 + (d[1] & 0xFF);
        }
        if (off < d.length && (d[off] & 0xFF) == MessageType.HAS_CRC) {
            off += Crc.HEADER_LENGTH;
        }
        return off + 1 < d.length && d[off] == MessageType.COMPOUND ? Math.max(1, d[off + 1] & 0xFF) : 1;
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
