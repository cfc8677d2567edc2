package io.memberlist.campaign;

import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.testing.SimNode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * No two live views disagree for ever after the faults stop: within {@link Bounds#convergence()}
 * after the last fault ends, every running member that has not left sees exactly the running
 * members that have not left as alive, each at the address it runs at, with the incarnation and
 * metadata that member has for itself, and nobody else alive or suspect (so the views agree,
 * and agree with the truth); and they still do at the end of the run, after a further quiet
 * death window (views do not drift apart once converged).
 */
final class ConvergenceChecker implements Checker {
    private final CampaignRun run;
    private long convergedAfter = -1;

    ConvergenceChecker(CampaignRun run) {
        this.run = run;
    }

    @Override
    public String name() {
        return "convergence";
    }

    boolean converged() {
        List<SimNode> live = live();
        for (SimNode n : live) {
            List<Member> view = n.members();
            if (view.size() != live.size()) {
                return false;
            }
            Map<String, Member> byName = new HashMap<>();
            for (Member m : view) {
                byName.put(m.name(), m);
            }
            for (SimNode t : live) {
                if (!agrees(byName.get(t.name()), t)) {
                    return false;
                }
            }
        }
        return true;
    }

    private List<SimNode> live() {
        List<SimNode> live = run.sim().liveNodes();
        live.removeIf(SimNode::hasLeft);
        return live;
    }

    /** {@code m} (one view's entry) is {@code t} alive at its address, incarnation and metadata. */
    private static boolean agrees(Member m, SimNode t) {
        if (m == null || m.state() != MemberState.ALIVE || !m.endpoint().equals(t.endpoint())) {
            return false;
        }
        Member self = t.localMember();
        return m.incarnation() == self.incarnation() && Arrays.equals(m.meta(), self.meta());
    }

    void convergedAfter(long nanos) {
        convergedAfter = nanos;
    }

    long convergedAfterNanos() {
        return convergedAfter;
    }

    /** Up to 12 differences between the live views and the truth. */
    String differences() {
        List<SimNode> live = live();
        Map<String, SimNode> truth = new HashMap<>();
        for (SimNode n : live) {
            truth.put(n.name(), n);
        }
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (SimNode n : live) {
            Map<String, Member> view = new HashMap<>();
            for (Member m : n.members()) {
                view.put(m.name(), m);
            }
            for (SimNode t : live) {
                Member m = view.get(t.name());
                if (!agrees(m, t) && shown++ < 12) {
                    b.append("\n  ").append(n.name()).append(" sees ").append(t.name()).append(" as ")
                            .append(m == null ? "unknown/dead" : m.toString()).append(", it is ")
                            .append(t.localMember());
                }
            }
            for (Member m : view.values()) {
                if (!truth.containsKey(m.name()) && shown++ < 12) {
                    b.append("\n  ").append(n.name()).append(" sees ").append(m).append(", which is not running");
                }
            }
        }
        return shown + " differences" + b;
    }
}
