package io.memberlist.bench.sim;

/**
 * The mean-field epidemic model of one rumor spread by memberlist's gossip, to compare the
 * simulator with (BENCHMARKS.md, "Simulator at scale", derives it).
 *
 * <p>N members; one knows the rumor at t = 0. Every member gossips every period T, at its own
 * phase (uniform in [0, T), independent of everything else), to f distinct members drawn
 * uniformly from the others; a member that knows the rumor puts it in each of those packets
 * until it has sent it L times (memberlist's retransmit limit, {@code retransmitMult ×
 * ceil(log10(n + 1))}). Delivery is instantaneous at the scale of T. Time is cut into K slots per
 * period; with U(t) members still uninformed and M(t) rumor copies sent in slot t, each
 * uninformed member escapes all M(t) copies with probability (1 − 1/(N−1))^M(t), so
 *
 * <pre>
 *   U(t+1) = U(t) · (1 − 1/(N−1))^M(t)
 * </pre>
 *
 * and the U(t) − U(t+1) members informed in slot t send their copies at their next ticks: the
 * first in slot t + j with j uniform in 1..K, then every K slots, f copies per tick (the last
 * tick the rest of L). This is a discrete-time SIR (Reed–Frost) chain in expectation; without
 * the limit L and with synchronous rounds it grows like the push model of Pittel (1987),
 * log_{1+f} N + ln N / f rounds; with the limit, the share never informed solves the
 * Kermack–McKendrick final-size equation s = exp(−L (1 − s)).
 */
public final class EpidemicModel {
    private final int n;
    private final int fanout;
    private final int limit;
    private final int slotsPerPeriod;

    /**
     * @param n members
     * @param fanout f, members gossiped to per period (memberlist's {@code gossipNodes})
     * @param limit L, the times each member sends the rumor
     * @param slotsPerPeriod K, the time resolution
     */
    public EpidemicModel(int n, int fanout, int limit, int slotsPerPeriod) {
        if (n < 2 || fanout < 1 || limit < 1 || slotsPerPeriod < 1) {
            throw new IllegalArgumentException("n=" + n + " f=" + fanout + " L=" + limit + " K=" + slotsPerPeriod);
        }
        this.n = n;
        this.fanout = fanout;
        this.limit = limit;
        this.slotsPerPeriod = slotsPerPeriod;
    }

    /**
     * The expected share of members informed at the end of each slot, for {@code periods}
     * periods: entry i is the share at time (i + 1) / K periods.
     */
    public double[] informed(int periods) {
        int slots = periods * slotsPerPeriod;
        int ticks = (limit + fanout - 1) / fanout;
        double[] sends = new double[slots + (ticks + 1) * slotsPerPeriod + 1];
        double[] out = new double[slots];
        double escape = Math.log1p(-1.0 / (n - 1));
        double uninformed = n - 1;
        schedule(sends, 0, 1.0, ticks);
        for (int t = 0; t < slots; t++) {
            double next = uninformed * Math.exp(sends[t] * escape);
            double cohort = uninformed - next;
            uninformed = next;
            if (cohort > 0) {
                schedule(sends, t, cohort, ticks);
            }
            out[t] = 1 - uninformed / n;
        }
        return out;
    }

    /** Adds the copies sent by {@code members} informed in slot {@code t} to the slots they send in. */
    private void schedule(double[] sends, int t, double members, int ticks) {
        double perPhase = members / slotsPerPeriod;
        for (int j = 1; j <= slotsPerPeriod; j++) {
            for (int r = 0; r < ticks; r++) {
                int copies = Math.min(fanout, limit - r * fanout);
                sends[t + j + r * slotsPerPeriod] += perPhase * copies;
            }
        }
    }

    /** The first time (in periods) at which the share informed reaches {@code q}, NaN if never within the curve. */
    public static double periodsTo(double[] informed, int slotsPerPeriod, double q) {
        for (int i = 0; i < informed.length; i++) {
            if (informed[i] >= q) {
                return (i + 1) / (double) slotsPerPeriod;
            }
        }
        return Double.NaN;
    }

    /** The share never informed: the root of s = exp(−L (1 − s)) below 1 (fixed-point iteration). */
    public static double neverInformed(int limit) {
        double s = 0;
        for (int i = 0; i < 200; i++) {
            s = Math.exp(-limit * (1 - s));
        }
        return s;
    }

    /** memberlist's retransmit limit: {@code mult × ceil(log10(n + 1))}. */
    public static int retransmitLimit(int mult, int n) {
        return mult * (int) Math.ceil(Math.log10(n + 1.0));
    }
}
