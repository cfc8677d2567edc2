package io.memberlist.campaign;

import io.memberlist.node.Node;
import io.memberlist.node.NodeLimits;
import io.memberlist.testing.SimNode;
import java.util.HashSet;
import java.util.Set;

/**
 * Member tables and queues stay bounded. After every step, on the node the step touched:
 *
 * <ul>
 *   <li>its member table holds at most one entry per member name the cluster has (N): entries
 *       are keyed by name, dead ones included until reaped;
 *   <li>its broadcast queue holds at most N messages: each is named by the member it is about and
 *       replaces the older one;
 *   <li>its streams: at most {@link Bounds#STREAMS_PER_NAME} × N open at once (outbound a probe's
 *       TCP ping, a periodic and an early push/pull, a reconnect, up to three join seeds: under 8;
 *       inbound the same from each peer), plus the reliable user messages sent so far; pending and
 *       active inbound streams and buffered bytes within the node's limits ({@link NodeLimits});
 *   <li>the simulator's agenda within {@code 10,000 + 2,000 × hosts} events (the bound
 *       {@code MembershipInvariants} uses: no event storm).
 * </ul>
 *
 * <p>And at the end, streams drain: within {@link Bounds#drain()} after the broadcasts are
 * delivered, every node is seen at least once with no stream open and no byte buffered (a leaked
 * stream never closes; a reconnect attempt to a member that stays down holds one stream for up
 * to {@code tcpTimeout} every {@code reconnectInterval}).
 */
final class BoundedStateChecker implements Checker {
    private final CampaignRun run;
    private long maxTable;
    private long maxQueue;
    private long maxStreams;
    private final Set<ProcessKey> idle = new HashSet<>();

    BoundedStateChecker(CampaignRun run) {
        this.run = run;
    }

    @Override
    public String name() {
        return "bounded-state";
    }

    @Override
    public void afterStep(SimNode n) {
        int names = run.bounds().names();
        int table = n.engine().estimatedClusterSize();
        maxTable = Math.max(maxTable, table);
        if (table > names) {
            run.fail(this, n.name() + " holds " + table + " member entries; the cluster has " + names + " names");
        }
        int queued = n.engine().queuedBroadcasts();
        maxQueue = Math.max(maxQueue, queued);
        if (queued > names) {
            run.fail(this, n.name() + " queues " + queued + " broadcasts; the cluster has " + names + " names");
        }
        Node.StreamStats s = n.node().streamStats();
        maxStreams = Math.max(maxStreams, s.open());
        long limit = run.bounds().streamLimit(run.reliableMessagesSent());
        if (s.open() > limit) {
            run.fail(this, n.name() + " has " + s.open() + " streams open, bound " + limit + " (" + s + ")");
        }
        if (s.pending() > NodeLimits.PENDING_STREAMS || s.active() > NodeLimits.ACTIVE_STREAMS
                || s.bufferedBytes() > NodeLimits.BUFFERED_BYTES) {
            run.fail(this, n.name() + " exceeds its stream limits: " + s);
        }
        long agenda = run.sim().pendingEvents();
        long agendaBound = 10_000L + 2_000L * run.sim().nodes().size();
        if (agenda > agendaBound) {
            run.fail(this, "the simulator holds " + agenda + " pending events, bound " + agendaBound);
        }
    }

    /**
     * True once every running node has been seen with no stream open and no byte buffered at
     * least once since the first call (a stream that leaked never closes, so its node is never
     * idle; healthy nodes are idle most of the time, even while one reconnect attempt at a time
     * waits out its timeout against a member that stays down).
     */
    boolean drained() {
        boolean all = true;
        for (SimNode n : run.sim().liveNodes()) {
            ProcessKey k = ProcessKey.of(n);
            if (idle.contains(k)) {
                continue;
            }
            Node.StreamStats s = n.node().streamStats();
            if (s.open() == 0 && s.bufferedBytes() == 0) {
                idle.add(k);
            } else {
                all = false;
            }
        }
        return all;
    }

    String undrained() {
        StringBuilder b = new StringBuilder();
        for (SimNode n : run.sim().liveNodes()) {
            if (!idle.contains(ProcessKey.of(n))) {
                b.append(b.isEmpty() ? "" : "; ").append(n.name()).append(' ').append(n.node().streamStats());
            }
        }
        return b.toString();
    }

    void count(Counts c) {
        c.add("max member table", maxTable).add("max broadcast queue", maxQueue).add("max open streams", maxStreams);
    }
}
