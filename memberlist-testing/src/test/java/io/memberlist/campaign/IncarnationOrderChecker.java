package io.memberlist.campaign;

import io.memberlist.Endpoint;
import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.core.MemberEvent;
import io.memberlist.testing.SimNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Incarnations never go backwards in any view. Per process (its view) and member name:
 *
 * <ul>
 *   <li>while the view holds the member (alive or suspect), its incarnation never decreases,
 *       and a join, update, death or leave about it never carries a lower one than the view
 *       already held;
 *   <li>a dead verdict at incarnation {@code i} is only overturned by {@code i + 1} or more
 *       (§9.2: an alive must be strictly newer than what it overrides).
 * </ul>
 *
 * <p>A view forgets a dead or left member once it is reaped, {@code gossipToTheDeadTime} after
 * the verdict (§9.7), and a name may move to a new address after it left: then the next alive is
 * a new member to that view and starts a new record. Checked on every event and, after every
 * step, over the whole view of the node the step touched (refutations raise an incarnation
 * without any event).
 */
final class IncarnationOrderChecker implements Checker {
    private static final class Entry {
        long maxInc = -1;
        boolean down;
        MemberState downState;
        long downInc;
        long downAt;
        Endpoint downAddr;
    }

    private final CampaignRun run;
    private final long reapAfter;
    private final Map<ProcessKey, Map<String, Entry>> views = new HashMap<>();

    IncarnationOrderChecker(CampaignRun run) {
        this.run = run;
        this.reapAfter = run.sample().gossipToTheDeadTime().toNanos();
    }

    @Override
    public String name() {
        return "incarnation-order";
    }

    private Entry entry(SimNode observer, String subject) {
        return views.computeIfAbsent(ProcessKey.of(observer), k -> new HashMap<>())
                .computeIfAbsent(subject, s -> new Entry());
    }

    @Override
    public void onEvent(SimNode observer, MemberEvent event) {
        long now = run.now();
        if (event instanceof MemberEvent.Joined j) {
            Member m = j.member();
            Entry e = entry(observer, m.name());
            if (e.down) {
                boolean reapable = now - e.downAt > reapAfter;
                boolean sameAddr = e.downAddr.equals(m.endpoint());
                if (e.downState == MemberState.DEAD && sameAddr && !reapable && m.incarnation() <= e.downInc) {
                    run.fail(this, observer.name() + " sees " + m.name() + " alive again at incarnation "
                            + m.incarnation() + " after declaring it dead at " + e.downInc + " "
                            + (now - e.downAt) / 1_000_000 + " ms ago");
                }
                e.down = false;
                e.maxInc = m.incarnation();
            } else {
                check(observer, m, e, "joined");
            }
        } else if (event instanceof MemberEvent.Left l) {
            Member m = l.member();
            Entry e = entry(observer, m.name());
            if (!e.down) {
                check(observer, m, e, "declared " + m.state());
            }
            e.down = true;
            e.downState = m.state();
            e.downInc = m.incarnation();
            e.downAt = now;
            e.downAddr = m.endpoint();
            e.maxInc = Math.max(e.maxInc, m.incarnation());
        } else if (event instanceof MemberEvent.Updated u) {
            Member m = u.member();
            Entry e = entry(observer, m.name());
            if (!e.down) {
                check(observer, m, e, "updated");
            }
        }
    }

    @Override
    public void afterStep(SimNode n) {
        Map<String, Entry> view = views.computeIfAbsent(ProcessKey.of(n), k -> new HashMap<>());
        for (Member m : n.members()) {
            Entry e = view.computeIfAbsent(m.name(), s -> new Entry());
            if (!e.down) {
                check(n, m, e, "holds");
            }
        }
    }

    private void check(SimNode observer, Member m, Entry e, String what) {
        if (m.incarnation() < e.maxInc) {
            run.fail(this, observer.name() + " " + what + " " + m.name() + " at incarnation " + m.incarnation()
                    + " after holding " + e.maxInc + " (" + m + ")");
        }
        e.maxInc = m.incarnation();
    }
}
