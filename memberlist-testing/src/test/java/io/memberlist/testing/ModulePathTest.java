package io.memberlist.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.memberlist.Config;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator works on the module path: packed as a jar with the automatic module name its
 * real jar carries, it runs a small cluster for a consumer module. It reaches into the library's
 * engine, node and codec, which {@code io.memberlist} exports to this module name only: a
 * missing qualified export, or a renamed module, fails here with an {@code IllegalAccessError}.
 */
class ModulePathTest {
    private static final long PROCESS_LIMIT_SECONDS = 120; // a bound on a hung child, not a speed claim

    @Test
    void aConsumerModuleRunsTheSimulator(@TempDir Path dir) throws Exception {
        String name = System.getProperty("memberlist.testing.module");
        assertThat(name).as("set by the pom (surefire systemPropertyVariables)").isNotBlank();
        Path library = location(Config.class);
        assumeTrue(ModuleFinder.of(library).find("io.memberlist").isPresent(),
                "the memberlist on this class path has no module descriptor (a stale jar?): " + library);

        Path jar = dir.resolve("memberlist-testing.jar");
        pack(location(SimNetwork.class), jar, name);
        String modulePath = String.join(File.pathSeparator, jar.toString(), library.toString(),
                location(org.slf4j.Logger.class).toString(), location(org.msgpack.core.MessagePack.class).toString());

        Path src = dir.resolve("src");
        write(src.resolve("module-info.java"), "module simuser { requires " + name + "; requires io.memberlist; }");
        write(src.resolve("simuser/Main.java"), """
                package simuser;

                import io.memberlist.Config;
                import io.memberlist.testing.SimNetwork;
                import io.memberlist.testing.SimNode;
                import java.time.Duration;

                public final class Main {
                    public static void main(String[] args) {
                        System.out.println("module=" + SimNetwork.class.getModule().getName());
                        SimNetwork sim = SimNetwork.builder().seed(1).build();
                        SimNode a = sim.addNode("a", Config.local());
                        sim.addNode("b", Config.local());
                        sim.addNode("c", Config.local());
                        sim.joinAll(a);
                        boolean converged = sim.runUntil(SimNetwork::converged, Duration.ofMinutes(1));
                        System.out.println("converged=" + converged + " members=" + sim.membersSeenBy(a).size());
                    }
                }
                """);
        Path out = dir.resolve("out");
        Result javac = run(List.of(tool("javac"), "--module-path", modulePath, "-d", out.toString(),
                src.resolve("module-info.java").toString(), src.resolve("simuser/Main.java").toString()));
        assertThat(javac.exit()).as("javac: " + javac.output()).isZero();

        Result run = run(List.of(tool("java"), "--module-path", out + File.pathSeparator + modulePath,
                "-m", "simuser/simuser.Main"));
        assertThat(run.exit()).as("java: " + run.output()).isZero();
        assertThat(run.output()).contains("module=" + name, "converged=true members=3");
    }

    private static Path location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** A jar of {@code classes} whose manifest names the automatic module, as the real jar's does. */
    private static void pack(Path classes, Path jar, String moduleName) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Automatic-Module-Name", moduleName);
        try (OutputStream os = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(os, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String entry = classes.relativize(f).toString().replace(File.separatorChar, '/');
                if (entry.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
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
        Path log = Files.createTempFile("module-path-test", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
