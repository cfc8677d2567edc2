package io.memberlist.campaign;

import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.testing.SimNode;

/**
 * Self always alive in its own view: a running process that has not begun to leave never sees
 * itself suspect, dead or left (an accusation about itself is refuted, never applied: PROTOCOL.md
 * §9.5). Checked after every step on the node the step touched.
 *
 * <p>Self-fencing ({@code Config.selfFenceRefutations}, on by default) is a leave the process
 * begins by itself, after refuting accusations for minutes while the rest of the cluster does not.
 * The campaign's faults last at most 25 s and none is a gray failure, so a fence here is reported
 * as a violation of this invariant too: it would be a healthy (or briefly disturbed) member
 * fencing itself off.
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
            run.fail(this, n.name() + " sees itself " + self.state() + " (" + self + ")"
                    + (n.engine().isFenced() ? ": it fenced itself off" : ""));
        }
    }
}
