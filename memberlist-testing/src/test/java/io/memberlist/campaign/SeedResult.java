package io.memberlist.campaign;

/**
 * What one seed's run came to.
 *
 * @param violation the broken invariant, or null
 * @param error an exception that escaped the simulation (a crash in the node, engine or
 *     simulator: always a defect), or null
 * @param virtualNanos virtual time at the end: the fault window plus the quiet phases
 */
record SeedResult(long seed, String shape, String schedule, int ticks, long virtualNanos, long wallNanos,
        InvariantViolation violation, Throwable error, Counts figures) {
    boolean passed() {
        return violation == null && error == null;
    }

    String outcome() {
        if (violation != null) {
            return "VIOLATION " + violation.getMessage();
        }
        if (error != null) {
            return "ERROR " + error;
        }
        return "ok";
    }

    @Override
    public String toString() {
        return "seed " + seed + ": " + outcome() + " [" + shape + "; " + schedule + "; virtual "
                + virtualNanos / 1_000_000_000 + " s, wall " + wallNanos / 1_000_000 + " ms; " + figures + "]";
    }
}
