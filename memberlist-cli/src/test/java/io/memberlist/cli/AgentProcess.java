package io.memberlist.cli;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code memberlist agent} in a separate JVM on this test's class path, on loopback with ports
 * picked by the OS; the ports are read from the agent's first lines. Close kills it by its PID.
 */
final class AgentProcess implements AutoCloseable {
    private static final Pattern GOSSIP = Pattern.compile("gossiping on (\\S+)$");
    private static final Pattern HTTP = Pattern.compile("status endpoint on http://(\\S+)$");

    final String name;
    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;
    String gossip;
    String http;

    private AgentProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "agent-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts an agent and waits until it reports its gossip and status addresses. */
    static AgentProcess start(String name, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", // starts faster; these agents do little work
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "agent", "--name", name, "--bind", "127.0.0.1:0", "--http", "127.0.0.1:0",
                "--preset", "local"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        AgentProcess a = new AgentProcess(name, p);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> a.find(HTTP) != null || !p.isAlive());
            if (!p.isAlive()) {
                throw new IllegalStateException("agent " + name + " exited with " + p.exitValue() + ":\n" + a.output());
            }
            a.gossip = a.find(GOSSIP);
            a.http = a.find(HTTP);
            return a;
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    private String find(Pattern pattern) {
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    String output() {
        return String.join("\n", lines);
    }

    /** Waits for the process to exit and for its output to be read to the end. */
    boolean waitFor(Duration bound) throws InterruptedException {
        if (!process.waitFor(bound.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            return false;
        }
        reader.join(bound.toMillis());
        return !reader.isAlive();
    }

    /** Kills the agent by its PID (SIGKILL), if still running, and waits for it. */
    @Override
    public void close() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
