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
 */
final class SoakVerdict {
    static final double HEAP_TOLERANCE = 0.10;

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
        checks.add(new Check("no_false_deaths", deaths == 0, String.format(Locale.ROOT,
                "%d false deaths over the window; %d suspicions (alive->suspect in some view), %d refutations",
                deaths, num(last, SoakSample.SUSPICIONS).longValue() - num(first, SoakSample.SUSPICIONS).longValue(),
                num(last, SoakSample.REFUTATIONS).longValue() - num(first, SoakSample.REFUTATIONS).longValue())));
        checks.add(new Check("no_false_deaths_joining", joining == 0, String.format(Locale.ROOT,
                "%d false deaths and %d suspicions while the cluster was forming", joining,
                num(first, SoakSample.SUSPICIONS).longValue())));
        int minMembers = num(last, SoakSample.MEMBERS_MIN).intValue();
        checks.add(new Check("converged", minMembers == n,
                "at the end the smallest view has " + minMembers + " of " + n + " members"));
        if (settled.size() < 3) {
            checks.add(new Check("settled_samples", false,
                    settled.size() + " settled samples; at least 3 are needed to judge growth"));
            return checks;
        }
        checks.add(heapFlat(settled));
        checks.add(floorFlat("threads_flat", settled, SoakSample.THREADS, 2));
        checks.add(floorFlat("fds_flat", settled, SoakSample.FDS, 2));
        checks.add(floorFlat("broadcast_queue_flat", settled, SoakSample.BROADCAST_QUEUE_TOTAL, n));
        checks.add(floorFlat("streams_open_flat", settled, SoakSample.STREAMS_OPEN_TOTAL, Math.max(2, n / 10)));
        checks.add(floorFlat("stream_buffer_flat", settled, SoakSample.STREAM_BUFFERED_TOTAL, 64 * 1024));
        checks.add(floorFlat("handoff_queued_flat", settled, SoakSample.HANDOFF_QUEUED_TOTAL, 1));
        checks.add(floorFlat("member_table_flat", settled, SoakSample.MEMBER_TABLE_MAX, 0));
        return checks;
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
