package io.memberlist.arch;

import static org.assertj.core.api.Assertions.assertThat;

import io.memberlist.Memberlist;
import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptor seen from outside: the compiled {@code module-info.class} exports the API
 * and the transport SPI and nothing else, and a small consumer module compiles against it and runs
 * on the module path (javac and java of the running JDK, as separate processes, so that nothing
 * of this test's own class path or patched module leaks into what the consumer sees), while a
 * consumer that reaches into an internal package does not compile.
 */
class ModuleDescriptorTest {
    private static final String MODULE = "io.memberlist";
    private static final Set<String> API = Set.of("io.memberlist", "io.memberlist.transport");
    /** The simulator drives the engine and node directly; nobody else may read them. */
    private static final Set<String> TO_SIMULATOR = Set.of("io.memberlist.codec", "io.memberlist.core",
            "io.memberlist.node");
    private static final long PROCESS_LIMIT_SECONDS = 120; // a bound on a hung child, not a speed claim

    private static Path classes;
    private static String modulePath;

    @BeforeAll
    static void locate() throws URISyntaxException {
        classes = location(Memberlist.class);
        // the library's own dependencies, wherever this JVM found them (module path or class path)
        modulePath = String.join(File.pathSeparator, classes.toString(),
                location(org.slf4j.Logger.class).toString(),
                location(org.msgpack.core.MessagePack.class).toString());
    }

    private static Path location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static ModuleDescriptor descriptor() {
        return ModuleFinder.of(classes).find(MODULE).orElseThrow(() ->
                new AssertionError("no module " + MODULE + " in " + classes)).descriptor();
    }

    @Test
    void exportsTheApiAndTheSpiOnly() {
        ModuleDescriptor d = descriptor();
        assertThat(d.isAutomatic()).isFalse();
        assertThat(d.isOpen()).isFalse();
        assertThat(d.opens()).as("no package open to deep reflection").isEmpty();
        Set<String> exported = d.exports().stream().filter(e -> !e.isQualified())
                .map(Exports::source).collect(Collectors.toCollection(TreeSet::new));
        assertThat(exported).as("unqualified exports").isEqualTo(new TreeSet<>(API));
        Map<String, Set<String>> qualified = d.exports().stream().filter(Exports::isQualified)
                .collect(Collectors.toMap(Exports::source, Exports::targets, (a, b) -> a, TreeMap::new));
        assertThat(qualified.keySet()).as("qualified exports").isEqualTo(new TreeSet<>(TO_SIMULATOR));
        assertThat(qualified.values()).allSatisfy(t -> assertThat(t).containsExactly("io.memberlist.testing"));
        // everything else stays internal, the runtime in particular
        assertThat(d.packages()).contains("io.memberlist.runtime");
        assertThat(d.packages()).containsAll(API).containsAll(TO_SIMULATOR);
    }

    @Test
    void requiresTheLoggingFacadeAndMsgpackNeitherTransitiveNorStatic() {
        Map<String, Set<Requires.Modifier>> requires = new TreeMap<>();
        for (Requires r : descriptor().requires()) {
            if (!r.name().equals("java.base")) {
                requires.put(r.name(), r.modifiers());
            }
        }
        // No type of either appears in the exported API, and both are needed at run time.
        assertThat(requires).isEqualTo(Map.of("org.slf4j", Set.of(), "msgpack.core", Set.of()));
    }

    @Test
    void aConsumerModuleCompilesAgainstTheApiAndRuns(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        write(src.resolve("module-info.java"), "module consumer { requires io.memberlist; }");
        write(src.resolve("consumer/Main.java"), """
                package consumer;

                import io.memberlist.Config;
                import io.memberlist.Keyring;
                import io.memberlist.Memberlist;
                import io.memberlist.transport.EventLoopGroup;
                import io.memberlist.transport.InMemoryNetwork;

                public final class Main {
                    public static void main(String[] args) throws Exception {
                        Module lib = Memberlist.class.getModule();
                        System.out.println("module=" + lib.getName());
                        System.out.println("codecVisible=" + lib.isExported("io.memberlist.codec", Main.class.getModule()));
                        System.out.println("runtimeVisible=" + lib.isExported("io.memberlist.runtime", Main.class.getModule()));
                        InMemoryNetwork net = new InMemoryNetwork();
                        try (EventLoopGroup group = new EventLoopGroup(1, "consumer");
                                Memberlist a = Memberlist.create(Config.local().name("a").build(), group, net.newTransport());
                                Memberlist b = Memberlist.create(Config.local().name("b").build(), group, net.newTransport())) {
                            System.out.println("joined=" + a.join("127.0.0.1:" + b.port()));
                            for (int i = 0; i < 200 && (a.members().size() < 2 || b.members().size() < 2); i++) {
                                Thread.sleep(50);
                            }
                            System.out.println("members=" + a.members().size() + "," + b.members().size());
                            Keyring ring = a.keyring();
                            System.out.println("keyring=" + ring.size());
                        }
                    }
                }
                """);
        Path out = dir.resolve("out");
        Result javac = run(List.of(tool("javac"), "--module-path", modulePath, "-d", out.toString(),
                src.resolve("module-info.java").toString(), src.resolve("consumer/Main.java").toString()));
        assertThat(javac.exit()).as("javac: " + javac.output()).isZero();

        Result run = run(List.of(tool("java"), "--module-path",
                out + File.pathSeparator + modulePath, "-m", "consumer/consumer.Main"));
        assertThat(run.exit()).as("java: " + run.output()).isZero();
        assertThat(run.output()).contains("module=io.memberlist", "codecVisible=false",
                "runtimeVisible=false", "joined=1", "members=2,2", "keyring=0");
    }

    @Test
    void aConsumerCannotCompileAgainstAnInternalPackage(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        write(src.resolve("module-info.java"), "module sneaky { requires io.memberlist; }");
        write(src.resolve("sneaky/Main.java"), """
                package sneaky;

                public final class Main {
                    public static void main(String[] args) {
                        System.out.println(io.memberlist.codec.Crc.class);
                    }
                }
                """);
        Result javac = run(List.of(tool("javac"), "--module-path", modulePath, "-d", dir.resolve("out").toString(),
                src.resolve("module-info.java").toString(), src.resolve("sneaky/Main.java").toString()));
        assertThat(javac.exit()).as("javac must refuse: " + javac.output()).isNotZero();
        assertThat(javac.output()).contains("package io.memberlist.codec is not visible");
    }

    private record Result(int exit, String output) {}

    private static String tool(String name) {
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        Path exe = bin.resolve(name);
        return Files.isExecutable(exe) ? exe.toString() : bin.resolve(name + ".exe").toString();
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("module-test", ".log");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return new Result(-1, "did not end within " + PROCESS_LIMIT_SECONDS + " s: "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
