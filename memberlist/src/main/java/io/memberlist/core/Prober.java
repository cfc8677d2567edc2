package io.memberlist.core;

import io.memberlist.Endpoint;
import io.memberlist.MemberState;
import io.memberlist.PingDelegate;
import io.memberlist.codec.AckResp;
import io.memberlist.codec.IndirectPingReq;
import io.memberlist.codec.Message;
import io.memberlist.codec.NackResp;
import io.memberlist.codec.Ping;
import io.memberlist.codec.Suspect;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failure detection (PROTOCOL.md §10.1): one probe per probe tick, walking the shuffled member
 * list; direct ping, then indirect pings through helpers (with nacks) and a TCP fallback ping;
 * health deltas; suspicion on failure. Also answers pings, relays indirect pings, and runs the
 * {@code ping} command.
 *
 * <p>Like Go, a probe that outlasts the probe interval (health-scaled) delays the next one: a tick
 * that arrives during a probe is remembered and runs as soon as the probe ends.
 */
final class Prober {
    private static final Logger LOG = LoggerFactory.getLogger(Prober.class);
    /** Replies on behalf of others not sent, by reason ({@code rate_limit}, {@code unknown_target}). */
    static final String REPLY_DROPPED = "memberlist.reply.dropped";

    private final Context ctx;
    private final Sender sender;
    private final AckHandlers acks;
    private final Streams streams;
    private final Membership membership;
    private final ReplyLimiter replies;
    private final LogLimiter remoteLog = new LogLimiter();
    private final CrashEvidence evidence;
    private Probe current;
    private boolean tickPending;

    Prober(Context ctx, Sender sender, AckHandlers acks, Streams streams, Membership membership,
            CrashEvidence evidence) {
        this.ctx = ctx;
        this.evidence = evidence;
        this.sender = sender;
        this.acks = acks;
        this.streams = streams;
        this.membership = membership;
        this.replies = new ReplyLimiter(ctx.probeInterval);
    }

    /** The probe ticker fired. */
    void tick(long now) {
        if (ctx.fenced) {
            return; // out of the cluster: a fenced node accuses nobody (Fencing)
        }
        if (current != null) {
            tickPending = true;
            return;
        }
        NodeState target = outOfTurn();
        if (target == null) {
            target = ctx.table.nextProbeTarget(ctx.name, now, ctx.gossipToTheDead);
        }
        if (target != null) {
            current = new Probe(target);
            current.start(now);
        }
    }

    /** A live member whose push/pull was just refused ({@link CrashEvidence}): probed now, out of turn. */
    private NodeState outOfTurn() {
        String name = evidence.takeProbeNext();
        NodeState n = name == null ? null : ctx.table.get(name);
        if (n == null || n.name.equals(ctx.name) || n.isDeadOrLeft()) {
            return null;
        }
        return n;
    }

    /**
     * Probes {@code member} now, beside the probe in turn, for {@link LoneSuspicion}: its direct
     * ping carries the suspect message whatever {@code lifeguardBuddy} says; {@code outcome} runs
     * once, when the probe ends (answered: an ack, direct, indirect or over TCP).
     */
    void verify(long now, String member, LoneSuspicion.Outcome outcome) {
        NodeState target = ctx.table.get(member);
        if (target == null || target.name.equals(ctx.name)) {
            outcome.ended(now, false);
            return;
        }
        new Probe(target, outcome).start(now);
    }

    private void probeEnded(long now, Probe probe) {
        if (current != probe) {
            return;
        }
        current = null;
        ctx.metrics.timer("memberlist.probeNode", now - probe.sent);
        if (tickPending && !ctx.shutdown) {
            tickPending = false;
            tick(now);
        }
    }

    private Ping newPing(long seqNo, String target) {
        return new Ping(seqNo, target, ctx.advertise.ip(), ctx.advertise.port(), ctx.name);
    }

    /** One probe of one member, from the direct ping to success or suspicion. */
    private final class Probe implements AckHandlers.Handler {
        private final String name;
        private final Endpoint addr;
        private final byte[] addrBytes;
        private final long incarnation;
        private final MemberState stateAtStart;
        private final int pMax;
        private final NodeState node;
        private long sent;
        private long deadline;
        private Ping ping;
        private boolean indirect;
        private boolean expired;
        private boolean finished;
        private int expectedNacks;
        private int nacks;
        private boolean tcpPending;
        private boolean tcpContacted;
        private boolean tcpRefused;
        /** Set for a check of a lone suspicion ({@link #verify}), not a probe in turn. */
        private final LoneSuspicion.Outcome outcome;

        Probe(NodeState target) {
            this(target, null);
        }

        Probe(NodeState target, LoneSuspicion.Outcome outcome) {
            this.outcome = outcome;
            this.node = target;
            this.name = target.name;
            this.addrBytes = target.addr;
            this.addr = target.endpoint();
            this.incarnation = target.incarnation;
            this.stateAtStart = target.state;
            this.pMax = target.pMax;
        }

