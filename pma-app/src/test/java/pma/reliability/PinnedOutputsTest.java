package pma.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.cli.Pma;
import pma.ledger.Ledger;

/**
 * A small experiment's tables, byte for byte: synthetic data from a fixed seed, one tiny network,
 * one engine thread, two epochs, three repeats of three folds (nine tasks), then {@code pma analyze}. The expected tables are the
 * ones this code wrote when they were checked in (src/test/resources/pinned/); any change that
 * moves a split, a seed, a probability's printed digits or a statistic shows here, so refactoring
 * that must keep behaviour is checked against them.
 *
 * <p>Probabilities are bit-reproducible only with the same engine threads per task and the same CPU
 * instruction set (docs/reproducibility.md). The threads are fixed to 1; the instruction set is
 * whatever the test JVM's engine dispatches to, so the expected tables hold for the instruction set
 * recorded beside them (engine_cpu.txt), and the test is skipped, not failed, on another one. The
 * one wall-clock column, runs.csv's train_seconds, is blanked before the comparison.
 *
 * <p>To re-pin after a deliberate change of results: run this test with
 * {@code -Dpma.pinned.write=<folder>}, check the new tables, and copy them here.
 */
@Tag("engine")
class PinnedOutputsTest {
    static final List<String> TABLES = List.of("images.csv", "runs.csv", "auc.csv", "features.csv");
    static final String WALL_CLOCK_COLUMN = "train_seconds";

    @TempDir
    Path dir;

    @Test
    void smallRunWritesThePinnedTables() throws IOException {
        Path data = dir.resolve("data");
        Pma synth = Pma.run("synth", "--out", data.toString(), "--seed", "11", "--nodules", "40", "--size", "16");
        assertThat(synth.code()).as(synth.err()).isZero();

        Path ledger = dir.resolve("l.duckdb");
        // One process: run_id numbers the tasks in the order they finish, which varies with several workers.
        Pma run = Pma.run("run", data.toString(), "--ledger", ledger.toString(), "--models", "quick_cnn", "--size", "16",
                "--epochs", "2", "--patience", "2", "--batch", "8", "--folds", "3", "--repeats", "3", "--seed", "5", "--threads", "1",
                "--workers", "1");
        assertThat(run.code()).as(run.err()).isZero();
        String cpu = Ledger.open(ledger).meta("engine_cpu");

        Path out = dir.resolve("out");
        Pma analyze = Pma.run("analyze", ledger.toString(), "--out", out.toString());
        assertThat(analyze.code()).as(analyze.err()).isZero();

        String write = System.getProperty("pma.pinned.write");
        if (write != null) {
            Path to = Files.createDirectories(Path.of(write));
            for (String t : TABLES) Files.writeString(to.resolve(t), table(out, t));
            Files.writeString(to.resolve("engine_cpu.txt"), cpu + "\n");
        }

        String pinnedCpu = resource("engine_cpu.txt").strip();
        assumeThat(cpu).as("the pinned tables were computed on %s; this CPU dispatches to %s", pinnedCpu, cpu)
                .isEqualTo(pinnedCpu);
        for (String t : TABLES) assertThat(table(out, t)).as(t).isEqualTo(resource(t));
    }

    /** A table as written, with the wall-clock column's cells blanked. */
    static String table(Path out, String name) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve(name));
        List<String> header = List.of(lines.get(0).split(",", -1));
        int wall = header.indexOf(WALL_CLOCK_COLUMN);
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            if (wall >= 0 && line != lines.get(0)) {
                String[] cells = line.split(",", -1);
                assertThat(cells).as("%s has no quoted commas", name).hasSize(header.size());
                cells[wall] = "";
                line = String.join(",", cells);
            }
            kept.add(line);
        }
        return String.join("\n", kept) + "\n";
    }

    static String resource(String name) throws IOException {
        try (var in = PinnedOutputsTest.class.getResourceAsStream("/pinned/" + name)) {
            assertThat(in).as("pinned/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
