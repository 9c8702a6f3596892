package pma.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.BadInputException;
import pma.analysis.Analysis;
import pma.analysis.AnalysisOptions;
import pma.analysis.AnalysisResult;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.Fixtures;
import pma.config.ExperimentConfig;
import pma.split.Role;
import pma.triage.Reason;
import pma.triage.Triage;
import pma.triage.Triages;
import pma.split.Split;
import pma.split.SplitPlanner;

class LedgerTest {
    @TempDir
    Path dir;

    Dataset dataset;
    ExperimentConfig config;
    List<Split> splits;

    @BeforeEach
    void setUp() throws IOException {
        dataset = DatasetReader.read(Fixtures.dataset(dir.resolve("data"), 24, 2, 16), null, w -> {});
        config = ExperimentConfig.quick().toBuilder().build();
        SplitPlanner planner = config.planner(dataset);
        splits = IntStream.range(0, planner.iterations()).mapToObj(planner::plan).toList();
    }

    private TaskResult result(String model, int iteration) {
        Split s = splits.get(iteration);
        List<Prediction> p = IntStream.of(s.indices(Role.TEST))
                .mapToObj(i -> new Prediction(i, Role.TEST, 0.25, 0, dataset.images().get(i).target() == 0)).toList();
        return new TaskResult(new Task(model, iteration, ""), 42, 5, 3, 0.8, Double.NaN, 0.4, 1.5, p);
    }