        void start(long now) {
            long interval = ctx.awareness.scale(ctx.probeInterval);
            if (interval > ctx.probeInterval) {
                ctx.metrics.counter("memberlist.degraded.probe", 1);
            }
            ping = newPing(ctx.nextSeqNo(), name);
            sent = now;
            deadline = now + interval;
            acks.register(ping.seqNo(), deadline, this);
            if (stateAtStart == MemberState.ALIVE
                    || (!ctx.settings.lifeguardBuddy() && outcome == null)) {
                sender.sendMsg(addr, name, ping, false);
            } else {
                // Lifeguard "buddy": tell a suspect at once that it is suspected, so it refutes.
                Suspect s = new Suspect(incarnation, name, ctx.name);
                sender.sendRaw(addr, name, Wire.compound(List.of(Wire.encode(ping), Wire.encode(s))),
                        pMax >= 5);
            }
            ctx.timers.schedule(now + ctx.probeTimeout, this::directTimedOut);
        }

        private void directTimedOut(long now) {
            if (!finished && !indirect) {
                goIndirect(now);
            }
        }

        private void goIndirect(long now) {
            indirect = true;
            List<NodeState> helpers = ctx.table.randomNodes(ctx.settings.indirectChecks(),
                    n -> n.state == MemberState.ALIVE && !n.name.equals(ctx.name)
                            && !n.name.equals(name));
            for (NodeState helper : helpers) {
                boolean nack = helper.pMax >= 4;
                if (nack) {
                    expectedNacks++;
                }
                IndirectPingReq req = new IndirectPingReq(ping.seqNo(), addrBytes, addr.port(), name,
                        nack, ctx.advertise.ip(), ctx.advertise.port(), ctx.name);
                sender.sendMsg(helper.endpoint(), helper.name, req, false);
            }
            boolean tcpDisabled = ctx.settings.disableTcpPings()
                    || ctx.settings.disableTcpPingsForNode().test(name);
            if (!tcpDisabled && pMax >= 3) {
                tcpPending = true;
                streams.open(addr, name, ping, deadline, true, new Streams.Handler() {
                    @Override
                    public void onReply(long t, Message reply) {
                        tcpPending = false;
                        tcpContacted = reply instanceof AckResp a && a.seqNo() == ping.seqNo();
                        if (!tcpContacted) {
                            LOG.debug("{}: unexpected TCP ping reply from {}: {}", ctx.name, name,
                                    reply);
                        }
                        maybeConclude(t);
                    }

                    @Override
                    public void onFailed(long t, String reason) {
                        tcpPending = false;
                        tcpRefused = CrashEvidence.isRefusal(reason);
                        maybeConclude(t);
                    }
                });
            }
        }

        @Override
        public void onAck(long now, byte[] payload) {
            if (finished) {
                return;
            }
            if (!indirect) {
                PingDelegate pd = ctx.settings.ping();
                if (pd != null) {
                    ctx.outbox.event(new MemberEvent.PingCompleted(node.toMember(), now - sent,
                            payload));
                }
            }
            succeed(now);
        }

        @Override
        public void onNack(long now) {
            nacks++;
        }

        @Override
        public void onExpired(long now) {
            if (finished) {
                return;
            }
            if (!indirect) {
                goIndirect(now);
            }
            expired = true;
            maybeConclude(now);
        }

        private void maybeConclude(long now) {
            if (finished || !expired || tcpPending) {
                return;
            }
            if (tcpContacted) {
                LOG.warn("{}: was able to connect to {} over TCP but UDP probes failed, network may"
                        + " be misconfigured", ctx.name, name);
                succeed(now);
                return;
            }
            finished = true;
            int delta;
            if (expectedNacks > 0) {
                delta = Math.max(0, expectedNacks - nacks);
            } else {
                delta = 1;
            }
            ctx.awareness.applyDelta(delta);
            LOG.info("{}: suspect {} has failed, no acks received", ctx.name, name);
            membership.probeFailed(now, new Suspect(incarnation, name, ctx.name));
            if (evidence.enabled() && (tcpRefused || evidence.refusedRecently(now, name,
                    EVIDENCE_WINDOW * ctx.awareness.scale(ctx.probeInterval)))) {
                LOG.info("{}: {} refused a connection at its address: its process is gone",
                        ctx.name, name);
                membership.hastenSuspicion(now, name, incarnation, evidence.suspicionNanos());
            }
            probeEnded(now, this);
            if (outcome != null) {
                outcome.ended(now, false);
            }
        }

        private void succeed(long now) {
            finished = true;
            evidence.forget(name);
            ctx.awareness.applyDelta(-1);
            probeEnded(now, this);
            if (outcome != null) {
                outcome.ended(now, true);
            }
        }
    }

