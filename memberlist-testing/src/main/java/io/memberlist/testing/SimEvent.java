package io.memberlist.testing;

/**
 * One scheduled happening in virtual time. Events are ordered by {@code (time, seq)}: the sequence
 * number is assigned when the event is scheduled, so two events at the same instant run in the
 * order they were scheduled and a run never depends on hash or heap tie-breaking.
 */
abstract class SimEvent implements Comparable<SimEvent> {
    long time;
    long seq;

    abstract void fire(SimNetwork sim);

    /** A short kind code mixed into the trace hash. */
    abstract int kind();

    @Override
    public final int compareTo(SimEvent o) {
        int c = Long.compare(time, o.time);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }
}
