package io.memberlist.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HexFormat;
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
import java.util.stream.Stream;

/**
 * Test support: the Go reference peer ({@code interop/gopeer}) as a child process speaking JSON
 * lines ({@code gopeer node}), built against one Go memberlist release ({@link GoVersion}). Each
 * release's binary is built once per source hash into {@code memberlist/target/gopeer-bin/} by
 * {@code interop/gopeer/build.sh} (module mode, versions pinned in go.mod / go.v*.mod; the Go
 * module proxy must be reachable unless the module cache already holds them). A missing Go
 * toolchain or a failed build fails the test (never skips it).
 *
 * <p>Each instance is one {@code gopeer node} process hosting {@code count} nodes on loopback
 * with automatic ports. {@link #start} returns once every node reported {@code ready}. Commands
 * are correlated with their replies by id and bounded by a timeout; events are collected in
 * arrival order. {@link #close} closes stdin (the peer shuts its nodes down and exits) and kills
 * the process by PID if it does not exit promptly.
 */
public final class GoPeer implements AutoCloseable {

    public static final String INSTALL_HINT = "the Go peer needs Go >= 1.25 (at /usr/local/go/bin/go,"
            + " or named by $GO) and the Go module proxy (or a filled module cache); for memberlist 0.2.2"
            + " alone, -D" + GoVersion.V022_SOURCE_PROPERTY + "=debian uses Debian's"
            + " golang-github-hashicorp-memberlist-dev instead";
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(8);

    private static final Map<GoVersion, Path> BINARIES = new EnumMap<>(GoVersion.class);

    /** A node hosted by this process, from its {@code ready} line. */
    public record Node(int index, String name, String addr, int port, long joined, String joinError) {
        public String address() {
            return addr + ":" + port;
        }

        /** The {@code name/host:port} form that names the node (Go's join syntax). */
        public String namedAddress() {
            return name + "/" + address();
        }
    }

    /** One entry of a node's member table as the {@code members} command reports it. */
    public record MemberView(String name, String addr, int port, String state, long incarnation, String meta) {}

    /** Command-line options of {@code gopeer node}. */
    public static final class Options {
        private final String name;
        private GoVersion version = GoVersion.newest();
        private String bind = "127.0.0.1";
        private int count = 1;
        private final List<String> join = new ArrayList<>();
        private final List<byte[]> keys = new ArrayList<>();
        private final List<String> cidrs = new ArrayList<>();
        private boolean compress;
        private String meta;
        private String state;
        private String label;
        private boolean skipLabelCheck;
        private boolean requireNodeNames;
        private String preset = "local";

        private Options(String name) {
            this.name = name;
        }

        public Options version(GoVersion v) { version = v; return this; }
        public Options count(int n) { count = n; return this; }
        /** Bind (and advertised) address, a loopback address; default 127.0.0.1. */
        public Options bind(String v) { bind = v; return this; }
        public Options join(String... addrs) { join.addAll(List.of(addrs)); return this; }
        public Options key(byte[] k) { keys.add(k.clone()); return this; }
        public Options keys(List<byte[]> ks) { ks.forEach(this::key); return this; }
        public Options compress(boolean v) { compress = v; return this; }
        public Options meta(String v) { meta = v; return this; }
        public Options state(String v) { state = v; return this; }
        /** Config.Label (releases with labels only; the peer refuses to start otherwise). */
        public Options label(String v) { label = v; return this; }
        public Options skipLabelCheck(boolean v) { skipLabelCheck = v; return this; }
        /** Config.CIDRsAllowed entries. */
        public Options cidrs(String... v) { cidrs.addAll(List.of(v)); return this; }
        public Options requireNodeNames(boolean v) { requireNodeNames = v; return this; }
        /** The Go config preset: "local" (default; TCPTimeout 1 s) or "lan" (TCPTimeout 10 s). */
        public Options preset(String v) { preset = v; return this; }

        List<String> args() {
            List<String> a = new ArrayList<>(List.of("node", "-name", name, "-count", Integer.toString(count),
                    "-bind", bind, "-port", "0", "-preset", preset, "-compress=" + compress));
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
            if (label != null) {
                a.add("-label");
                a.add(label);
            }
            if (skipLabelCheck) {
                a.add("-skip-label-check");
            }
            for (String c : cidrs) {
                a.add("-cidrs");
                a.add(c);
            }
            if (requireNodeNames) {
                a.add("-require-node-names");
            }
            return a;
        }
    }

