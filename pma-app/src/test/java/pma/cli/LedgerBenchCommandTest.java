package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.ledger.LedgerSql;

class LedgerBenchCommandTest {

    @Test
    void aSmallLedgerBenchFillsTheRowsOfOneIterationAndTimesEveryStep(@TempDir Path dir) {
        // Scale 0.01 of 100 iterations = 1 iteration x 4 models = 4 tasks; per task 8,000 training
        // images x 30 epochs, 1,000 validation and 1,000 test predictions and 1,000 maps.
        Pma r = Pma.run("bench", "ledger", "--scale", "0.01", "--dir", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("tasks 4, prediction rows 8,000, epoch records 960,000, maps 4,000");
        assertThat(r.out()).containsPattern("record one task: median +[0-9.]+ ");
        assertThat(r.out()).containsPattern("analyze \\(Analysis.of[^\\n]* 10000 images");
        assertThat(r.out()).containsPattern("SQL: test tallies per image and model +[0-9.]+ +[0-9-]+ +4000 groups");
        assertThat(r.out()).containsPattern("SQL: training-dynamics scores per image +[0-9.]+ +[0-9-]+ +8000 images");

        Path ledger = dir.resolve("bench.duckdb");
        assertThat(LedgerSql.count(ledger, "SELECT count(*) FROM epoch_prob")).isEqualTo(960_000);
        assertThat(LedgerSql.count(ledger, "SELECT count(*) FROM prediction WHERE role = 'test'")).isEqualTo(4_000);
        assertThat(LedgerSql.count(ledger, "SELECT count(*) FROM cam WHERE h = 8 AND w = 8 AND octet_length(data) = 256"))
                .isEqualTo(4_000);
    }

    @Test
    void aScaleOutsideZeroToOneIsRefusedAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Pma r = Pma.run("bench", "ledger", "--scale", "1.5", "--dir", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--scale must be in (0, 1], got 1.5");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
