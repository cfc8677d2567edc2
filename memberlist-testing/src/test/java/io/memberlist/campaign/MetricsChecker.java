package io.memberlist.campaign;

/**
 * Metrics counters never go backwards: every counter update a process makes leaves its running
 * total at least where it was (a negative delta, or an overflowing total, would show a
 * monitoring system a counter reset that never happened), and no duration is negative. Checked
 * as each update happens, through each process's {@link RecordingMetrics}.
 *
 * <p>The engine catches exceptions from some of its callbacks, so a violation found inside one is
 * recorded by {@link CampaignRun#fail} and raised again at the end of the step.
 */
final class MetricsChecker implements Checker {
    private final CampaignRun run;
    private long updates;

    MetricsChecker(CampaignRun run) {
        this.run = run;
    }

    @Override
    public String name() {
        return "metrics-monotonic";
    }

    void counter(String process, String name, long before, long after) {
        updates++;
        if (after < before) {
            run.fail(this, process + ": counter " + name + " went from " + before + " to " + after);
        }
    }

    void timer(String process, String name, long nanos) {
        updates++;
        if (nanos < 0) {
            run.fail(this, process + ": timer " + name + " recorded a negative duration " + nanos + " ns");
        }
    }

    long updates() {
        return updates;
    }
}
