package io.memberlist.testing;

import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.Endpoint;
import io.memberlist.core.MemberEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Safety properties of SWIM membership, checked while a simulation runs. Install it once; it
 * watches every observing event as it is emitted and, after every {@code every}-th simulation
 * event, the view of the node that event touched:
 *
 * <ul>
 *   <li>the incarnation of a member never decreases in anyone's view (unless the entry was dead
 *       or left long enough to be reaped, or the name moved to a new address);
 *   <li>a member declared dead or left never comes back alive at the same or a lower
 *       incarnation from the same address while the dead entry can still be held
 *       ({@code gossipToTheDeadTime});
 *   <li>every running node that has not left (nor fenced itself off) sees itself alive;
 *   <li>every health score stays in {@code [0, awarenessMaxMultiplier - 1]};
 *   <li>the simulator's event queue stays below a bound (no event storm).
 * </ul>
 *
 * <p>It also records every death declaration ({@link #deaths()}) so a test can assert who was
 * declared dead by whom. Agreement of views after quiet is {@link SimNetwork#converged()}, which
 * a test checks at the moments it expects quiet. A violation throws {@link AssertionError}
 * (wrapped in a {@link SimulationException} naming the seed and time).
 */
public final class MembershipInvariants {
    /** One observer's declaration that a subject is dead (or left). */
    public record Death(String observer, String subject, long incarnation, MemberState state, long atNanos) {}

    private static final class Seen {
        long maxInc = -1;
        long deadInc = -1;
        long deadAt;
        Endpoint deadAddr;
    }

    private final SimNetwork sim;
    private final Map<Long, Map<String, Seen>> views = new HashMap<>();
    private final List<Death> deaths = new ArrayList<>();
    private final long maxQueuedEvents;
    private long checks;

    private MembershipInvariants(SimNetwork sim, long maxQueuedEvents) {
        this.sim = sim;
        this.maxQueuedEvents = maxQueuedEvents;
    }

    /** Checks after every event. */
    public static MembershipInvariants install(SimNetwork sim) {
        return install(sim, 1);
    }

    /** Checks after every {@code every}-th event (events themselves are always watched). */
    public static MembershipInvariants install(SimNetwork sim, int every) {
        MembershipInvariants inv = new MembershipInvariants(sim, 0);
        sim.onEvent(inv::onEvent);
        sim.observe(every, s -> inv.afterStep());
        return inv;
    }

    /** Every death or leave declaration so far, in order. */
    public List<Death> deaths() {
        return List.copyOf(deaths);
    }

    /** Declarations of state {@link MemberState#DEAD} (not left) about {@code subject}. */
    public List<Death> deathsOf(String subject) {
        List<Death> out = new ArrayList<>();
        for (Death d : deaths) {
            if (d.subject.equals(subject) && d.state == MemberState.DEAD) {
                out.add(d);
            }
        }
        return out;
    }

    /** How many times the per-step checks ran. */
    public long checks() {
        return checks;
    }

    private static long key(SimNode n) {
        return ((long) n.index << 32) | (n.epoch & 0xFFFFFFFFL);
    }

    private Seen seen(SimNode observer, String subject) {
        return views.computeIfAbsent(key(observer), k -> new HashMap<>()).computeIfAbsent(subject, s -> new Seen());
    }

    private long reapAfterNanos(SimNode observer) {
        return observer.config == null ? 0 : observer.config.gossipToTheDeadTime().toNanos();
    }

    private void onEvent(SimNode observer, MemberEvent e) {
        long now = sim.nowNanos();
        if (e instanceof MemberEvent.Left l) {
            Member m = l.member();
            Seen s = seen(observer, m.name());
            if (m.incarnation() < s.maxInc && s.deadInc < 0) {
                fail(observer, m, "declared " + m.state() + " at incarnation " + m.incarnation()
                        + " below the " + s.maxInc + " already seen");
            }
            s.deadInc = m.incarnation();
            s.deadAt = now;
            s.deadAddr = m.endpoint();
            s.maxInc = Math.max(s.maxInc, m.incarnation());
            deaths.add(new Death(observer.name, m.name(), m.incarnation(), m.state(), now));
        } else if (e instanceof MemberEvent.Joined j) {
            Member m = j.member();
            Seen s = seen(observer, m.name());
            boolean sameAddr = s.deadAddr == null || s.deadAddr.equals(m.endpoint());
            boolean reapable = s.deadInc >= 0 && now - s.deadAt >= reapAfterNanos(observer);
            if (s.deadInc >= 0 && m.incarnation() <= s.deadInc && sameAddr && !reapable) {
                fail(observer, m, "came back alive at incarnation " + m.incarnation() + " after being declared dead at "
                        + s.deadInc + " " + (now - s.deadAt) / 1_000_000 + " ms ago");
            }
            if (m.incarnation() < s.maxInc && s.deadInc < 0) {
                fail(observer, m, "joined at incarnation " + m.incarnation() + " below the " + s.maxInc + " already seen");
            }
            s.maxInc = s.deadInc >= 0 ? m.incarnation() : Math.max(s.maxInc, m.incarnation());
            s.deadInc = -1;
            s.deadAddr = null;
        } else if (e instanceof MemberEvent.Updated u) {
            Member m = u.member();
            Seen s = seen(observer, m.name());
            if (m.incarnation() < s.maxInc) {
                fail(observer, m, "updated at incarnation " + m.incarnation() + " below the " + s.maxInc + " already seen");
            }
            s.maxInc = Math.max(s.maxInc, m.incarnation());
        }
    }

    private void afterStep() {
        checks++;
        if (maxQueuedEvents > 0 && sim.queue.size() > maxQueuedEvents) {
            throw new AssertionError("event queue holds " + sim.queue.size() + " events, bound " + maxQueuedEvents);
        }
        long bound = 10_000L + 2_000L * sim.nodes().size();
        if (sim.queue.size() > bound) {
            throw new AssertionError("event queue holds " + sim.queue.size() + " events, bound " + bound);
        }
        SimNode n = sim.lastTouched();
        if (n == null || !n.hasEngine()) {
            return;
        }
        checkNode(n);
    }

    /** Checks one node's current view now. */
    public void checkNode(SimNode n) {
        if (!n.hasEngine()) {
            return;
        }
        if (!n.left && !n.engine().isFenced()) {
            Member self = n.engine().localMember();
            if (self.state() != MemberState.ALIVE) {
                fail(n, self, "a running node that has not left sees itself " + self.state());
            }
        }
        int h = n.engine().healthScore();
        if (h < 0 || h > n.config.awarenessMaxMultiplier() - 1) {
            throw new AssertionError(n.name + ": health score " + h + " outside [0, "
                    + (n.config.awarenessMaxMultiplier() - 1) + "]");
        }
        Map<String, Seen> view = views.get(key(n));
        for (Member m : n.engine().members()) {
            Seen s = view == null ? null : view.get(m.name());
            if (s == null) {
                s = seen(n, m.name());
            }
            if (m.incarnation() < s.maxInc && s.deadInc < 0) {
                fail(n, m, "holds incarnation " + m.incarnation() + " below the " + s.maxInc + " already seen");
            }
            if (s.deadInc < 0) {
                s.maxInc = Math.max(s.maxInc, m.incarnation());
            }
        }
    }

    /** Checks every node's view now. */
    public void checkAll() {
        for (SimNode n : sim.nodes()) {
            checkNode(n);
        }
    }

    private void fail(SimNode observer, Member m, String what) {
        throw new AssertionError("invariant: " + observer.name + " sees " + m.name() + " " + what + " ("
                + m + ", t=" + sim.nowNanos() / 1_000_000 + " ms)");
    }
}
