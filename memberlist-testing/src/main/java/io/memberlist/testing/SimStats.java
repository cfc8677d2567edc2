package io.memberlist.testing;

/**
 * Counters of a simulation run. Read them between {@code runFor} calls; they only grow.
 * "Leaves" are single protocol messages after compound splitting; a packet may carry many.
 */
public final class SimStats {
    long events;
    long packetsSent;
    long packetsDelivered;
    long messagesDelivered;
    long packetsDuplicated;
    long bytesSent;
    long droppedLoss;
    long droppedCut;
    long droppedNoRoute;
    long droppedCrashed;
    long droppedInboxFull;
    long droppedByTap;
    long streamsOpened;
    long streamsRefused;
    long streamBytes;

    SimStats() {}

    /** Events fired by the simulator (packet deliveries, timers, stream steps, actions). */
    public long events() { return events; }
    /** Datagrams handed to the network by engines. */
    public long packetsSent() { return packetsSent; }
    /** Datagrams that reached a running node (including late ones after a pause). */
    public long packetsDelivered() { return packetsDelivered; }
    /** Extra copies created by the duplication knob. */
    public long packetsDuplicated() { return packetsDuplicated; }
    /** Datagram bytes put on the wire (after framing). */
    public long bytesSent() { return bytesSent; }
    /**
     * Protocol messages in the datagrams delivered: the parts of a compound, else one. Read from
     * the framing as sent (label and CRC headers skipped); a compressed or encrypted datagram
     * counts as one, so with real framing this is a lower bound.
     */
    public long messagesDelivered() { return messagesDelivered; }
    /** All dropped datagrams, whatever the reason. */
    public long packetsDropped() {
        return droppedLoss + droppedCut + droppedNoRoute + droppedCrashed + droppedInboxFull + droppedByTap;
    }
    public long droppedByLoss() { return droppedLoss; }
    public long droppedByCut() { return droppedCut; }
    public long droppedNoRoute() { return droppedNoRoute; }
    public long droppedAtCrashedNode() { return droppedCrashed; }
    public long droppedInboxFull() { return droppedInboxFull; }
    public long droppedByTap() { return droppedByTap; }
    public long streamsOpened() { return streamsOpened; }
    public long streamsRefused() { return streamsRefused; }
    public long streamBytes() { return streamBytes; }

    @Override
    public String toString() {
        return "SimStats{events=" + events + ", packetsSent=" + packetsSent + ", delivered=" + packetsDelivered
                + ", messages=" + messagesDelivered + ", dropped=" + packetsDropped() + " (loss=" + droppedLoss
                + ", cut=" + droppedCut + ", noRoute=" + droppedNoRoute + ", crashed=" + droppedCrashed
                + ", inboxFull=" + droppedInboxFull + ", tap=" + droppedByTap + "), duplicated="
                + packetsDuplicated + ", bytes=" + bytesSent + ", streams=" + streamsOpened + " refused="
                + streamsRefused + " streamBytes=" + streamBytes + "}";
    }
}
