package io.memberlist.testing;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How the simulated network treats a packet: one-way delay, loss, duplication and reordering.
 * Every draw comes from the network's own random generator, split from the run's seed, so the
 * same seed and the same sequence of sends give the same fate to every packet.
 *
 * <p>Delay = {@code latency + U[0, jitter)}; with probability {@code reorder} a packet gets an
 * extra {@code U[0, reorderDelay)} so it overtakes nobody but is overtaken by later ones (jitter
 * alone also reorders packets sent close together). Streams (TCP) are never lost or duplicated:
 * they only pay the delay.
 */
final class NetworkModel {
    long latencyNanos;
    long jitterNanos;
    double loss;
    double duplicate;
    double reorder;
    long reorderDelayNanos;

    NetworkModel(long latencyNanos, long jitterNanos, double loss, double duplicate, double reorder,
            long reorderDelayNanos) {
        this.latencyNanos = latencyNanos;
        this.jitterNanos = jitterNanos;
        this.loss = loss;
        this.duplicate = duplicate;
        this.reorder = reorder;
        this.reorderDelayNanos = reorderDelayNanos;
    }

    NetworkModel copy() {
        return new NetworkModel(latencyNanos, jitterNanos, loss, duplicate, reorder, reorderDelayNanos);
    }

    long oneWay(RandomGenerator rnd) {
        long d = latencyNanos;
        if (jitterNanos > 0) {
            d += rnd.nextLong(jitterNanos);
        }
        return d;
    }

    long packetDelay(RandomGenerator rnd) {
        long d = oneWay(rnd);
        if (reorder > 0 && reorderDelayNanos > 0 && rnd.nextDouble() < reorder) {
            d += rnd.nextLong(reorderDelayNanos);
        }
        return d;
    }

    boolean lose(RandomGenerator rnd) {
        return loss > 0 && rnd.nextDouble() < loss;
    }

    boolean duplicate(RandomGenerator rnd) {
        return duplicate > 0 && rnd.nextDouble() < duplicate;
    }

    static long nanos(Duration d) {
        return d.toNanos();
    }

    static void checkProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], was " + p);
        }
    }

    static void checkNonNegative(String name, Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
    }
}
