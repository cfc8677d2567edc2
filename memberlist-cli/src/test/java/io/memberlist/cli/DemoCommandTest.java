package io.memberlist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The demo runs to completion in this JVM: real members on loopback, the local preset. */
class DemoCommandTest {
    @Test
    void runsToCompletionWithPlainOutput() {
        Cli r = Cli.run("demo", "--nodes", "3", "--preset", "local", "--plain", "--timeout", "60");

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("all 3 members see each other")
                .contains("node-2 crashed (stopped without leaving)")
                .contains("node-2 dead after")
                .contains("node-1 leaving gracefully")
                .contains("node-1 left after")
                .contains("summary: 3 members started")
                .doesNotContain("\u001b["); // not a terminal: no escapes
        assertThat(r.out()).containsPattern("node-2 +127\\.0\\.0\\.1:\\d+ +dead +\\d+ +crashed +0/2");
        assertThat(r.out()).containsPattern("node-1 +127\\.0\\.0\\.1:\\d+ +left +\\d+ +left +0/1");
    }
}
