package io.memberlist.bench.soak;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The soak's pass/fail rules, applied to its time series (one map per sample, as written to the
 * JSON-lines file, so a saved series can be judged again). Samples taken before the settle time
 * (joins, JIT compilation, buffers reaching their working size) are shown but not judged.
 *
 * <ul>
 *   <li>{@code no_false_deaths}: over the watched window (first sample to last) no node declared
 *       a live node dead (every node stays up for the whole soak, so any death is a false
 *       positive); {@code no_false_deaths_joining}: none did before the first sample either,
 *       while the cluster was forming. Suspicions are counted, not judged: with loss, a
 *       suspicion that the accused refutes is the protocol working.</li>
 *   <li>{@code converged}: at the last sample every node sees every node.</li>
 *   <li>{@code heap_flat}: the heap after a full collection is flat within
 *       {@link #HEAP_TOLERANCE}, judged on floors as below (the first settled sample against the
 *       last is reported too): one sample can catch a few MB in flight (a push/pull, a queue of
 *       broadcasts after a burst of suspicions), which is not a leak.</li>
 *   <li>{@code threads_flat}, {@code fds_flat} and the queue depths: the floor (minimum) of the
 *       last third of the settled samples exceeds the floor of the first third by at most a small
 *       slack. A leak raises the floor; work in flight at the moment of a sample (a push/pull
 *       stream, a pooled thread, a broadcast being retransmitted) only raises single samples.</li>
 * </ul>
 *
 * <p>A series may lack fields its implementation cannot measure (the Go soak, {@code gopeer soak},
 * has no stream table and no handoff queue): a growth rule whose field no settled sample has is
 * reported as not applicable (ok, with a detail that says so) instead of being judged; a field
 * that some settled samples have and others lack is an error. {@code false_deaths} and
 * {@code members_min} are always required.
 */
final class SoakVerdict {
    static final double HEAP_TOLERANCE = 0.10;
    /** How the detail of a rule that was not judged (its field absent) begins. */
    static final String NOT_APPLICABLE = "not applicable: ";

