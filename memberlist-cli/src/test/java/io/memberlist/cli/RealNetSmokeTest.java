package io.memberlist.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The smoke run of {@code bench/realnet/realnet.py} (issue 11): five agents as separate JVMs, each
 * in its own network namespace behind a bridge, a few seconds of 20% packet loss made by iptables
 * in the namespaces, then one agent killed with SIGKILL and seen dead by the four others.
 *
 * <p>It needs root, iproute2, iptables and python3 (CI has them); anywhere else it is skipped with
 * the reason. The figures of issue 11 come from the same script run by hand (BENCHMARKS.md); this
 * test asserts only what must hold on any machine: the cluster forms, the loss rules really drop
 * packets, the crash is detected by every other member within the script's bound, and nothing the
 * script created is left behind.
 */
class RealNetSmokeTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path SCRIPT = ROOT.resolve("bench/realnet/realnet.py");

    @Test
    void fiveAgentsInNamespacesDetectACrashUnderLoss() throws Exception {
        assumeTrue(isRoot(), "not root: network namespaces and iptables need root (CI runs as root)");
        assumeTrue(onPath("python3") && onPath("ip") && onPath("iptables"),
                "needs python3, ip (iproute2) and iptables on PATH (apt-get install iproute2 iptables)");
        Result check = run(List.of("python3", SCRIPT.toString(), "check"), 60);
        assumeTrue(check.code == 0, "realnet harness unavailable here: " + check.out.strip());

        String tag = "t" + (ProcessHandle.current().pid() % 1000);
        Path out = Path.of("target", "realnet-smoke.json").toAbsolutePath();
        Files.deleteIfExists(out);
        String agent = String.join(" ", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", quote(System.getProperty("java.class.path")), Main.class.getName());
        Result smoke;
        try {
            smoke = run(List.of("python3", SCRIPT.toString(), "smoke", "--nodes", "5", "--loss", "20",
                    "--window", "5", "--crash-bound", "60", "--tag", tag, "--agent", agent,
                    "--out", out.toString(), "--logdir", Path.of("target", "realnet-smoke-logs").toAbsolutePath().toString()),
                    300);
        } finally {
            run(List.of("python3", SCRIPT.toString(), "cleanup", "--tag", tag), 60);
        }
        assertThat(smoke.code).as(smoke.out).isZero();

        List<?> results = (List<?>) JsonCodec.parse(Files.readString(out));
        Map<?, ?> r = (Map<?, ?>) results.get(0);
        assertThat(r.get("converged_s")).as(smoke.out).isNotNull();
        assertThat(((Number) r.get("dropped_packets")).longValue()).as("packets the loss rules dropped").isPositive();
        Map<?, ?> crash = (Map<?, ?>) r.get("crash");
        assertThat(crash.get("observers")).isEqualTo(4);
        assertThat(crash.get("detected_by")).as(smoke.out).isEqualTo(4);
        assertThat(run(List.of("ip", "netns", "list"), 30).out).doesNotContain("rn" + tag + "n");
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static boolean isRoot() throws Exception {
        Result id = run(List.of("id", "-u"), 10);
        return id.code == 0 && id.out.strip().equals("0");
    }

    private static boolean onPath(String tool) throws Exception {
        return run(List.of("sh", "-c", "command -v " + tool), 10).code == 0;
    }

    private record Result(int code, String out) {}

    /** Runs a command with its output in a file; past the bound SIGTERM (the script cleans up), then SIGKILL. */
    private static Result run(List<String> cmd, long seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("realnet", ".log");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
                return new Result(-1, "timed out after " + seconds + " s: " + cmd + "\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
