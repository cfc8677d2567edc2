package io.memberlist.campaign;

import io.memberlist.Member;
import io.memberlist.MemberState;
import io.memberlist.core.MemberEvent;
import io.memberlist.testing.SimNetwork;
import io.memberlist.testing.SimNode;

/**
 * No healthy, reachable node is declared dead while the loss stays under the threshold.
 *
 * <p>Every dead verdict starts as one node's suspicion timing out (a node that merely receives
 * the verdict passes it on); the checker examines each such origin, recognised as a death a node
 * declares during one of its own timer steps. The verdict of observer O about subject S at time
 * t is a violation when, throughout the death window {@code [t - W, t]}
 * ({@link Bounds#deathWindow()}: the longest suspicion plus the longest probe, so it covers
 * everything that can have started this suspicion):
 *
 * <ul>
 *   <li>S was healthy and reachable: running the same process, never paused, slow, leaving, cut
 *       off in any direction or by any kind of cut, not just restarted, and not at a new address
 *       that other members may still refuse ({@link Bounds#newAddress()}: until they reap the
 *       entry of the process that ran under that name before, they neither accept nor gossip to
 *       the new address, so it misses refutations);
 *   <li>O was healthy and reachable in the same sense (a stalled or cut-off node acts on timers
 *       whose answers it could not receive: Lifeguard makes that rarer, it cannot prevent it);
 *   <li>datagram loss never exceeded the loss threshold ({@link Bounds#lossThreshold()}).
 * </ul>
 *
 * <p>Latency spikes, duplication, reordering and the faults of other members do not excuse a
 * verdict.
 */
final class NoFalseDeathChecker implements Checker {
    private final CampaignRun run;
    private long declared;
    private long originated;
    private long bySubject;
    private long byObserver;
    private long byNetwork;

    NoFalseDeathChecker(CampaignRun run) {
        this.run = run;
    }

    @Override
    public String name() {
        return "no-false-death";
    }

    @Override
    public void onEvent(SimNode observer, MemberEvent event) {
        if (!(event instanceof MemberEvent.Left l) || l.member().state() != MemberState.DEAD) {
            return;
        }
        declared++;
        if (run.sim().stepKind() != SimNetwork.StepKind.TIMER) {
            return; // received from another node: examined where it originated
        }
        originated++;
        Member m = l.member();
        SimNode subject = run.sim().nodeAt(m.endpoint());
        long to = run.now();
        long from = to - run.bounds().deathWindow().toNanos();
        Disturbances d = run.disturbances();
        if (subject == null || d.hostDisturbance(subject.index(), from, to) != null) {
            bySubject++;
            return;
        }
        if (d.hostDisturbance(observer.index(), from, to) != null) {
            byObserver++;
            return;
        }
        if (d.networkDisturbance(from, to) != null) {
            byNetwork++;
            return;
        }
        run.fail(this, observer.name() + " declared " + m + " dead by its own suspicion timeout, while both were"
                + " healthy and reachable and the loss at most " + run.bounds().lossThreshold() * 100
                + "% for the last " + run.bounds().deathWindow().toMillis() + " ms");
    }

    /** Dead verdicts seen (every view), those that originated at a node's own timeout, and their excuses. */
    void count(Counts c) {
        c.add("deaths", declared).add("deaths originated", originated).add("excused: subject disturbed", bySubject)
                .add("excused: observer disturbed", byObserver).add("excused: loss over threshold", byNetwork);
    }
}