    /** One rule's outcome: its figures, in words. */
    record Check(String name, boolean ok, String detail) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("check", name);
            m.put("ok", ok);
            m.put("detail", detail);
            return m;
        }
    }

    private SoakVerdict() {}

    /** Judges {@code samples} of a soak of {@code n} nodes. */
    static List<Check> judge(List<Map<String, Object>> samples, int n) {
        List<Check> checks = new ArrayList<>();
        List<Map<String, Object>> settled = samples.stream().filter(s -> Boolean.TRUE.equals(s.get(SoakSample.SETTLED))).toList();
        if (samples.isEmpty()) {
            checks.add(new Check("samples", false, "no sample was taken"));
            return checks;
        }
        Map<String, Object> last = samples.get(samples.size() - 1);
        Map<String, Object> first = samples.get(0);
        long joining = num(first, SoakSample.FALSE_DEATHS).longValue();
        long deaths = num(last, SoakSample.FALSE_DEATHS).longValue() - joining;
        String settledSuspicions = settled.isEmpty() ? ""
                : " (" + counted(settled.get(0), last, SoakSample.SUSPICIONS, "after settling") + ")";
        checks.add(new Check("no_false_deaths", deaths == 0, String.format(Locale.ROOT,
                "%d false deaths from the first sample to the last; %s%s (alive->suspect in some view), %s",
                deaths, counted(first, last, SoakSample.SUSPICIONS, "suspicions"), settledSuspicions,
                counted(first, last, SoakSample.REFUTATIONS, "refutations"))));
        checks.add(new Check("no_false_deaths_joining", joining == 0, String.format(Locale.ROOT,
                "%d false deaths and %s while the cluster was forming", joining,
                first.get(SoakSample.SUSPICIONS) instanceof Number x ? x.longValue() + " suspicions"
                        : "suspicions not measured")));
        int minMembers = num(last, SoakSample.MEMBERS_MIN).intValue();
        checks.add(new Check("converged", minMembers == n,
                "at the end the smallest view has " + minMembers + " of " + n + " members"));
        if (settled.size() < 3) {
            checks.add(new Check("settled_samples", false,
                    settled.size() + " settled samples; at least 3 are needed to judge growth"));
            return checks;
        }
        checks.add(absent(settled, SoakSample.HEAP_AFTER_GC)
                ? notApplicable("heap_flat", SoakSample.HEAP_AFTER_GC) : heapFlat(settled));
        checks.add(floorFlatIfPresent("threads_flat", settled, SoakSample.THREADS, 2));
        checks.add(floorFlatIfPresent("fds_flat", settled, SoakSample.FDS, 2));
        checks.add(floorFlatIfPresent("broadcast_queue_flat", settled, SoakSample.BROADCAST_QUEUE_TOTAL, n));
        checks.add(floorFlatIfPresent("streams_open_flat", settled, SoakSample.STREAMS_OPEN_TOTAL, Math.max(2, n / 10)));
        checks.add(floorFlatIfPresent("stream_buffer_flat", settled, SoakSample.STREAM_BUFFERED_TOTAL, 64 * 1024));
        checks.add(floorFlatIfPresent("handoff_queued_flat", settled, SoakSample.HANDOFF_QUEUED_TOTAL, 1));
        checks.add(floorFlatIfPresent("member_table_flat", settled, SoakSample.MEMBER_TABLE_MAX, 0));
        return checks;
    }

    /** Whether a check is the placeholder of a rule the series had no field for. */
    static boolean notApplicable(Check c) {
        return c.ok() && c.detail().startsWith(NOT_APPLICABLE);
    }

    private static Check notApplicable(String name, String key) {
        return new Check(name, true, NOT_APPLICABLE + "no settled sample has " + key
                + " (not measured by this implementation); rule not judged");
    }

    /** No settled sample has {@code key}. */
    private static boolean absent(List<Map<String, Object>> settled, String key) {
        return settled.stream().noneMatch(s -> s.containsKey(key));
    }

    private static Check floorFlatIfPresent(String name, List<Map<String, Object>> settled, String key, long slack) {
        return absent(settled, key) ? notApplicable(name, key) : floorFlat(name, settled, key, slack);
    }

    /** "N name" for the change of a cumulative counter over the window, or "name not measured". */
    private static String counted(Map<String, Object> first, Map<String, Object> last, String key, String name) {
        if (!(first.get(key) instanceof Number a) || !(last.get(key) instanceof Number b)) {
            return name + " not measured";
        }
        return (b.longValue() - a.longValue()) + " " + name;
    }

    static boolean allOk(List<Check> checks) {
        return checks.stream().allMatch(Check::ok);
    }

    private static Check heapFlat(List<Map<String, Object>> settled) {
        String key = SoakSample.HEAP_AFTER_GC;
        double first = num(settled.get(0), key).doubleValue();
        double last = num(settled.get(settled.size() - 1), key).doubleValue();
        int third = Math.max(1, settled.size() / 3);
        double firstFloor = floor(settled.subList(0, third), key);
        double lastFloor = floor(settled.subList(settled.size() - third, settled.size()), key);
        double change = (lastFloor - firstFloor) / firstFloor;
        double max = settled.stream().mapToDouble(s -> num(s, key).doubleValue()).max().orElse(0);
        return new Check("heap_flat", Math.abs(change) <= HEAP_TOLERANCE, String.format(Locale.ROOT,
                "heap after GC: floor %.1f MB in the first third, %.1f MB in the last (%+.1f %%, limit ±%.0f %%); "
                        + "first settled sample %.1f MB, last %.1f MB (%+.1f %%); max %.1f MB",
                firstFloor / 1e6, lastFloor / 1e6, change * 100, HEAP_TOLERANCE * 100, first / 1e6, last / 1e6,
                (last - first) / first * 100, max / 1e6));
    }

    /** Floor of the last third minus floor of the first third, at most {@code slack}. */
    static Check floorFlat(String name, List<Map<String, Object>> settled, String key, long slack) {
        int third = Math.max(1, settled.size() / 3);
        double firstFloor = floor(settled.subList(0, third), key);
        double lastFloor = floor(settled.subList(settled.size() - third, settled.size()), key);
        double max = settled.stream().mapToDouble(s -> num(s, key).doubleValue()).max().orElse(0);
        double rise = lastFloor - firstFloor;
        return new Check(name, rise <= slack, String.format(Locale.ROOT,
                "%s: floor %.0f in the first third, %.0f in the last (rise %+.0f, slack %d), max %.0f",
                key, firstFloor, lastFloor, rise, slack, max));
    }

    private static double floor(List<Map<String, Object>> samples, String key) {
        return samples.stream().mapToDouble(s -> num(s, key).doubleValue()).min().orElse(0);
    }

    private static Number num(Map<String, Object> sample, String key) {
        Object v = sample.get(key);
        if (!(v instanceof Number x)) {
            throw new IllegalArgumentException("sample has no number " + key + ": " + sample);
        }
        return x;
    }
}
