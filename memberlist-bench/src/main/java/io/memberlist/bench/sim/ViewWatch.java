package io.memberlist.bench.sim;

import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.core.MemberEvent;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One subject as every observer sees it, read at a fixed period of virtual time: the changes of
 * each view (classified by the caller: alive/suspect/dead, or live/gone), how often all views
 * agreed on whether the subject is live, and the views at the end. The gray-failure experiments
 * ({@link GrayFailureExperiment}, {@link SelfFenceExperiment}) watch their gray member this way,
 * and use the helpers below to make it gray and to count healthy members declared dead.
 *
 * @param <S> what a view says of the subject ({@code classify} maps an absent member to it too)
 */
final class ViewWatch<S> {
    /** Observer {@code observer} (its index) saw the subject change from {@code from} to {@code to}. */
    record Change<S>(int observer, long atNanos, S from, S to) {}

    private final List<Change<S>> changes = new ArrayList<>();
    private final List<S> last = new ArrayList<>();
    private final Predicate<S> live;
    private int readings;
    private int agreed;

    private ViewWatch(Predicate<S> live) {
        this.live = live;
    }

    /**
     * Reads every observer's view of {@code subject} now, then every {@code every} until the
     * virtual clock reaches {@code end}. {@code classify} gets {@code null} for a member the
     * observer no longer lists. Change times are from the first reading.
     */
    static <S> ViewWatch<S> watch(SimNetwork sim, List<SimNode> observers, String subject, Duration every,
            long end, Function<Member, S> classify, Predicate<S> live) {
        ViewWatch<S> w = new ViewWatch<>(live);
        long start = sim.nowNanos();
        for (SimNode o : observers) {
            w.last.add(classify.apply(sim.viewOf(o, subject)));
        }
        while (sim.nowNanos() < end) {
            sim.runFor(every);
            int liveViews = 0;
            for (int i = 0; i < observers.size(); i++) {
                S now = classify.apply(sim.viewOf(observers.get(i), subject));
                S before = w.last.get(i);
                if (!now.equals(before)) {
                    w.changes.add(new Change<>(i, sim.nowNanos() - start, before, now));
                    w.last.set(i, now);
                }
                if (live.test(now)) {
                    liveViews++;
                }
            }
            w.readings++;
            if (liveViews == 0 || liveViews == observers.size()) {
                w.agreed++;
            }
        }
        return w;
    }

    int observers() {
        return last.size();
    }

    /** Every change, in the order seen. */
    List<Change<S>> changes() {
        return changes;
    }

    /** The times of {@code observer}'s changes that {@code which} (from, to) selects, in order. */
    List<Long> times(int observer, BiPredicate<S, S> which) {
        List<Long> out = new ArrayList<>();
        for (Change<S> c : changes) {
            if (c.observer() == observer && which.test(c.from(), c.to())) {
                out.add(c.atNanos());
            }
        }
        return out;
    }

    /** The share of readings in which every view or none held the subject live. */
    double agreement() {
        return agreed / (double) readings;
    }

    /** Views holding the subject live after the last reading. */
    int liveAtEnd() {
        return (int) last.stream().filter(live).count();
    }

    /** "{@code liveWord} everywhere", "{@code goneWord} everywhere" or "split (k of n live)". */
    String outcome(String liveWord, String goneWord) {
        int l = liveAtEnd();
        return l == observers() ? liveWord + " everywhere" : l == 0 ? goneWord + " everywhere"
                : "split (" + l + " of " + observers() + " live)";
    }

    /** The most of {@code times} (sorted) within any window of {@code w}, counting only those at or after {@code from}. */
    static int maxInWindow(List<Long> times, long w, long from) {
        int max = 0;
        List<Long> t = new ArrayList<>();
        for (long x : times) {
            if (x >= from) {
                t.add(x);
            }
        }
        for (int a = 0, b = 0; b < t.size(); b++) {
            while (t.get(b) - t.get(a) >= w) {
                a++;
            }
            max = Math.max(max, b - a + 1);
        }
        return max;
    }

    /** {@code gray} loses {@code loss} of its packets, then none, alternating every {@code period} until {@code end}. */
    static void flip(SimNetwork sim, SimNode gray, double loss, Duration period, boolean lossy, long end) {
        sim.setNodeLoss(gray, lossy ? loss : 0);
        if (sim.nowNanos() + period.toNanos() < end) {
            sim.schedule(period, () -> flip(sim, gray, loss, period, !lossy, end));
        }
    }

    /** Healthy members (anyone but the gray one) declared dead: in the gray member's view, and in the others'. */
    static final class HealthyDeaths {
        int byGray;
        int byOthers;

        /** Counts from now on, for as long as {@code sim} runs. */
        static HealthyDeaths count(SimNetwork sim, SimNode gray) {
            HealthyDeaths d = new HealthyDeaths();
            sim.onEvent((node, e) -> {
                if (e instanceof MemberEvent.Left l && l.member().state() == MemberState.DEAD
                        && !l.member().name().equals(gray.name())) {
                    if (node == gray) {
                        d.byGray++;
                    } else {
                        d.byOthers++;
                    }
                }
            });
            return d;
        }
    }
}
