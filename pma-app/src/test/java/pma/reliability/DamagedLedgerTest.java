package pma.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.cli.Pma;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.Fixtures;
import pma.config.ExperimentConfig;
import pma.ledger.Ledger;
import pma.split.SplitPlanner;

/** A damaged or foreign ledger file: one clear error line, exit 2, and the file left as it was. */
class DamagedLedgerTest {
    @TempDir
    Path dir;

    private void assertRefused(Path ledger, String message) throws Exception {
        byte[] before = Files.readAllBytes(ledger);
        Pma analyze = Pma.run("analyze", ledger.toString(), "--out", dir.resolve("out").toString());
        assertThat(analyze.code()).as(analyze.err()).isEqualTo(2);
        assertThat(analyze.errorLine()).startsWith("pma: error: " + message);
        assertThat(analyze.err().lines().filter(l -> l.startsWith("pma: error"))).hasSize(1);
        assertThat(dir.resolve("out")).doesNotExist();
        Pma report = Pma.run("report", ledger.toString(), "--out", dir.resolve("rep").toString());
        assertThat(report.code()).isEqualTo(2);
        assertThat(report.errorLine()).startsWith("pma: error: " + message);
        assertThat(Files.readAllBytes(ledger)).isEqualTo(before);
    }

    @Test
    void textFileIsNotALedger() throws Exception {
        Path ledger = dir.resolve("notes.duckdb");
        Files.writeString(ledger, "these are my notes, not a ledger\n".repeat(300));
        assertRefused(ledger, ledger + ": ledger file is damaged or not a DuckDB file (");
    }

    @Test
    void truncatedLedger() throws Exception {
        Path ledger = realLedger();
        byte[] all = Files.readAllBytes(ledger);
        Files.write(ledger, java.util.Arrays.copyOf(all, all.length / 3));
        assertRefused(ledger, ledger + ": ledger file is damaged or not a DuckDB file (");
    }

    @Test
    void overwrittenHeader() throws Exception {
        Path ledger = realLedger();
        byte[] all = Files.readAllBytes(ledger);
        for (int i = 0; i < 8192; i++) all[i] = (byte) 0xAB;
        Files.write(ledger, all);
        assertRefused(ledger, ledger + ": ledger file is damaged or not a DuckDB file (");
    }

    @Test
    void duckdbFileOfAnotherProgram() throws Exception {
        Path ledger = dir.resolve("other.duckdb");
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + ledger); var s = c.createStatement()) {
            s.execute("CREATE TABLE sales (id INTEGER)");
        }
        assertRefused(ledger, ledger + ": not a pma ledger (");
    }

    @Test
    void missingLedger() {
        Pma c = Pma.run("analyze", dir.resolve("nope.duckdb").toString(), "--out", dir.resolve("out").toString());
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.errorLine()).isEqualTo("pma: error: ledger not found: " + dir.resolve("nope.duckdb"));
    }

    @Test
    void resumeOnADamagedLedgerWritesNothing() throws Exception {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 1, 16);
        Path ledger = dir.resolve("l.duckdb");
        Files.writeString(ledger, "garbage ".repeat(1000));
        byte[] before = Files.readAllBytes(ledger);
        Pma c = Pma.run("run", data.toString(), "--ledger", ledger.toString(), "--resume", "--models", "quick_cnn", "--size", "16");
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.errorLine()).startsWith("pma: error: " + ledger + ": ledger file is damaged or not a DuckDB file (");
        assertThat(Files.readAllBytes(ledger)).isEqualTo(before);
        assertThat(Path.of(ledger + ".lock")).doesNotExist();
    }

    @Test
    void schemaVersionThatIsNotANumber() throws Exception {
        Path ledger = realLedger();
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + ledger); var s = c.createStatement()) {
            s.execute("UPDATE meta SET value = 'one' WHERE key = 'schema_version'");
        }
        String message = ledger + ": not a pma ledger (schema version 'one' is not a number)";
        assertRefused(ledger, message);
        assertThat(Pma.run("analyze", ledger.toString(), "--out", dir.resolve("out").toString()).errorLine())
                .isEqualTo("pma: error: " + message);
        byte[] before = Files.readAllBytes(ledger);
        Pma resume = Pma.run("run", dir.resolve("data").toString(), "--ledger", ledger.toString(), "--resume");
        assertThat(resume.code()).as(resume.err()).isEqualTo(2);
        assertThat(resume.errorLine()).isEqualTo("pma: error: " + message);
        assertThat(resume.err().lines().filter(l -> l.startsWith("pma: error"))).hasSize(1);
        assertThat(Files.readAllBytes(ledger)).isEqualTo(before);
        assertThat(Path.of(ledger + ".lock")).doesNotExist();
    }

    /** A real ledger with the experiment and its splits, made without training. */
    private Path realLedger() throws Exception {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 1, 16);
        Dataset d = DatasetReader.read(data, null, w -> {});
        ExperimentConfig config = ExperimentConfig.quick();
        SplitPlanner planner = config.planner(d);
        Path ledger = dir.resolve("real.duckdb");
        Ledger.create(ledger, config, d, IntStream.range(0, planner.iterations()).mapToObj(planner::plan).toList(), "test");
        assertThat(Ledger.open(ledger).splits()).hasSize(15);
        return ledger;
    }
}