    /**
     * Answers a ping for us (or for nobody in particular) with an ack and our ack payload, within
     * the destination's {@link ReplyLimiter} budget. Queued broadcasts ride along only when the
     * destination is a member we know at that address.
     */
    void handlePing(long now, Endpoint from, Ping p) {
        if (!p.node().isEmpty() && !p.node().equals(ctx.name)) {
            if (LOG.isDebugEnabled() && remoteLog.allow(now)) {
                LOG.debug("{}: got ping for unexpected node '{}' from {}{}", ctx.name,
                        RemoteText.truncate(p.node()), from, remoteLog.suppressedSuffix());
            }
            return;
        }
        Endpoint to = replyAddress(p.sourceAddr(), p.sourcePort(), from);
        if (!replies.allow(now, to)) {
            replyDropped("rate_limit");
            return;
        }
        byte[] payload = null;
        PingDelegate pd = ctx.settings.ping();
        if (pd != null) {
            try {
                payload = pd.ackPayload();
            } catch (RuntimeException e) {
                LOG.warn("{}: PingDelegate.ackPayload failed", ctx.name, e);
            }
        }
        sender.sendReply(to, p.sourceNode(), new AckResp(p.seqNo(), payload));
    }

    /**
     * Probes a target on behalf of another member and relays the ack, or a nack on timeout.
     * Unlike Go, only a target this node knows under that name at that address is pinged (a
     * requester probes members, so a legitimate target is one; anything else would let anyone
     * aim our pings at a third party), without piggybacked broadcasts, and every message sent
     * takes a token from its destination's {@link ReplyLimiter} budget. A request that is not
     * relayed is answered with a nack at once when the requester asked for nacks: the requester
     * then does not take our silence for its own network trouble.
     */
    void handleIndirectPing(long now, Endpoint from, IndirectPingReq ind) {
        int port = ctx.fixPort(ind.port());
        Endpoint replyTo = replyAddress(ind.sourceAddr(), ind.sourcePort(), from);
        byte[] targetAddr = ind.target() == null ? new byte[0] : ind.target();
        Endpoint target = new Endpoint(targetAddr, port);
        NodeState known = ctx.table.get(ind.node());
        String refused = known == null || !known.endpoint().equals(target) ? "unknown_target"
                : !replies.allow(now, target) ? "rate_limit" : null;
        if (refused != null) {
            replyDropped(refused);
            if (ind.nack()) {
                relay(now, replyTo, ind.sourceNode(), new NackResp(ind.seqNo()));
            }
            return;
        }
        long localSeq = ctx.nextSeqNo();
        Ping ping = newPing(localSeq, ind.node());
        acks.register(localSeq, now + ctx.probeTimeout, new AckHandlers.Handler() {
            @Override
            public void onAck(long t, byte[] payload) {
                relay(t, replyTo, ind.sourceNode(), new AckResp(ind.seqNo(), null));
            }

            @Override
            public void onExpired(long t) {
                if (ind.nack()) {
                    relay(t, replyTo, ind.sourceNode(), new NackResp(ind.seqNo()));
                }
            }
        });
        sender.sendRaw(target, ind.node(), Wire.encode(ping), false);
    }

    /** An ack or nack relayed to the requester of an indirect ping, within its budget. */
    private void relay(long now, Endpoint to, String toNode, Message msg) {
        if (replies.allow(now, to)) {
            sender.sendReply(to, toNode, msg);
        } else {
            replyDropped("rate_limit");
        }
    }

    private void replyDropped(String reason) {
        ctx.metrics.counter(REPLY_DROPPED, 1, Map.of("reason", reason));
    }

    /** The {@code ping} command: one direct UDP ping, answered within the probe timeout or failed. */
    void ping(long now, String node, Endpoint addr, PingCallback cb) {
        long seq = ctx.nextSeqNo();
        long sent = now;
        boolean[] done = new boolean[1];
        acks.register(seq, now + ctx.probeInterval, (t, payload) -> {
            if (!done[0]) {
                done[0] = true;
                cb.done(t - sent);
            }
        });
        sender.sendMsg(addr, node, newPing(seq, node), false);
        ctx.timers.schedule(now + ctx.probeTimeout, t -> {
            if (!done[0]) {
                done[0] = true;
                cb.failed("no response from node " + node);
            }
        });
    }

    /**
     * Probe intervals (health-scaled) a refused push/pull stays evidence for: its target is
     * probed at the next tick, which a running probe may delay by one.
     */
    static final int EVIDENCE_WINDOW = 3;

    /**
     * Ends the running probe where it stands (no indirect pings, no TCP fallback, no suspicion
     * follow): this node fenced itself off ({@link Fencing}).
     */
    void abandon() {
        if (current != null) {
            current.finished = true;
            current = null;
        }
        tickPending = false;
    }

    void clear() {
        evidence.clear();
        current = null;
        tickPending = false;
        replies.clear();
    }

    private static Endpoint replyAddress(byte[] sourceAddr, int sourcePort, Endpoint from) {
        if (sourceAddr != null && sourceAddr.length > 0 && sourcePort > 0) {
            return new Endpoint(sourceAddr, sourcePort);
        }
        return from;
    }
}
