package io.memberlist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimCommandTest {
    @Test
    void anUnknownExperimentIsAUsageError() {
        Cli r = Cli.run("sim", "nonsense");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown experiment 'nonsense'", "dissemination", "lifeguard");
    }

    @Test
    void anExperimentWritesItsPictureAndNumbers(@TempDir Path dir) throws Exception {
        Cli r = Cli.run("sim", "dissemination", "--sizes", "200", "--out", dir.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("dissemination n=200", "model");
        assertThat(Files.readString(dir.resolve("dissemination-n200.svg"))).startsWith("<svg").contains("simulator");
        assertThat(Files.readAllLines(dir.resolve("dissemination.csv")).get(0))
                .isEqualTo("n,view,retransmit_limit,t_periods,sim_informed,model_informed");
    }
}
