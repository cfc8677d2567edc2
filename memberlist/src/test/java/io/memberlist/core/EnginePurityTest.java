package io.memberlist.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine and the node around it are sans-IO: no sockets, channels, threads, executors, locks,
 * wall clocks or shared random sources in {@code io.memberlist.core} and {@code io.memberlist.node}. Checked on the sources, so a violation fails the
 * build with the file and line.
 */
class EnginePurityTest {
    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("\\bjava\\.net\\."),
            Pattern.compile("\\bjava\\.nio\\.channels\\b"),
            Pattern.compile("\\bjava\\.util\\.concurrent\\b"),
            Pattern.compile("\\bThread\\b"),
            Pattern.compile("\\bsynchronized\\b"),
            Pattern.compile("System\\.currentTimeMillis"),
            Pattern.compile("System\\.nanoTime"),
            Pattern.compile("\\bInstant\\.now\\b"),
            Pattern.compile("\\bClock\\b"),
            Pattern.compile("ThreadLocalRandom"),
            Pattern.compile("Math\\.random"),
            Pattern.compile("new\\s+Random\\s*\\("),
            Pattern.compile("\\bSecureRandom\\b"),
            Pattern.compile("\\bjava\\.io\\.(File|Socket|InputStream|OutputStream)"));

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"core", "node"})
    void packageDoesNoIoAndReadsNoClock(String pkg) throws IOException {
        Path dir = Path.of("src/main/java/io/memberlist/" + pkg);
        assertThat(dir).isDirectory();
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = stripComment(lines.get(i));
                    for (Pattern p : FORBIDDEN) {
                        if (p.matcher(line).find()) {
                            violations.add(f.getFileName() + ":" + (i + 1) + ": " + line.trim());
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    private static String stripComment(String line) {
        String t = line.trim();
        if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//")) {
            return "";
        }
        int c = line.indexOf("//");
        return c >= 0 ? line.substring(0, c) : line;
    }
}
