package io.memberlist.campaign;

import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.testing.SimNode;

/**
 * Self always alive in its own view: a running process that has not begun to leave never sees
 * itself suspect, dead or left (an accusation about itself is refuted, never applied: PROTOCOL.md
 * §9.5). Checked after every step on the node the step touched.
 */
final class SelfAliveChecker implements Checker {
    private final CampaignRun run;

    SelfAliveChecker(CampaignRun run) {
        this.run = run;
    }

    @Override
    public String name() {
        return "self-alive";
    }

    @Override
    public void afterStep(SimNode n) {
        if (n.hasLeft()) {
            return;
        }
        Member self = n.localMember();
        if (self.state() != MemberState.ALIVE) {
            run.fail(this, n.name() + " sees itself " + self.state() + " (" + self + ")");
        }
    }
}
