package io.memberlist;

/**
 * A read-only snapshot of one node's internal depths, taken on its loop between two inputs
 * ({@link Memberlist#stats()}): what a long-running process watches to see that nothing grows
 * without bound. Each figure is bounded by a limit of the configuration or of the protocol; the
 * snapshot only reports it.
 *
 * @param members members not dead or left, this node included ({@link Memberlist#numMembers()})
 * @param memberTable entries in the member table, dead and left ones included until reaped
 * @param queuedBroadcasts membership broadcasts waiting in this node's queue (the depth Go reports
 *     as {@code memberlist.queue.broadcasts})
 * @param handoffQueued received messages waiting in the handoff queues; every read batch drains
 *     them, so a snapshot between inputs sees zero unless a batch is in progress
 * @param handoffDropped messages dropped so far because a handoff queue was full
 * @param openStreams streams open, inbound and outbound
 * @param pendingStreams inbound streams still waiting for their first byte
 * @param waitingStreams inbound streams with a request waiting for an active slot
 * @param streamBufferedBytes bytes buffered by inbound streams
 * @param healthScore Lifeguard's local health ({@link Memberlist#healthScore()})
 */
public record NodeStats(int members, int memberTable, int queuedBroadcasts, int handoffQueued,
        long handoffDropped, int openStreams, int pendingStreams, int waitingStreams,
        long streamBufferedBytes, int healthScore) {}
