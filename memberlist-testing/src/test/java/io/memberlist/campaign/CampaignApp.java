package io.memberlist.campaign;

import io.memberlist.BroadcastQueue;
import io.memberlist.Delegate;
import io.memberlist.UniqueBroadcast;
import io.memberlist.testing.SimNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The application one process runs: it publishes metadata (a version it bumps on meta updates),
 * user broadcasts and messages, and keeps the set of broadcasts it has seen. Broadcasts spread as
 * an application on memberlist spreads them (as Serf does): gossiped through the delegate's
 * queue, re-gossiped once by every member that hears one first, and repaired by anti-entropy
 * (the set of seen ids travels in every push/pull: {@link #localState}/{@link #mergeRemoteState}).
 * A restarted process starts with an empty set, as a real one would.
 */
final class CampaignApp implements Delegate {
    private final CampaignRun run;
    private final BroadcastQueue queue;
    private final Set<Long> seen = new LinkedHashSet<>();
    private int metaVersion;
    private SimNode node;

    CampaignApp(CampaignRun run, int retransmitMult) {
        this.run = run;
        this.queue = new BroadcastQueue(() -> node != null && node.hasEngine() ? node.engine().numMembers() : 1,
                retransmitMult);
    }

    /** Binds the app to the simulated host its process runs on (known once the host exists). */
    void bind(SimNode n) {
        this.node = n;
    }

    SimNode node() {
        return node;
    }

    /** Publishes a broadcast: seen here, queued for gossip. */
    void publish(long id, int size) {
        seen.add(id);
        byte[] bytes = Payloads.broadcast(id, size);
        queue.queue((UniqueBroadcast) () -> bytes);
    }

    void bumpMeta() {
        metaVersion++;
    }

    boolean holds(long id) {
        return seen.contains(id);
    }

    Set<Long> seen() {
        return seen;
    }

    @Override
    public byte[] nodeMeta(int limit) {
        return ("v" + metaVersion).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void notifyMessage(byte[] message) {
        if (message.length > 0 && message[0] == Payloads.BROADCAST) {
            long id = run.broadcasts().received(node, message);
            if (id >= 0 && seen.add(id)) {
                queue.queue((UniqueBroadcast) () -> message);
            }
        } else {
            run.messages().received(node, message);
        }
    }

    @Override
    public List<byte[]> getBroadcasts(int overhead, int limit) {
        return queue.getBroadcasts(overhead, limit);
    }

    @Override
    public byte[] localState(boolean join) {
        ByteBuffer b = ByteBuffer.allocate(4 + 8 * seen.size());
        b.putInt(seen.size());
        for (long id : seen) {
            b.putLong(id);
        }
        return b.array();
    }

    @Override
    public void mergeRemoteState(byte[] state, boolean join) {
        ByteBuffer b = ByteBuffer.wrap(state);
        if (b.remaining() < 4) {
            run.broadcasts().corruptState(node, state.length);
            return;
        }
        int n = b.getInt();
        if (n < 0 || b.remaining() != 8L * n) {
            run.broadcasts().corruptState(node, state.length);
            return;
        }
        for (int i = 0; i < n; i++) {
            seen.add(b.getLong());
        }
    }
}
