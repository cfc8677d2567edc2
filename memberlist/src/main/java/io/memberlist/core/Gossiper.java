package io.memberlist.core;

import java.util.List;

/**
 * The gossip round (PROTOCOL.md §10.2): every gossip interval, up to {@code gossipNodes} random
 * members (alive, suspect, or dead within the gossip-to-the-dead window, never left) each get one
 * packet of queued broadcasts. An empty queue ends the round early.
 */
final class Gossiper {
    private final Context ctx;
    private final Sender sender;

    Gossiper(Context ctx, Sender sender) {
        this.ctx = ctx;
        this.sender = sender;
    }

    static boolean eligible(NodeState n, String self, long now, long gossipToTheDead) {
        if (n.name.equals(self)) {
            return false;
        }
        return switch (n.state) {
            case ALIVE, SUSPECT -> true;
            case DEAD -> now - n.stateChange <= gossipToTheDead;
            case LEFT -> false;
        };
    }

    void gossip(long now) {
        if (ctx.broadcasts.numQueued() == 0 && ctx.settings.delegate() == null) {
            // Nothing to send (the delegate, when there is one, is asked per target as Go does).
            // Skipping the target draw keeps an idle tick O(1) instead of touching N/k members;
            // Go draws the targets first and then stops at the empty queue: nothing observable
            // differs but the random stream, which this node owns alone.
            return;
        }
        List<NodeState> targets = ctx.table.randomNodes(ctx.settings.gossipNodes(),
                n -> eligible(n, ctx.name, now, ctx.gossipToTheDead));
        int budget = sender.gossipBudget();
        for (NodeState target : targets) {
            List<byte[]> msgs = sender.getBroadcasts(Context.COMPOUND_OVERHEAD, budget);
            if (msgs.isEmpty()) {
                return;
            }
            sender.sendParts(target.endpoint(), target.name, msgs, ctx.crcFor(target));
        }
    }
}
