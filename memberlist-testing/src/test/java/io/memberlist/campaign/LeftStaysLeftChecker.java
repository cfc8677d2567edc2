package io.memberlist.campaign;

import io.memberlist.Endpoint;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.core.MemberEvent;
import io.memberlist.testing.SimNode;
import java.util.HashMap;
import java.util.Map;

/**
 * A left node never comes back without a higher incarnation: once a view records that a member
 * left at incarnation {@code i}, it may show that member alive again (at the same address) only
 * at {@code i + 1} or more, which only a new process under that name produces (by refuting its
 * own departure when it rejoins). Stale alives still circulating from members that never heard
 * of the leave must not resurrect it.
 *
 * <p>Scope, as the protocol defines it: the view holds the left record for
 * {@code gossipToTheDeadTime} (§9.7), after which it forgets the member; and a name may move to
 * a new address once it left (§9.2 step 5). Either way the next alive is a new member to that view.
 */
final class LeftStaysLeftChecker implements Checker {
    private record LeftRecord(long incarnation, long at, Endpoint addr) {}

    private final CampaignRun run;
    private final long reapAfter;
    private final Map<ProcessKey, Map<String, LeftRecord>> views = new HashMap<>();

    LeftStaysLeftChecker(CampaignRun run) {
        this.run = run;
        this.reapAfter = run.sample().gossipToTheDeadTime().toNanos();
    }

    @Override
    public String name() {
        return "left-stays-left";
    }

    @Override
    public void onEvent(SimNode observer, MemberEvent event) {
        Member left = event instanceof MemberEvent.Left l && l.member().state() == MemberState.LEFT ? l.member()
                : event instanceof MemberEvent.LateLeave late ? late.member() : null;
        if (left != null) {
            Member m = left;
            views.computeIfAbsent(ProcessKey.of(observer), k -> new HashMap<>())
                    .put(m.name(), new LeftRecord(m.incarnation(), run.now(), m.endpoint()));
        } else if (event instanceof MemberEvent.Joined j) {
            Map<String, LeftRecord> view = views.get(ProcessKey.of(observer));
            LeftRecord rec = view == null ? null : view.remove(j.member().name());
            Member m = j.member();
            if (rec != null && rec.addr.equals(m.endpoint()) && run.now() - rec.at <= reapAfter
                    && m.incarnation() <= rec.incarnation) {
                run.fail(this, observer.name() + " sees " + m.name() + " alive again at incarnation "
                        + m.incarnation() + " " + (run.now() - rec.at) / 1_000_000 + " ms after it left at "
                        + rec.incarnation);
            }
        }
    }
}
