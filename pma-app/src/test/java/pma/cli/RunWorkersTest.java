package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.dataset.Fixtures;
import pma.ledger.Ledger;
import pma.ledger.LedgerSql;

/**
 * Tasks trained in worker processes ({@code --executor workers}, or {@code --workers N} as before it)
 * give the ledger exactly the rows a sequential run gives; without {@code --workers}, pma chooses.
 */
@Tag("engine")
class RunWorkersTest {
    @TempDir
    Path dir;

    @Test
    void twoWorkersRecordTheSameRowsAsOneProcess() throws Exception {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> placements = List.of(List.of("--workers", "1"), List.of("--workers", "2"),
                List.of("--executor", "workers", "--workers", "2"));
        for (int k = 0; k < placements.size(); k++) {
            Path ledger = dir.resolve("w" + k + ".duckdb");
            List<String> args = new ArrayList<>(List.of("run", data.toString(), "--ledger", ledger.toString(), "--models",
                    "quick_cnn,quick_resnet", "--size", "16", "--folds", "2", "--repeats", "1", "--epochs", "2", "--patience",
                    "1", "--batch", "8", "--augment", "--threads", "1"));
            args.addAll(placements.get(k));
            Pma c = Pma.run(args.toArray(String[]::new));
            assertThat(c.code()).as(c.err()).isZero();
            assertThat(c.out()).contains("4 of 4 tasks trained now");
            assertThat(c.err().contains("training in 2 worker processes")).isEqualTo(k > 0);
            // The maps' and the feature pass's shares of the task time come back from workers too
            // (the tiny maps here may round to 0.0 s).
            for (String part : List.of("class-activation maps \\(gradcam\\)", "feature distances")) {
                java.util.regex.Matcher m = java.util.regex.Pattern
                        .compile(part + ": ([0-9.]+) s of ([0-9.]+) s in tasks").matcher(c.err());
                assertThat(m.find()).as(part + " in: " + c.err()).isTrue();
                double total = Double.parseDouble(m.group(2));
                assertThat(total).as(part).isPositive();
                assertThat(Double.parseDouble(m.group(1))).as(part).isBetween(0.0, total);
            }
            rows.add(LedgerSql.read(ledger, conn -> {
                List<String> out = new ArrayList<>();
                try (var s = conn.createStatement(); var rs = s.executeQuery(
                        "SELECT r.model, r.iteration, r.epochs, r.best_epoch, r.val_auc, r.test_auc, r.threshold, p.image,"
                                + " p.role, p.probability, p.predicted FROM prediction p JOIN run r USING (run_id)"
                                + " ORDER BY r.model, r.iteration, p.role, p.image")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder b = new StringBuilder();
                        for (int i = 1; i <= n; i++) b.append(rs.getString(i)).append(',');
                        out.add(b.toString());
                    }
                }
                return out;
            }));
        }
        assertThat(rows.get(0)).isNotEmpty();
        assertThat(rows.get(1)).containsExactlyElementsOf(rows.get(0));
        assertThat(rows.get(2)).containsExactlyElementsOf(rows.get(0));
    }

    /**
     * Without {@code --workers}, pma picks for the machine: one single-threaded worker per core and
     * task (4 tasks here, each far below the memory; docs/speed.md); with {@code --threads} at the
     * machine's cores, a task fills the machine and trains in this process.
     */
    @Test
    void withoutWorkersEachCoreTrainsATaskOnOneThread() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        Assumptions.assumeTrue(cores >= 2, "one core: a single process either way");
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        List<String> common = List.of("run", data.toString(), "--models", "quick_cnn,quick_resnet", "--size", "16", "--folds",
                "2", "--repeats", "1", "--epochs", "1", "--patience", "1", "--batch", "8");
        Path auto = dir.resolve("auto.duckdb");
        Pma byDefault = Pma.run(common, "--ledger", auto.toString());
        assertThat(byDefault.code()).as(byDefault.err()).isZero();
        assertThat(byDefault.err()).contains("training in " + Math.min(cores, 4) + " worker processes, 1 engine thread(s) each");
        assertThat(Ledger.open(auto).meta("engine_threads_per_task")).isEqualTo("1");

        Path full = dir.resolve("full.duckdb");
        Pma allCores = Pma.run(common, "--ledger", full.toString(), "--threads", Integer.toString(cores));
        assertThat(allCores.code()).as(allCores.err()).isZero();
        assertThat(allCores.err()).contains("(" + cores + " thread(s) per task").doesNotContain("worker processes");
    }

    @Test
    void workerProcessesAndMastersGoWithTheirExecutorsOnly() {
        Path data = dir.resolve("nothing"), ledger = dir.resolve("l.duckdb");
        Pma master = Pma.run("run", data.toString(), "--ledger", ledger.toString(), "--executor", "workers", "--master", "local[2]");
        assertThat(master.code()).isEqualTo(2);
        assertThat(master.errorLine()).isEqualTo("pma: error: --master applies only to --executor spark");
        Pma workers = Pma.run("run", data.toString(), "--ledger", ledger.toString(), "--executor", "spark", "--workers", "2");
        assertThat(workers.code()).isEqualTo(2);
        assertThat(workers.errorLine()).isEqualTo("pma: error: --workers applies only to --executor local or workers");
        assertThat(ledger).doesNotExist();
    }

    @Test
    void badWorkerCountsAreRefused() {
        Pma c = Pma.run("run", dir.resolve("nothing").toString(), "--ledger", dir.resolve("l.duckdb").toString(),
                "--workers", "many");
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.errorLine()).isEqualTo("pma: error: --workers must be auto or a number, got many");
    }
}
