package io.memberlist.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Figures about this process and the machine that every benchmark line carries, so a result is
 * never read without the load it was measured under: the load averages ({@code /proc/loadavg})
 * and this process's resident memory now and at its peak ({@code VmRSS}, {@code VmHWM} of
 * {@code /proc/self/status}, in MB). Linux only; elsewhere the fields are null.
 */
final class ProcStats {
    private ProcStats() {}

    /** The 1, 5 and 15 minute load averages, or null. */
    static List<Double> loadAverages() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            List<Double> out = new ArrayList<>(3);
            for (int i = 0; i < 3; i++) {
                out.add(Double.parseDouble(f[i]));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A field of /proc/self/status in kB ("VmRSS", "VmHWM") as MB, or null. */
    static Double statusMb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    String kb = line.substring(field.length() + 1).trim().split("\\s+")[0];
                    return Math.round(Long.parseLong(kb) / 102.4) / 10.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** Adds {@code load}, {@code rss_mb} and {@code peak_rss_mb} to a result. */
    static void stamp(Map<String, Object> result) {
        result.put("load", loadAverages());
        result.put("rss_mb", statusMb("VmRSS"));
        result.put("peak_rss_mb", statusMb("VmHWM"));
    }
}
