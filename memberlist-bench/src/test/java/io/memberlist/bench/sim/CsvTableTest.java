package io.memberlist.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    @Test
    void quotesWhatNeedsQuotingAndWritesOneLinePerRow(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.csv");
        new CsvTable("a", "b", "c").row("x,y", 1.5, null).row("say \"hi\"", 2, Double.NaN).write(f);
        assertThat(Files.readAllLines(f)).containsExactly("a,b,c", "\"x,y\",1.50000,", "\"say \"\"hi\"\"\",2,");
    }
}