    @Test
    void roundTripsEverything() {
        Ledger l = Ledger.create(dir.resolve("l.duckdb"), config, dataset, splits, "test");
        assertThat(l.config()).isEqualTo(config);
        assertThat(l.datasetFingerprint()).isEqualTo(dataset.fingerprint());
        assertThat(l.splits()).isEqualTo(splits);
        Dataset back = l.dataset();
        assertThat(back.images()).isEqualTo(dataset.images());
        assertThat(back.featureColumns()).isEqualTo(dataset.featureColumns());
        assertThat(back.positiveClass()).isEqualTo("malignant");

        l.record(result("quick_cnn", 0));
        l.record(result("quick_cnn", 1));
        assertThat(l.finishedTasks()).containsExactlyInAnyOrder(new Task("quick_cnn", 0, ""), new Task("quick_cnn", 1, ""));
        List<RunRecord> runs = l.runs("");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).testAuc()).isNaN();
        assertThat(runs.get(0).valAuc()).isEqualTo(0.8);
        assertThat(l.predictions(Role.TEST).get(runs.get(1).runId())).hasSize(splits.get(1).indices(Role.TEST).length);
    }

    @Test
    void aTaskIsRecordedOnceAndAFailedWriteLeavesNothing() {
        Ledger l = Ledger.create(dir.resolve("l.duckdb"), config, dataset, splits, "test");
        l.record(result("quick_cnn", 0));
        assertThatThrownBy(() -> l.record(result("quick_cnn", 0))).isInstanceOf(IllegalStateException.class);
        // A prediction for an image twice breaks the primary key half-way through the task: all rolled back.
        TaskResult bad = result("quick_cnn", 1);
        List<Prediction> twice = new java.util.ArrayList<>(bad.predictions());
        twice.add(twice.get(0));
        assertThatThrownBy(() -> l.record(new TaskResult(bad.task(), 1, 1, 1, 0.5, 0.5, 0.5, 1, twice)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(l.finishedTasks()).containsExactly(new Task("quick_cnn", 0, ""));
        assertThat(l.predictions(Role.TEST)).hasSize(1);
    }

    @Test
    void epochRecordsAndCamsGoInTheSameTransaction() {
        Ledger l = Ledger.create(dir.resolve("l.duckdb"), config, dataset, splits, "test");
        TaskResult base = result("quick_cnn", 0);
        List<pma.ledger.EpochRecord> epochs = List.of(new pma.ledger.EpochRecord(1, 3, 0.25f, -1.5f),
                new pma.ledger.EpochRecord(2, 3, 0.75f, 1.25f));
        List<pma.ledger.CamMap> cams = List.of(new pma.ledger.CamMap(0, "gradcam", "predicted", 2, 2,
                new float[] {0, 0.5f, 1, 0.25f}));
        l.record(new TaskResult(base.task(), 1, 1, 1, 0.5, 0.5, 0.5, 1, base.predictions(), epochs, cams));
        double[] got = l.read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery(
                    "SELECT sum(probability), sum(margin), count(*) FROM epoch_prob")) {
                rs.next();
                return new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)};
            }
        });
        assertThat(got).containsExactly(1.0, -0.25, 2.0);
        float[] cam = l.read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT data FROM cam")) {
                rs.next();
                return pma.ledger.CamMap.fromBytes(rs.getBytes(1));
            }
        });
        assertThat(cam).containsExactly(0, 0.5f, 1, 0.25f);

        // A task failing after its epoch rows were appended (a duplicate map) rolls them back too.
        TaskResult second = result("quick_cnn", 1);
        List<pma.ledger.CamMap> twice = List.of(cams.get(0), cams.get(0));
        assertThatThrownBy(() -> l.record(new TaskResult(second.task(), 1, 1, 1, 0.5, 0.5, 0.5, 1, second.predictions(),
                epochs, twice)))
                .isInstanceOf(IllegalStateException.class);
        int rows = l.read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM epoch_prob")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        assertThat(rows).isEqualTo(2);
    }

    @Test
    void aFailedTaskIsRecordedWithItsErrorAndRetriedOnResume() {
        Ledger l = Ledger.create(dir.resolve("l.duckdb"), config, dataset, splits, "test");
        Task failing = new Task("quick_cnn", 1, "");
        l.record(result("quick_cnn", 0));
        l.recordFailure(failing, 7, "first error");
        l.recordFailure(failing, 7, "Task 0 in stage 3.0 failed 4 times: java.lang.IllegalStateException: boom");
        assertThat(l.finishedTasks()).containsExactly(new Task("quick_cnn", 0, ""));
        assertThat(l.failedTasks()).containsExactly(java.util.Map.entry(failing,
                "Task 0 in stage 3.0 failed 4 times: java.lang.IllegalStateException: boom"));
        assertThat(l.runs("")).extracting(RunRecord::iteration).containsExactly(0);
        String[] row = l.read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery(
                    "SELECT status, seed, epochs, count(*) OVER () FROM run WHERE iteration = 1")) {
                rs.next();
                return new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)};
            }
        });
        assertThat(row).containsExactly("failed", "7", null, "1");

        l.record(result("quick_cnn", 1)); // the retry succeeds: the failure row gives way
        assertThat(l.failedTasks()).isEmpty();
        assertThat(l.finishedTasks()).containsExactlyInAnyOrder(new Task("quick_cnn", 0, ""), failing);
        assertThat(l.runs("")).extracting(RunRecord::status).containsExactly("done", "done");
    }

    @Test
    void aVersionOneLedgerIsReadAsItIsAndMigratedOnItsFirstWrite() {
        Path file = dir.resolve("l.duckdb");
        Ledger.create(file, config, dataset, splits, "test").record(result("quick_cnn", 0));
        versionOne(file);

        Ledger l = Ledger.open(file);
        assertThat(l.schemaVersion()).isEqualTo(1);
        assertThat(l.failedTasks()).isEmpty();
        assertThat(l.finishedTasks()).containsExactly(new Task("quick_cnn", 0, ""));
        assertThat(l.runs("")).hasSize(1);
        assertThat(l.schemaVersion()).as("reading leaves the file as it was").isEqualTo(1);

        l.recordFailure(new Task("quick_cnn", 1, ""), 7, "boom");
        assertThat(l.schemaVersion()).isEqualTo(4);
        assertThat(Ledger.open(file).failedTasks()).containsExactly(java.util.Map.entry(new Task("quick_cnn", 1, ""), "boom"));
        assertThat(l.finishedTasks()).containsExactly(new Task("quick_cnn", 0, ""));
    }

    @Test
    void aVersionOneLedgerIsMigratedByARecordedTaskToo() {
        Path file = dir.resolve("l.duckdb");
        Ledger.create(file, config, dataset, splits, "test");
        versionOne(file);
        Ledger l = Ledger.open(file);
        l.record(result("quick_cnn", 0));
        assertThat(l.schemaVersion()).isEqualTo(4);
        int errorColumns = l.read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery(
                    "SELECT count(*) FROM information_schema.columns WHERE table_name = 'run' AND column_name = 'error'")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        assertThat(errorColumns).isEqualTo(1);
    }

    @Test
    void aLedgerFromANewerPmaIsRefused() {
        Path file = dir.resolve("l.duckdb");
        Ledger.create(file, config, dataset, splits, "test").write(c -> {
            try (var s = c.createStatement()) {
                s.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'");
            }
            return null;
        });
        assertThatThrownBy(() -> Ledger.open(file)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("schema version 5").hasMessageContaining("newer pma");
    }

    @Test
    void aVersionTwoLedgerHasNoFeatureDistancesUntilItsFirstWriteAddsTheTable() {
        Path file = dir.resolve("l.duckdb");
        Ledger.create(file, config, dataset, splits, "test").record(result("quick_cnn", 0));
        versionTwo(file);

        Ledger l = Ledger.open(file);
        assertThat(l.schemaVersion()).isEqualTo(2);
        assertThat(l.featureDistances()).isEmpty();
        assertThat(l.runs("")).hasSize(1);
        // It analyses, triage included: no image is atypical for want of distances, and the file stays as it was.
        AnalysisResult old = Analysis.of(l, AnalysisOptions.defaults());
        Triages.Result oldTriage = Triages.of(l, old);
        assertThat(oldTriage.images()).hasSize(dataset.size()).allMatch(t -> !t.has(Reason.ATYPICAL)
                && Double.isNaN(t.evidence().featurePercentile()));
        assertThat(oldTriage.notes()).anyMatch(n -> n.startsWith("no feature distances"));
        assertThat(l.schemaVersion()).isEqualTo(2);

        TaskResult r = result("quick_cnn", 1);
        int[] test = splits.get(1).indices(Role.TEST);
        List<FeatureDistance> d = List.of(new FeatureDistance(test[0], 0.75), new FeatureDistance(test[1], 1.5));
        l.record(new TaskResult(r.task(), r.seed(), r.epochs(), r.bestEpoch(), r.valAuc(), r.testAuc(), r.threshold(),
                r.trainSeconds(), r.predictions(), List.of(), List.of(), d));
        assertThat(l.schemaVersion()).isEqualTo(4);
        int run = l.runs("").stream().filter(x -> x.iteration() == 1).findFirst().orElseThrow().runId();
        assertThat(l.featureDistances()).containsOnlyKeys(run);
        assertThat(l.featureDistances().get(run)).containsExactly(java.util.Map.entry(test[0], 0.75),
                java.util.Map.entry(test[1], 1.5));
        // The only run with distances ranks test[0] nearest (percentile 0) and test[1] farthest (1): atypical.
        Triages.Result triage = Triages.of(l, Analysis.of(l, AnalysisOptions.defaults()));
        assertThat(triage.images().get(test[0]).evidence().featurePercentile()).isEqualTo(0.0);
        assertThat(triage.images().get(test[1]).evidence().featurePercentile()).isEqualTo(1.0);
        assertThat(triage.with(Reason.ATYPICAL)).extracting(Triage::image).containsExactly(test[1]);
    }

    @Test
    void aVersionThreeLedgerHasDistancesWithoutNeighboursUntilItsFirstWriteAddsTheColumn() {
        Path file = dir.resolve("l.duckdb");
        TaskResult first = result("quick_cnn", 0);
        int[] test0 = splits.get(0).indices(Role.TEST);
        Ledger.create(file, config, dataset, splits, "test").record(withDistances(first,
                List.of(new FeatureDistance(test0[0], 0.5, 0.3), new FeatureDistance(test0[1], 0.25))));
        Ledger.open(file).write(c -> {
            try (var s = c.createStatement()) {
                s.execute("ALTER TABLE feature_distance DROP COLUMN other_label_neighbours");
                s.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'");
            }
            return null;
        });
        Ledger l = Ledger.open(file);
        assertThat(l.schemaVersion()).isEqualTo(3);
        assertThat(l.featureDistances().values().iterator().next()).containsEntry(test0[0], 0.5);
        assertThat(l.otherLabelNeighbours()).isEmpty();

        int[] test1 = splits.get(1).indices(Role.TEST);
        l.record(withDistances(result("quick_cnn", 1), List.of(new FeatureDistance(test1[0], 1.0, 0.7))));
        assertThat(l.schemaVersion()).isEqualTo(4);
        int run1 = l.runs("").stream().filter(x -> x.iteration() == 1).findFirst().orElseThrow().runId();
        // The old rows have no share (NULL), the new one has its own.
        assertThat(l.otherLabelNeighbours()).containsOnlyKeys(run1);
        assertThat(l.otherLabelNeighbours().get(run1)).containsExactly(java.util.Map.entry(test1[0], 0.7));
    }

    @Test
    void neighboursAreStoredWithTheirDistanceAndAMissingOneIsLeftOut() {
        Path file = dir.resolve("l.duckdb");
        int[] test = splits.get(0).indices(Role.TEST);
        Ledger l = Ledger.create(file, config, dataset, splits, "test");
        l.record(withDistances(result("quick_cnn", 0),
                List.of(new FeatureDistance(test[0], 0.5, 0.3), new FeatureDistance(test[1], 0.25))));
        int run = l.runs("").get(0).runId();
        assertThat(l.featureDistances().get(run)).containsExactly(java.util.Map.entry(test[0], 0.5),
                java.util.Map.entry(test[1], 0.25));
        assertThat(l.otherLabelNeighbours().get(run)).containsExactly(java.util.Map.entry(test[0], 0.3));
    }

    private static TaskResult withDistances(TaskResult r, List<FeatureDistance> d) {
        return new TaskResult(r.task(), r.seed(), r.epochs(), r.bestEpoch(), r.valAuc(), r.testAuc(), r.threshold(),
                r.trainSeconds(), r.predictions(), List.of(), List.of(), d);
    }

    /** Turns a new ledger into one as version 2 wrote it: no feature_distance table, schema version 2. */
    private static void versionTwo(Path file) {
        Ledger.open(file).write(c -> {
            try (var s = c.createStatement()) {
                s.execute("DROP TABLE feature_distance");
                s.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'");
            }
            return null;
        });
    }

    /** Turns a new ledger into one as version 1 wrote it: no run.error column, schema version 1. */
    private static void versionOne(Path file) {
        Ledger.open(file).write(c -> {
            try (var s = c.createStatement()) {
                s.execute("DROP TABLE feature_distance");
                s.execute("ALTER TABLE run DROP COLUMN error");
                s.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'");
            }
            return null;
        });
    }

    @Test
    void refusesToOverwrite() {
        Ledger.create(dir.resolve("l.duckdb"), config, dataset, splits, "test");
        assertThatThrownBy(() -> Ledger.create(dir.resolve("l.duckdb"), config, dataset, splits, "test"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("ledger already exists");
    }

    @Test
    void missingAndDamagedFiles() throws IOException {
        assertThatThrownBy(() -> Ledger.open(dir.resolve("none.duckdb"))).hasMessageStartingWith("ledger not found");
        Path junk = dir.resolve("junk.duckdb");
        Files.write(junk, "this is not a database, just some text that is long enough".repeat(200).getBytes());
        assertThatThrownBy(() -> Ledger.open(junk)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("damaged or not a DuckDB file");
    }

    @Test
    void truncatedLedgerIsReportedAsDamaged() throws IOException {
        Ledger.create(dir.resolve("l.duckdb"), config, dataset, splits, "test").record(result("quick_cnn", 0));
        Path f = dir.resolve("l.duckdb");
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, 5000));
        assertThatThrownBy(() -> Ledger.open(f)).isInstanceOf(BadInputException.class);
    }

    @Test
    void oneWriterAtATime() {
        Path file = dir.resolve("l.duckdb");
        try (LedgerLock first = LedgerLock.acquire(file)) {
            assertThatThrownBy(() -> LedgerLock.acquire(file)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("already writing this ledger");
        }
        try (LedgerLock again = LedgerLock.acquire(file)) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void aSnapshotKeepsReadingTheTasksCommittedBeforeItWasTaken() throws Exception {
        Ledger l = Ledger.create(dir.resolve("l.duckdb"), config, dataset, splits, "test");
        l.record(result("quick_cnn", 0));
        Path folder;
        try (Ledger.Snapshot s = l.snapshot()) {
            Ledger fixed = s.ledger();
            folder = s.folder();
            List<RunRecord> runs = fixed.runs(null);
            // Another task commits between the reader's two reads.
            Thread writer = new Thread(() -> l.record(result("quick_cnn", 1)));
            writer.start();
            writer.join();
            Map<Integer, List<Prediction>> test = fixed.predictions(Role.TEST);

            assertThat(runs).extracting(RunRecord::iteration).containsExactly(0);
            assertThat(test).containsOnlyKeys(runs.get(0).runId());
            assertThat(test.get(runs.get(0).runId())).hasSize(splits.get(0).indices(Role.TEST).length);
            AnalysisResult a = Analysis.of(fixed, AnalysisOptions.defaults());
            assertThat(a.runs()).hasSize(1);
            assertThat(a.images().stream().mapToInt(i -> i.pooled().appearances()).sum())
                    .isEqualTo(splits.get(0).indices(Role.TEST).length);

            // Read the same way, the ledger itself has moved on: two reads outside a snapshot disagree.
            assertThat(l.predictions(Role.TEST)).hasSize(2);
            assertThat(Analysis.of(l, AnalysisOptions.defaults()).runs()).hasSize(2);
            assertThat(fixed.file()).isEqualTo(l.file());
            assertThat(fixed.snapshot().ledger()).isSameAs(fixed);
            assertThatThrownBy(() -> fixed.record(result("quick_cnn", 2))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("snapshot");
            assertThat(folder).isDirectory();
        }
        assertThat(folder).doesNotExist();
    }
}
