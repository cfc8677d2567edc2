package io.memberlist.campaign;

import io.memberlist.Config;
import java.time.Duration;

/**
 * The time bounds and thresholds the checkers hold a seed to, derived from the members'
 * configuration and the number of member names N (docs/TESTING.md explains each). Computed with
 * the formulas of PROTOCOL.md written out here, independently of the engine's own code.
 *
 * @param lossThreshold datagram loss the configuration is documented to tolerate without
 *     declaring a healthy member dead: 10% (see {@link #LOSS_THRESHOLD})
 * @param deathWindow how far back a death declaration can have its cause: the longest a
 *     suspicion can run ({@code suspicionMax}; with {@code verifyLoneSuspicion}, ours, a lone one
 *     is then checked with one probe, and runs once more when the check was answered), plus the
 *     longest a probe can run before it concludes and starts one ({@code awarenessMaxMultiplier}
 *     probe intervals, when the prober's health score is at its worst), plus one probe interval
 *     for the accusation to travel
 * @param newAddress how long after a process starts under a known name at a new address the
 *     other members may still refuse that address: until they have declared the old process dead
 *     and reaped its entry ({@code deadNodeReclaimTime} is 0, Go's default: §9.2 step 5), i.e.
 *     detect ({@code N × P + suspicionMax × flappingSuspicionMult}: a member that kept refuting
 *     before it crashed is suspected that much longer) plus reap ({@code gossipToTheDeadTime + N × P})
 * @param convergence how long after the faults stop every live view may take to agree
 * @param delivery how long after convergence every user broadcast may take to reach every
 *     live member by anti-entropy
 * @param drain how long after delivery every node may take to be seen without any stream open:
 *     one reconnect interval (an attempt against a member that stays down starts at most that
 *     often), plus the TCP timeout it may wait, plus two probe intervals (a TCP fallback ping)
 */
record Bounds(int names, double lossThreshold, Duration suspicionMin, Duration suspicionMax,
        Duration deathWindow, Duration pushPull, Duration newAddress, Duration convergence, Duration delivery,
        Duration drain) {

    /**
     * The loss threshold: with TCP fallback pings (on in both presets) and streams that are not
     * lossy, a probe between two healthy members never fails, whatever the datagram loss; a
     * healthy member can only be accused by an unhealthy one, and it must then hear of the
     * accusation and its refutation must reach every member before their suspicion timers run
     * out (at least {@code suspicionMin}). Gossip gives each member about {@code retransmitMult ×
     * ceil(log10(N + 1))} copies, the self-announcement one more, a buddy probe and a push/pull
     * more again; the 10% level is where {@code LossyNetworkScenarioTest} shows none missed over
     * 5 minutes, and the campaign checks it over every seed.
     */
    static final double LOSS_THRESHOLD = 0.10;

    /** How long the campaign's supervisor waits before retrying a join that reached no seed. */
    static final Duration JOIN_RETRY = Duration.ofSeconds(2);

    /** Streams a node may hold open at once, per member name (see {@link BoundedStateChecker}). */
    static final int STREAMS_PER_NAME = 8;

    static Bounds of(Config c, int names) {
        Duration p = c.probeInterval();
        Duration min = suspicionMin(c.suspicionMult(), names, p);
        Duration max = min.multipliedBy(c.suspicionMaxTimeoutMult());
        Duration pp = scaledPushPull(c.pushPullInterval(), names);
        // A probe lasts one health-scaled probe interval, up to awarenessMaxMultiplier of them: a
        // probe sent during a fault can conclude (and start a suspicion) that long after it.
        // verifyLoneSuspicion (ours; off = Go): a lone suspicion that runs out is checked with one
        // probe, which ends within a health-scaled probe interval (plus a probe timeout of margin),
        // and, if the member answered, runs once more from the start.
        Duration check = c.verifyLoneSuspicion()
                ? p.multipliedBy(c.awarenessMaxMultiplier()).plus(c.probeTimeout()) : Duration.ZERO;
        Duration again = c.verifyLoneSuspicion() ? max : Duration.ZERO;
        Duration window = max.plus(check).plus(again).plus(p.multipliedBy(c.awarenessMaxMultiplier() + 1L));
        Duration roundRobin = p.multipliedBy(names);
        // A member that kept refuting before it crashed is suspected for up to
        // flappingSuspicionMult times longer (ours; 1 = Go); a crashed member does not answer a
        // check, so its suspicion does not run twice.
        Duration detect = roundRobin.plus(max.multipliedBy(c.flappingSuspicionMult())).plus(check);
        Duration reap = c.gossipToTheDeadTime().plus(roundRobin);
        Duration merge = c.reconnectInterval().multipliedBy(3);
        Duration repair = pp.multipliedBy(2);
        Duration rejoin = JOIN_RETRY.plus(c.tcpTimeout());
        Duration newAddress = detect.plus(reap);
        Duration convergence = detect.plus(reap).plus(merge).plus(repair).plus(rejoin);
        int rounds = 64 - Long.numberOfLeadingZeros(Math.max(1, names - 1)) + 3; // ceil(log2 N) + 3
        Duration delivery = pp.multipliedBy(rounds);
        Duration drain = c.reconnectInterval().plus(c.tcpTimeout()).plus(p.multipliedBy(2));
        return new Bounds(names, LOSS_THRESHOLD, min, max, window, pp, newAddress, convergence, delivery, drain);
    }

    /** PROTOCOL.md §10.4: {@code mult × trunc(max(1, log10(N)) × 1000) × probeInterval / 1000}. */
    static Duration suspicionMin(int mult, int n, Duration probeInterval) {
        double scale = Math.max(1.0, Math.log10(Math.max(1.0, n)));
        return Duration.ofNanos(mult * (long) (scale * 1000) * probeInterval.toNanos() / 1000);
    }

    /** PROTOCOL.md §10.5: the base interval up to 32 members, then times {@code ceil(log2(N/32)) + 1}. */
    static Duration scaledPushPull(Duration base, int n) {
        if (n <= 32) {
            return base;
        }
        double mult = Math.ceil(Math.log(n) / Math.log(2) - Math.log(32) / Math.log(2)) + 1.0;
        return base.multipliedBy((long) mult);
    }

    /** Streams a node may hold open at once: {@link #STREAMS_PER_NAME} per name, plus reliable user messages. */
    long streamLimit(long reliableMessagesSent) {
        return (long) STREAMS_PER_NAME * names + reliableMessagesSent;
    }

    @Override
    public String toString() {
        return "loss threshold " + lossThreshold * 100 + "%, suspicion " + suspicionMin.toMillis() + ".."
                + suspicionMax.toMillis() + " ms, death window " + deathWindow.toMillis() + " ms, push/pull "
                + pushPull.toSeconds() + " s, new address accepted within " + newAddress.toSeconds() + " s, convergence " + convergence.toSeconds() + " s, delivery "
                + delivery.toSeconds() + " s, drain " + drain.toMillis() + " ms";
    }
}
