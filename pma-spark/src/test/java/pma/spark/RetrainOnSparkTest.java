package pma.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.analysis.AnalysisOptions;
import pma.config.ExperimentConfig;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.Fixtures;
import pma.execution.ExperimentRunner;
import pma.execution.Placement;
import pma.execution.RetrainRunner;
import pma.explain.CamOptions;
import pma.ledger.Ledger;
import pma.ledger.Prediction;
import pma.ledger.RunRecord;
import pma.split.Role;

/**
 * Retraining on Spark ({@code local[2]}) through the service behind {@code pma retrain --executor
 * spark}: one task per iteration, with the original task's seed, without the excluded images, and
 * the same table as a retraining in this process.
 */
@Tag("engine")
class RetrainOnSparkTest {
    @TempDir
    Path dir;

    /** What SparkExecutorTest's runs use: one small network, 16 px, two epochs, 5 folds. */
    static ExperimentConfig tiny() {
        return ExperimentConfig.quick().toBuilder().setModels(List.of("quick_cnn")).optImageSize(16).optMaxEpochs(2)
                .optPatience(1).optBatchSize(16).optRepeats(1).build();
    }

    @Test
    void retrainOnSparkTrainsTheExclusionSetAsALocalRetrainDoes() throws IOException {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 2, 16);
        Path ledger = dir.resolve("a/pma.duckdb");
        Files.createDirectories(ledger.getParent());
        StringWriter log = new StringWriter();
        PrintWriter err = new PrintWriter(log, true);
        ExperimentRunner.run(data, ledger, tiny(), false, new ExperimentRunner.Code("test", "unknown"), Placement.local(), CamOptions.none(), err);
        Path copy = dir.resolve("b/pma.duckdb");
        Files.createDirectories(copy.getParent());
        Files.copy(ledger, copy);

        // Both views of patients p0 and p1: 4 of the 48 images.
        Dataset dataset = DatasetReader.read(data, null, w -> {});
        List<String> ids = dataset.images().stream().limit(4).map(i -> i.id()).toList();
        Set<Integer> excluded = dataset.images().stream().limit(4).map(i -> i.index()).collect(Collectors.toSet());
        Path exclude = dir.resolve("exclude.txt");
        Files.write(exclude, ids);

        AnalysisOptions options = AnalysisOptions.defaults();
        RetrainRunner.run(copy, exclude.toString(), "none", options, null, copy.getParent(), Placement.local(), err);
        RetrainRunner.Outcome onSpark = RetrainRunner.run(ledger, exclude.toString(), "none", options, null,
                ledger.getParent(), new Placement("spark", "local[2]", Placement.UNSET, 0), err);
        assertThat(log.toString()).contains("retraining on executor spark");
        assertThat(onSpark.tasksRunNow()).isEqualTo(5);
        assertThat(onSpark.tasksFailed()).isZero();

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
