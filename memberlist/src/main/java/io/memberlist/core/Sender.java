package io.memberlist.core;

import io.memberlist.Endpoint;
import io.memberlist.Delegate;
import io.memberlist.codec.Limits;
import io.memberlist.codec.Message;
import io.memberlist.codec.MessageType;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds outgoing packets within the byte budget of PROTOCOL.md §4.6: piggybacks queued
 * broadcasts on direct messages, fills gossip packets, and never puts more than 127 parts in a
 * compound (v0.2.2 peers misparse 128 and more); longer lists go out as several compounds.
 */
final class Sender {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    private final Context ctx;

    Sender(Context ctx) {
        this.ctx = ctx;
    }

    /**
     * A direct message (ping, ack, nack, indirect ping, relayed ping) with as many broadcasts as
     * fit behind it. {@code crc} follows the destination's known PMax.
     */
    void sendMsg(Endpoint to, String toNode, Message msg, boolean crc) {
        sendMsg(to, toNode, Wire.encode(msg), crc, null);
    }

    /**
     * As {@link #sendMsg(Endpoint, String, Message, boolean)} with an encoded primary, leaving the
     * queued broadcast named {@code skipName} (may be null) out of the piggyback.
     */
    void sendMsg(Endpoint to, String toNode, byte[] primary, boolean crc, String skipName) {
        int available = ctx.settings.udpBufferSize() - primary.length
                - Context.COMPOUND_HEADER_OVERHEAD - ctx.labelOverhead
                - (ctx.settings.gossipVerifyOutgoing() ? ctx.encryptionOverhead : 0);
        List<byte[]> extra = available > 0
                ? getBroadcasts(Context.COMPOUND_OVERHEAD, available, skipName) : List.of();
        if (extra.isEmpty()) {
            sendRaw(to, toNode, primary, crc);
            return;
        }
        List<byte[]> parts = new ArrayList<>(extra.size() + 1);
        parts.add(primary);
        parts.addAll(extra);
        sendParts(to, toNode, parts, crc);
    }

    /**
     * A reply (ack, nack) to {@code to}: with queued broadcasts, as {@link #sendMsg}, only when
     * {@code toNode} is a member known at exactly that address; bare otherwise. Go piggybacks on
     * every reply; a reply to an address nobody vouches for is where a reflection attack points
     * its victim, and a 20-byte ack then grows to a full packet of gossip.
     */
    void sendReply(Endpoint to, String toNode, Message msg) {
        NodeState n = toNode == null || toNode.isEmpty() ? null : ctx.table.get(toNode);
        if (n != null && n.state != io.memberlist.MemberState.LEFT && n.endpoint().equals(to)) {
            sendMsg(to, toNode, msg, false);
        } else {
            sendRaw(to, toNode, Wire.encode(msg), false);
        }
    }

    /** The byte budget of one gossip packet (§4.6). */
    int gossipBudget() {
        return ctx.settings.udpBufferSize() - Context.COMPOUND_HEADER_OVERHEAD - ctx.labelOverhead
                - ctx.encryptionOverhead;
    }

    /**
     * Broadcasts for one packet: the engine's own queue first, then the delegate's user
     * broadcasts in the space left, each prefixed with the user-message type byte.
     */
    List<byte[]> getBroadcasts(int overhead, int limit) {
        return getBroadcasts(overhead, limit, null);
    }

    /** As {@link #getBroadcasts(int, int)} without the queued broadcast named {@code skipName}. */
    List<byte[]> getBroadcasts(int overhead, int limit, String skipName) {
        List<byte[]> out = new ArrayList<>(ctx.broadcasts.getBroadcasts(overhead, limit,
                Integer.MAX_VALUE, skipName));
        Delegate d = ctx.settings.delegate();
        if (d == null) {
            return out;
        }
        int used = 0;
        for (byte[] m : out) {
            used += m.length + overhead;
        }
        int avail = limit - used;
        if (avail <= overhead + Context.USER_MSG_OVERHEAD) {
            return out;
        }
        List<byte[]> user;
        try {
            user = d.getBroadcasts(overhead + Context.USER_MSG_OVERHEAD, avail);
        } catch (RuntimeException e) {
            LOG.warn("{}: Delegate.getBroadcasts failed", ctx.name, e);
            return out;
        }
        if (user == null) {
            return out;
        }
        for (byte[] m : user) {
            if (m == null || m.length == 0) {
                continue;
            }
            byte[] framed = new byte[m.length + 1];
            framed[0] = (byte) MessageType.USER;
            System.arraycopy(m, 0, framed, 1, m.length);
            out.add(framed);
        }
        return out;
    }

    /** One part is sent bare; more go in compounds of at most 127 parts. */
    void sendParts(Endpoint to, String toNode, List<byte[]> parts, boolean crc) {
        if (parts.size() == 1) {
            sendRaw(to, toNode, parts.get(0), crc);
            return;
        }
        int max = Limits.MAX_COMPOUND_PARTS_SENT;
        for (int from = 0; from < parts.size(); from += max) {
            List<byte[]> chunk = parts.subList(from, Math.min(parts.size(), from + max));
            sendRaw(to, toNode, chunk.size() == 1 ? chunk.get(0) : Wire.compound(chunk), crc);
        }
    }

    void sendRaw(Endpoint to, String toNode, byte[] payload, boolean crc) {
        if (ctx.shutdown) {
            return;
        }
        if (!to.isRoutable()) {
            LOG.debug("{}: cannot send to unroutable address {}", ctx.name, to);
            return;
        }
        if ((toNode == null || toNode.isEmpty()) && ctx.settings.requireNodeNames()) {
            LOG.debug("{}: not sending to {}: node names are required", ctx.name, to);
            return;
        }
        ctx.outbox.sendPacket(to, toNode, payload, crc);
    }
}
