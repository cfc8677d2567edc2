package io.memberlist.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Test support: the Go reference peer ({@code interop/gopeer}, HashiCorp memberlist 0.2.2) as
 * a child process speaking JSON lines ({@code gopeer node}). The binary is built once per test
 * JVM into {@code memberlist/target/gopeer}. Missing Go or missing Debian library sources fail
 * the test (never skip it).
 *
 * <p>Each instance is one {@code gopeer node} process hosting {@code count} nodes on loopback
 * with automatic ports. {@link #start} returns once every node reported {@code ready}. Commands
 * are correlated with their replies by id and bounded by a timeout; events are collected in
 * arrival order. {@link #close} closes stdin (the peer shuts its nodes down and exits) and kills
 * the process by PID if it does not exit promptly.
 */
public final class GoPeer implements AutoCloseable {

    public static final String INSTALL_HINT =
            "apt-get install -y golang-go golang-github-hashicorp-memberlist-dev";
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Path DEBIAN_MEMBERLIST =
            Path.of("/usr/share/gocode/src/github.com/hashicorp/memberlist");

    private static Path binary;

    /** A node hosted by this process, from its {@code ready} line. */
    public record Node(int index, String name, int port, long joined, String joinError) {
        public String address() {
            return "127.0.0.1:" + port;
        }
    }

    /** One entry of a node's member table as the {@code members} command reports it. */
    public record MemberView(String name, String addr, int port, String state, long incarnation, String meta) {}

    /** Command-line options of {@code gopeer node}. */
    public static final class Options {
        private final String name;
        private int count = 1;
        private final List<String> join = new ArrayList<>();
        private final List<byte[]> keys = new ArrayList<>();
        private boolean compress;
        private String meta;
        private String state;

        private Options(String name) {
            this.name = name;
        }

        public Options count(int n) { count = n; return this; }
        public Options join(String... addrs) { join.addAll(List.of(addrs)); return this; }
        public Options key(byte[] k) { keys.add(k.clone()); return this; }
        public Options keys(List<byte[]> ks) { ks.forEach(this::key); return this; }
        public Options compress(boolean v) { compress = v; return this; }
        public Options meta(String v) { meta = v; return this; }
        public Options state(String v) { state = v; return this; }

        List<String> args() {
            List<String> a = new ArrayList<>(List.of("node", "-name", name, "-count", Integer.toString(count),
                    "-bind", "127.0.0.1", "-port", "0", "-preset", "local", "-compress=" + compress));
            for (String j : join) {
                a.add("-join");
                a.add(j);
            }
            for (byte[] k : keys) {
                a.add("-key");
                a.add(Base64.getEncoder().encodeToString(k));
            }
            if (meta != null) {
                a.add("-meta");
                a.add(meta);
            }
            if (state != null) {
                a.add("-state");
                a.add(state);
            }
            return a;
        }
    }

    public static Options options(String name) {
        return new Options(name);
    }

    private final Process process;
    private final String label;
    private final OutputStream stdin;
    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    private final Map<Long, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> allReady = new CompletableFuture<>();
    private final int count;
    private volatile boolean closed;

    private GoPeer(Process process, String label, int count) {
        this.process = process;
        this.label = label;
        this.count = count;
        this.stdin = process.getOutputStream();
        Thread out = new Thread(this::readStdout, "gopeer-out-" + label);
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(this::drainStderr, "gopeer-err-" + label);
        err.setDaemon(true);
        err.start();
    }

    /** Starts a {@code gopeer node} process and waits until all its nodes are ready. */
    public static GoPeer start(Options o) {
        Path bin = binary();
        List<String> cmd = new ArrayList<>();
        cmd.add(bin.toString());
        cmd.addAll(o.args());
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + cmd, e);
        }
        GoPeer g = new GoPeer(p, o.name, o.count);
        try {
            g.allReady.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            String tail = g.stderrTail();
            g.close();
            throw new IllegalStateException("gopeer " + o.name + " did not get ready: " + e + "\nstderr:\n" + tail, e);
        }
        return g;
    }

    // ---- building ----

    /** The gopeer binary, built once per JVM into {@code memberlist/target/gopeer}. */
    public static synchronized Path binary() {
        if (binary != null) {
            return binary;
        }
        Path root = repoRoot();
        Path src = root.resolve("interop/gopeer");
        Path out = root.resolve("memberlist/target/gopeer").toAbsolutePath();
        String goVersion;
        try {
            goVersion = run(List.of("go", "version"), src, Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new AssertionError("Go toolchain not found (" + e.getMessage() + "); interop tests need it: "
                    + INSTALL_HINT, e);
        }
        if (!Files.isDirectory(DEBIAN_MEMBERLIST)) {
            throw new AssertionError("HashiCorp memberlist sources not found at " + DEBIAN_MEMBERLIST
                    + " (" + goVersion.trim() + "); interop tests need them: " + INSTALL_HINT);
        }
        try {
            Files.createDirectories(out.getParent());
            ProcessBuilder pb = new ProcessBuilder("go", "build", "-o", out.toString(), ".")
                    .directory(src.toFile()).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("GO111MODULE", "off");
            env.put("GOPATH", "/usr/share/gocode");
            env.put("GOPROXY", "off");
            env.put("GOFLAGS", "");
            String home = env.getOrDefault("HOME", "");
            if (!env.containsKey("GOCACHE") && (home.isEmpty() || !Files.isWritable(Path.of(home)))) {
                env.put("GOCACHE", root.resolve("memberlist/target/gocache").toAbsolutePath().toString());
            }
            Process p = pb.start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new AssertionError("building the Go peer failed (" + goVersion.trim() + "):\n" + log
                        + "\nIf Go or the library is missing: " + INSTALL_HINT);
            }
        } catch (IOException e) {
            throw new AssertionError("building the Go peer failed: " + e + "; " + INSTALL_HINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while building the Go peer", e);
        }
        binary = out;
        return out;
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isRegularFile(q.resolve("interop/gopeer/main.go"))) {
                return q;
            }
        }
        throw new AssertionError("cannot find interop/gopeer above " + p);
    }

    private static String run(List<String> cmd, Path dir, Duration timeout) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IOException(cmd + " exited " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    // ---- process IO ----

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Map<String, Object> m;
                try {
                    m = Json.parseObject(line);
                } catch (RuntimeException e) {
                    addStderr("unparsable stdout line: " + line);
                    continue;
                }
                if (m.containsKey("reply")) {
                    Object id = m.get("id");
                    CompletableFuture<Map<String, Object>> f = id instanceof Number n ? pending.remove(n.longValue()) : null;
                    if (f != null) {
                        f.complete(m);
                    } else {
                        addStderr("uncorrelated reply: " + line);
                    }
                    continue;
                }
                events.add(m);
                if ("ready".equals(m.get("event"))) {
                    nodes.add(new Node(num(m.get("index")), (String) m.get("name"), num(m.get("port")),
                            m.get("joined") instanceof Number n ? n.longValue() : 0, (String) m.get("join_error")));
                    if (nodes.size() == count) {
                        allReady.complete(null);
                    }
                }
            }
        } catch (IOException e) {
            // process gone
        } finally {
            IllegalStateException gone = new IllegalStateException("gopeer " + label + " exited; stderr:\n" + stderrTail());
            allReady.completeExceptionally(gone);
            pending.values().forEach(f -> f.completeExceptionally(gone));
        }
    }

    private void drainStderr() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                addStderr(line);
            }
        } catch (IOException e) {
            // process gone
        }
    }

    private void addStderr(String line) {
        synchronized (stderrTail) {
            stderrTail.addLast(line);
            while (stderrTail.size() > 200) {
                stderrTail.removeFirst();
            }
        }
    }

    String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    private static int num(Object o) {
        return o instanceof Number n ? n.intValue() : -1;
    }

    // ---- commands ----

    /** Sends a command and returns its reply; fails when the reply says {@code ok:false}. */
    public Map<String, Object> command(String cmd, Map<String, Object> args) {
        Map<String, Object> reply = tryCommand(cmd, args);
        if (!Boolean.TRUE.equals(reply.get("ok"))) {
            throw new IllegalStateException("gopeer " + label + " " + cmd + " " + args + " failed: " + reply.get("error"));
        }
        return reply;
    }

    public Map<String, Object> command(String cmd) {
        return command(cmd, Map.of());
    }

    /** Sends a command and returns its reply, whatever it says. */
    public Map<String, Object> tryCommand(String cmd, Map<String, Object> args) {
        long id = ids.incrementAndGet();
        Map<String, Object> line = new LinkedHashMap<>(args);
        line.put("cmd", cmd);
        line.put("id", id);
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        pending.put(id, f);
        try {
            synchronized (stdin) {
                stdin.write((Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            }
            return f.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("gopeer " + label + " " + cmd + ": " + e + "\nstderr:\n" + stderrTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pending.remove(id);
        }
    }

    // ---- views ----

    public List<Node> nodes() {
        List<Node> l = new ArrayList<>(nodes);
        l.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return l;
    }

    public Node node(int index) {
        return nodes().get(index);
    }

    public List<String> names() {
        return nodes().stream().map(Node::name).toList();
    }

    /** Every event line received so far, in order. */
    public List<Map<String, Object>> events() {
        return List.copyOf(events);
    }

    public List<Map<String, Object>> events(String kind) {
        return events.stream().filter(e -> kind.equals(e.get("event"))).toList();
    }

    public boolean anyEvent(Predicate<Map<String, Object>> p) {
        return events.stream().anyMatch(p);
    }

    /** Member tables of all (running) nodes: self name → (member name → view). */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, MemberView>> members() {
        Map<String, Object> reply = command("members");
        Map<String, Map<String, MemberView>> all = new LinkedHashMap<>();
        for (Object o : (List<Object>) reply.get("nodes")) {
            Map<String, Object> n = (Map<String, Object>) o;
            Map<String, MemberView> table = new LinkedHashMap<>();
            for (Object mo : (List<Object>) n.get("members")) {
                Map<String, Object> m = (Map<String, Object>) mo;
                table.put((String) m.get("name"), new MemberView((String) m.get("name"), (String) m.get("addr"),
                        num(m.get("port")), (String) m.get("state"), ((Number) m.get("incarnation")).longValue(),
                        Objects.toString(m.get("meta"), "")));
            }
            all.put((String) n.get("self"), table);
        }
        return all;
    }

    /** Names each running node sees in {@code state} (e.g. "alive", "dead", "left"). */
    public Map<String, Set<String>> namesInState(String state) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        members().forEach((self, table) -> {
            Set<String> s = new TreeSet<>();
            table.values().stream().filter(v -> state.equals(v.state())).forEach(v -> s.add(v.name()));
            out.put(self, s);
        });
        return out;
    }

    /** True when every running node of this process sees exactly {@code names} alive. */
    public boolean allSeeAlive(Set<String> names) {
        Map<String, Set<String>> alive = namesInState("alive");
        return !alive.isEmpty() && alive.values().stream().allMatch(s -> s.equals(new TreeSet<>(names)));
    }

    /** True when every running node of this process has {@code name} in {@code state}. */
    public boolean allSee(String name, String state) {
        Map<String, Map<String, MemberView>> m = members();
        return !m.isEmpty() && m.values().stream().allMatch(t -> t.containsKey(name) && state.equals(t.get(name).state()));
    }

    /**
     * Every running node got a {@code leave} event for {@code name} (Go's NotifyLeave: dead or
     * left) and either still lists it in {@code state} or already reaped it from its table.
     * Returns a description of the nodes that do not, empty when all do.
     */
    public String notYetGone(String name, String state) {
        Map<String, Map<String, MemberView>> m = members();
        StringBuilder b = new StringBuilder();
        m.forEach((self, table) -> {
            boolean event = anyEvent(e -> "leave".equals(e.get("event")) && self.equals(e.get("self"))
                    && name.equals(e.get("node")));
            MemberView v = table.get(name);
            if (!event || (v != null && !state.equals(v.state()))) {
                b.append(self).append(" sees ").append(name).append(" as ")
                        .append(v == null ? "absent" : v.state()).append(event ? "" : " (no leave event)").append("; ");
            }
        });
        return m.isEmpty() ? "no running node" : b.toString();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process at once (a crash of all its nodes). */
    public void kill() {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    @Override
    public String toString() {
        return "GoPeer[" + label + ", pid " + process.pid() + ", " + names() + "]";
    }
}
