package pma.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.cli.Main;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.Fixtures;
import pma.ledger.Prediction;
import pma.ledger.Ledger;
import pma.ledger.RunRecord;
import pma.split.Role;

/**
 * {@code pma retrain --executor spark} trains the exclusion set's tasks on Spark: one per
 * iteration, with the original task's seed, without the excluded images, and with the same table
 * as a retraining in this process.
 */
@Tag("engine")
class RetrainOnSparkTest {
    @TempDir
    Path dir;

    record Cli(int code, String out, String err) {
        static Cli run(String... args) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
            return new Cli(code, out.toString(), err.toString());
        }
    }

    @Test
    void retrainOnSparkTrainsTheExclusionSetAsALocalRetrainDoes() throws IOException {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        Path ledger = dir.resolve("a/pma.duckdb");
        Files.createDirectories(ledger.getParent());
        List<String> run = new ArrayList<>(List.of("run", data.toString(), "--ledger", ledger.toString()));
        run.addAll(SparkExecutorTest.TINY);
        Cli made = Cli.run(run.toArray(String[]::new));
        assertThat(made.code()).as(made.err()).isZero();
        Path copy = dir.resolve("b/pma.duckdb");
        Files.createDirectories(copy.getParent());
        Files.copy(ledger, copy);

        // Both views of patients p0 and p1: 4 of the 48 images.
        Dataset dataset = DatasetReader.read(data, null, w -> {});
        List<String> ids = dataset.images().stream().limit(4).map(i -> i.id()).toList();
        Set<Integer> excluded = dataset.images().stream().limit(4).map(i -> i.index()).collect(Collectors.toSet());
        Path exclude = dir.resolve("exclude.txt");
        Files.write(exclude, ids);

        Cli local = Cli.run("retrain", copy.toString(), "--exclude", exclude.toString(), "--control", "none");
        assertThat(local.code()).as(local.err()).isZero();
        Cli onSpark = Cli.run("retrain", ledger.toString(), "--exclude", exclude.toString(), "--control", "none",
                "--executor", "spark", "--master", "local[2]");
        assertThat(onSpark.code()).as(onSpark.err()).isZero();
        assertThat(onSpark.err()).contains("retraining on executor spark");
        assertThat(onSpark.out()).contains("5 of 5 retraining tasks trained now, 0 were already done");

        Ledger l = Ledger.open(ledger);
        String set = "file:exclude.txt"; // named after the file
        List<RunRecord> retrained = l.runs(set);
        assertThat(retrained).hasSize(5).extracting(RunRecord::iteration).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        // Each retrained task keeps its original's seed: only the excluded images differ.
        Map<Integer, Long> originalSeeds = l.runs("").stream().collect(Collectors.toMap(RunRecord::iteration, RunRecord::seed));
        assertThat(retrained.stream().collect(Collectors.toMap(RunRecord::iteration, RunRecord::seed))).isEqualTo(originalSeeds);
        // No excluded image was used for validation (nor, by the same split, for training).
        Set<Integer> retrainedRuns = retrained.stream().map(RunRecord::runId).collect(Collectors.toSet());
        Map<Integer, List<Prediction>> val = new TreeMap<>(l.predictions(Role.VAL));
        val.keySet().retainAll(retrainedRuns);
        assertThat(val).hasSize(5);
        assertThat(val.values().stream().flatMap(List::stream).map(Prediction::image)).doesNotContainAnyElementsOf(excluded);

        assertThat(Files.readString(ledger.resolveSibling("retrain.csv"))).isEqualTo(Files.readString(copy.resolveSibling("retrain.csv")));
    }
}