    public static Options options(GoVersion version, String name) {
        return new Options(name).version(version);
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
    private final GoVersion version;
    private volatile boolean closed;

    private GoPeer(Process process, String label, int count, GoVersion version) {
        this.process = process;
        this.label = label;
        this.count = count;
        this.version = version;
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
        Path bin = binary(o.version);
        List<String> cmd = new ArrayList<>();
        cmd.add(bin.toString());
        cmd.addAll(o.args());
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + cmd, e);
        }
        GoPeer g = new GoPeer(p, o.name + " (" + o.version + ")", o.count, o.version);
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

    /**
     * The gopeer binary for {@code version}: {@code memberlist/target/gopeer-bin/<target>-<hash>/gopeer},
     * where the hash covers the Go sources, module files and build script, so an unchanged binary
     * from an earlier run is reused and a changed source is rebuilt. Built at most once per JVM.
     */
    public static synchronized Path binary(GoVersion version) {
        Path cached = BINARIES.get(version);
        if (cached != null) {
            return cached;
        }
        Path root = repoRoot();
        Path src = root.resolve("interop/gopeer");
        String target = version.target();
        Path out = root.resolve("memberlist/target/gopeer-bin").resolve(target + "-" + sourceHash(src, target))
                .resolve("gopeer").toAbsolutePath();
        buildOnce(root, src, target, out);
        String info = runChecked(List.of(out.toString(), "version"), src, Duration.ofSeconds(30));
        Map<String, Object> build = GoPeerJson.parseObject(info.trim());
        if (!version.expectedRelease().equals(build.get("memberlist"))) {
            throw new AssertionError("gopeer " + out + " reports " + info.trim() + ", expected memberlist "
                    + version.expectedRelease());
        }
        BINARIES.put(version, out);
        return out;
    }

    /**
     * Builds {@code out} unless it exists. Test JVMs run in parallel forks (surefire forkCount), so
     * a file lock beside the binary makes one fork build while the others wait and reuse it, and
     * each build writes its own temporary file before the atomic move.
     */
    private static void buildOnce(Path root, Path src, String target, Path out) {
        if (Files.isExecutable(out)) {
            return;
        }
        try {
            Files.createDirectories(out.getParent());
            try (FileChannel ch = FileChannel.open(out.resolveSibling("build.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = ch.lock()) {
                if (!Files.isExecutable(out)) {
                    build(root, src, target, out);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("building the Go peer (" + target + ") failed: " + e + "\n" + INSTALL_HINT, e);
        }
    }

    private static void build(Path root, Path src, String target, Path out) {
        Path tmp = out.resolveSibling("gopeer.tmp-" + ProcessHandle.current().pid());
        try {
            ProcessBuilder pb = new ProcessBuilder("sh", src.resolve("build.sh").toString(), target, tmp.toString())
                    .directory(src.toFile()).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            String home = env.getOrDefault("HOME", "");
            if (home.isEmpty() || !Files.isWritable(Path.of(home))) {
                Path t = root.resolve("memberlist/target").toAbsolutePath();
                env.putIfAbsent("GOCACHE", t.resolve("gocache").toString());
                env.putIfAbsent("GOMODCACHE", t.resolve("gomodcache").toString());
            }
            Process p = pb.start();
            CompletableFuture<byte[]> log = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            boolean done = p.waitFor(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            String text = new String(log.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            if (!done || p.exitValue() != 0) {
                throw new AssertionError("building the Go peer (" + target + ") failed" + (done ? "" : " (timed out)")
                        + ":\n" + text + "\n" + INSTALL_HINT);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new AssertionError("building the Go peer (" + target + ") failed: " + e + "\n" + INSTALL_HINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while building the Go peer", e);
        }
    }

    /** SHA-256 (first 16 hex digits) of the build target and every build input in {@code src}. */
    static String sourceHash(Path src, String target) {
        try (Stream<Path> files = Files.list(src)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(target.getBytes(StandardCharsets.UTF_8));
            for (Path f : files.filter(Files::isRegularFile).filter(GoPeer::isBuildInput).sorted().toList()) {
                md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new AssertionError("cannot hash " + src + ": " + e, e);
        }
    }

    private static boolean isBuildInput(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".go") || n.endsWith(".mod") || n.endsWith(".sum") || n.equals("build.sh");
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

    private static String runChecked(List<String> cmd, Path dir, Duration timeout) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(cmd + " exited " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(cmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    // ---- process IO ----

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Map<String, Object> m;
                try {
                    m = GoPeerJson.parseObject(line);
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
                    nodes.add(new Node(num(m.get("index")), (String) m.get("name"), (String) m.get("addr"), num(m.get("port")),
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
                stdin.write((GoPeerJson.write(line) + "\n").getBytes(StandardCharsets.UTF_8));
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

    /** The Go memberlist release this process runs. */
    public GoVersion version() {
        return version;
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
