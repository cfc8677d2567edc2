package io.memberlist.campaign;

import io.memberlist.testing.SimNode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * User messages arrive intact, at the member they were sent to, and a reliable one whose send
 * succeeded arrives. Continuously: every message a node receives was sent, byte for byte, to that
 * member's name, and a reliable (stream) message reaches a process at most once. At the end: a
 * reliable message whose send reported success was received by the process it was sent to (the
 * one at the address the sender resolved), if that process still runs and read its streams in
 * time: it was neither paused nor slow from the send until a TCP timeout later. (A reliable send
 * succeeds once its bytes are written, as Go's {@code SendReliable} does; a receiver that stalls
 * past its stream timeouts before reading them drops the stream, in Go as here.)
 */
final class UserMessageChecker implements Checker {
    private static final class Sent {
        final long id;
        final String from;
        final String to;
        final boolean reliable;
        final ProcessKey target;
        final byte[] payload;
        final long sentAt;
        final Set<ProcessKey> receivedBy = new HashSet<>();
        String result;

        Sent(long id, String from, String to, boolean reliable, ProcessKey target, byte[] payload, long sentAt) {
            this.id = id;
            this.sentAt = sentAt;
            this.from = from;
            this.to = to;
            this.reliable = reliable;
            this.target = target;
            this.payload = payload;
        }
    }

    private final CampaignRun run;
    private final Map<Long, Sent> sent = new LinkedHashMap<>();
    private long reliableSent;
    private long reliableOk;
    private long received;
    private long stalled;
    /** Disturbances that keep a receiver from reading a stream within its timeouts. */
    private static final Set<String> STALLS = Set.of(FaultApplier.PAUSED, FaultApplier.SLOW);

    UserMessageChecker(CampaignRun run) {
        this.run = run;
    }

    @Override
    public String name() {
        return "user-messages";
    }

    /** {@code target}: the process at the address the sender's view has for {@code to}, or null. */
    void sent(long id, SimNode from, String to, boolean reliable, ProcessKey target, byte[] payload) {
        sent.put(id, new Sent(id, from.name(), to, reliable, target, payload, run.now()));
        if (reliable) {
            reliableSent++;
        }
    }

    /** The outcome of a reliable send: null when it was written, else the reason it failed. */
    void result(long id, String error) {
        Sent s = sent.get(id);
        s.result = error == null ? "ok" : error;
        if (error == null) {
            reliableOk++;
        }
    }

    long reliableSent() {
        return reliableSent;
    }

    void received(SimNode node, byte[] payload) {
        received++;
        long id = Payloads.idOf(Payloads.MESSAGE, payload);
        Sent s = id < 0 ? null : sent.get(id);
        if (s == null) {
            run.fail(this, node.name() + " received a user message that was never sent, or corrupted ("
                    + payload.length + " bytes)");
            return;
        }
        if (!Arrays.equals(s.payload, payload) || !Payloads.addressee(payload).equals(node.name())) {
            run.fail(this, node.name() + " received message " + id + " meant for " + s.to + " from " + s.from);
        }
        if (s.reliable && !s.receivedBy.add(ProcessKey.of(node))) {
            run.fail(this, node.name() + " received reliable message " + id + " twice");
        }
    }

    /** At the end: every reliable message that was sent successfully reached its still-running target. */
    void checkDelivered() {
        for (Sent s : sent.values()) {
            if (!s.reliable || !"ok".equals(s.result) || s.target == null) {
                continue;
            }
            SimNode host = run.sim().nodes().get(s.target.host());
            long readBy = s.sentAt + run.sample().tcpTimeout().toNanos();
            if (run.disturbances().hostDisturbance(host.index(), s.sentAt, readBy, STALLS) != null) {
                stalled++;
                continue;
            }
            if (s.target.isRunningOn(host) && !s.receivedBy.contains(s.target)) {
                run.fail(this, "reliable message " + s.id + " from " + s.from + " to " + s.to + " was sent"
                        + " successfully but never reached " + host.name() + " (still running)");
            }
        }
    }

    void count(Counts c) {
        c.add("messages", sent.size()).add("reliable", reliableSent).add("reliable sent ok", reliableOk)
                .add("reliable to a stalled receiver", stalled).add("messages received", received);
    }
}
