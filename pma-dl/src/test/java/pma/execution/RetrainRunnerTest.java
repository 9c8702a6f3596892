package pma.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.BadInputException;
import pma.analysis.AnalysisOptions;
import pma.analysis.ExclusionSets;
import pma.analysis.FlagRule;
import pma.analysis.RetrainComparison;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.experiment.Experiment;
import pma.config.ExperimentConfig;
import pma.ledger.Prediction;
import pma.ledger.Task;
import pma.ledger.TaskResult;
import pma.experiment.TaskRunner;
import pma.ledger.Ledger;
import pma.progress.Progress;
import pma.split.Role;
import pma.split.Split;
import pma.split.SplitPlanner;
import pma.stats.Auc;
import pma.train.TrainingTaskRunner;

/**
 * The retraining service with a stand-in for the networks: whether the excluded images are left
 * out of training and validation, the test sets kept whole, the runs paired, and the work resumable.
 */
@Tag("engine")
class RetrainRunnerTest {
    @TempDir
    Path dir;

    Path data;
    Path ledgerPath;
    Dataset dataset;
    ExperimentConfig config;
    /** The images that, when trained on, make the stand-in's scores noisy. */
    Set<Integer> poison;
    final List<Object[]> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        data = dir.resolve("data");
        Files.createDirectories(data.resolve("images"));
        List<String> lines = new ArrayList<>(List.of("image,label,patient"));
        for (int i = 0; i < 40; i++) {
            BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
            img.getRaster().setSample(i % 8, i / 8 % 8, 0, 200);
            ImageIO.write(img, "png", data.resolve("images/i" + i + ".png").toFile());
            lines.add("images/i" + i + ".png," + (i % 2 == 0 ? "benign" : "malignant") + ",p" + i);
        }
        Files.write(data.resolve("manifest.csv"), lines);
        dataset = DatasetReader.read(data, null, w -> {});
        ExperimentConfig.Builder b = ExperimentConfig.quick().toBuilder();
        b.setModels(List.of("m1", "m2"));
        b.optScheme(ExperimentConfig.Scheme.of("montecarlo"));
        b.optIterations(3);
        b.optImageSize(8);
        config = b.build();
        SplitPlanner planner = config.planner(dataset);
        List<Split> splits = IntStream.range(0, planner.iterations()).mapToObj(planner::plan).toList();
        ledgerPath = dir.resolve("l.duckdb");
        Ledger ledger = Ledger.create(ledgerPath, config, dataset, splits, "test");
        poison = Set.of(0, 1, 2, 3, 4, 5);
        Experiment.run(ledger, Experiment.tasks(config, ""), t -> splits.get(t.iteration()), standIn(),
                new Progress("train", 6, System.err, false));
        seen.clear();
        Files.writeString(dir.resolve("ids.txt"), "images/i0.png\nimages/i1.png\nimages/i2.png\nimages/i3.png\n"
                + "images/i4.png\nimages/i5.png\n");
    }

    /** Scores separate the classes by 0.3, with noise of ±0.1, or ±0.4 when a poison image is in training. */
    TaskRunner standIn() {
        return (task, split) -> {
            seen.add(new Object[] {task, split});
            boolean poisoned = poison.stream().anyMatch(i -> split.roles()[i] == Role.TRAIN);
            List<Prediction> out = new ArrayList<>();
            int[] targets = dataset.targets();
            for (Role role : List.of(Role.VAL, Role.TEST)) {
                for (int i : split.indices(role)) {
                    double u = ((i * 7919 + task.iteration() * 104729) % 1000) / 500.0 - 1;
                    double s = 0.5 + (targets[i] == 1 ? 0.15 : -0.15) + (poisoned ? 0.4 : 0.1) * u;
                    int predicted = s >= 0.5 ? 1 : 0;
                    out.add(new Prediction(i, role, s, predicted, predicted == targets[i]));
                }
            }
            double[] scores = out.stream().filter(p -> p.role() == Role.TEST).mapToDouble(Prediction::probability).toArray();
            int[] labels = out.stream().filter(p -> p.role() == Role.TEST).mapToInt(p -> targets[p.image()]).toArray();
            return new TaskResult(task, TrainingTaskRunner.seedOf(config.seed(), task), 1, 1, 0.5, Auc.of(scores, labels),
                    0.5, 0, out);
        };
    }

    RetrainRunner.Outcome retrain(String exclude, String control) {
        return retrain(exclude, control, AnalysisOptions.defaults());
    }

    RetrainRunner.Outcome retrain(String exclude, String control, AnalysisOptions options) {
        return RetrainRunner.run(ledgerPath, exclude, control, options, null, dir.resolve("out"),
                new PrintWriter(new StringWriter()), (c, tensors, targets) -> standIn());
    }

    @Test
    void retrainsEveryTaskWithoutTheSetAndItsRandomControl() throws IOException {
        RetrainRunner.Outcome o = retrain(dir.resolve("ids.txt").toString(), "random");
        assertThat(o.sets()).containsExactly(Map.entry("file:ids.txt", 6), Map.entry("random:file:ids.txt", 6));
        assertThat(o.tasksRunNow()).isEqualTo(12);
        Ledger ledger = Ledger.open(ledgerPath);
        Map<String, SortedSet<Integer>> sets = ExclusionSets.load(ledger);
        assertThat(sets.get("file:ids.txt")).containsExactly(0, 1, 2, 3, 4, 5);
        SortedSet<Integer> random = sets.get("random:file:ids.txt");
        assertThat(random).hasSize(6).doesNotContainAnyElementsOf(poison);
        assertThat(random.stream().filter(i -> i % 2 == 1).count()).as("three malignant, as in the excluded set").isEqualTo(3);

        Map<Integer, Split> original = new java.util.HashMap<>();
        ledger.splits().forEach(s -> original.put(s.iteration(), s));
        for (Object[] x : seen) {
            Task t = (Task) x[0];
            Split s = (Split) x[1];
            Set<Integer> excluded = sets.get(t.exclusion());
            Split o0 = original.get(t.iteration());
            assertThat(s.seed()).isEqualTo(o0.seed());
            for (int i = 0; i < s.roles().length; i++) {
                Role expected = excluded.contains(i) && o0.roles()[i] != Role.TEST ? Role.EXCLUDED : o0.roles()[i];
                assertThat(s.roles()[i]).as("image %d in %s", i, t).isEqualTo(expected);
            }
        }
        assertThat(ledger.runs(null)).hasSize(18);
        assertThat(ledger.runs("file:ids.txt")).allSatisfy(r ->
                assertThat(r.seed()).isEqualTo(TrainingTaskRunner.seedOf(config.seed(), new Task(r.model(), r.iteration(), ""))));

        // Without the poison the stand-in's scores are clean: AUC rises. The random control leaves the
        // poison in, so its retrained runs score exactly as the originals.
        List<RetrainComparison.Row> rows = o.rows();
        assertThat(rows).hasSize(12); // 2 sets x (2 models + their mean) x 2 evaluations
        assertThat(rows).filteredOn(r -> r.model().equals(RetrainComparison.ALL_MODELS)).hasSize(4);
        for (RetrainComparison.Row r : rows) {
            assertThat(r.iterations()).isEqualTo(3);
            if (!r.exclusion().equals("file:ids.txt")) assertThat(r.meanDifference()).isZero();
            else if (r.evaluation().equals(RetrainComparison.FULL)) assertThat(r.meanDifference()).isPositive();
        }
        List<String> csv = Files.readAllLines(o.table());
        assertThat(csv).hasSize(13);
        assertThat(csv.get(1)).startsWith("file:ids.txt,m1,3,full,");
        assertThat(csv.get(5)).startsWith("file:ids.txt,all,3,full,");
    }

    @Test
    void aSecondRunResumesAndSkipsFinishedTasks() throws IOException {
        retrain(dir.resolve("ids.txt").toString(), "none");
        List<String> first = Files.readAllLines(dir.resolve("out/retrain.csv"));
        seen.clear();
        RetrainRunner.Outcome again = retrain(dir.resolve("ids.txt").toString(), "none");
        assertThat(again.tasksRunNow()).isZero();
        assertThat(again.tasksSkipped()).isEqualTo(6);
        assertThat(seen).isEmpty();
        assertThat(Files.readAllLines(dir.resolve("out/retrain.csv"))).isEqualTo(first).hasSize(7);
    }

    @Test
    void badInputStopsBeforeAnythingIsWritten() throws IOException {
        Files.writeString(dir.resolve("bad.txt"), "images/i0.png\nimages/i99.png\n");
        assertThatThrownBy(() -> retrain(dir.resolve("bad.txt").toString(), "random")).isInstanceOf(BadInputException.class)
                .hasMessage(dir.resolve("bad.txt") + " line 2: unknown image 'images/i99.png' (not in the ledger's dataset)");
        assertThatThrownBy(() -> retrain("flagged", "sometimes")).hasMessage("--control must be random or none, got sometimes");
        AnalysisOptions noneEnough = new AnalysisOptions(0.9, 0.05, 0.5, 0.25, 100, FlagRule.POOLED, 1, true);
        assertThatThrownBy(() -> retrain("flagged", "random", noneEnough))
                .hasMessage("no image is flagged with these analysis options; nothing to retrain without");
        AnalysisOptions twoOfTwo = new AnalysisOptions(0.9, 0.05, 0.5, 0.25, 1, FlagRule.PER_MODEL, 2, true);
        assertThatThrownBy(() -> retrain(dir.resolve("ids.txt").toString(), "random", twoOfTwo))
                .hasMessageStartingWith("--min-models 2 with 2 model(s)");
        Ledger ledger = Ledger.open(ledgerPath);
        assertThat(ExclusionSets.load(ledger)).isEmpty();
        assertThat(ledger.runs(null)).hasSize(6);
        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(seen).isEmpty();
    }

    @Test
    void aChangedSetUnderTheSameNameIsRefused() throws IOException {
        retrain(dir.resolve("ids.txt").toString(), "none");
        Files.writeString(dir.resolve("ids.txt"), "images/i0.png\n");
        assertThatThrownBy(() -> retrain(dir.resolve("ids.txt").toString(), "none")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("exclusion set 'file:ids.txt' is already stored with 6 image(s) that differ from the 1");
    }
}
