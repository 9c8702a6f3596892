package pma.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.stream.IntStream;
import pma.analysis.ExclusionSets;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.Fixtures;
import pma.experiment.Experiment;
import pma.config.ExperimentConfig;
import pma.ledger.Prediction;
import pma.ledger.TaskResult;
import pma.ledger.Ledger;
import pma.progress.Progress;
import pma.split.Role;
import pma.split.Split;
import pma.split.SplitPlanner;

/** {@code pma retrain} end to end on a tiny dataset and network, and its bad inputs. */
@Tag("engine")
class RetrainCommandTest {
    @TempDir
    Path dir;

    /** One Monte Carlo iteration of the smallest network, trained: three tasks in all with the retraining. */
    private Path ledger() throws IOException {
        Path data = Fixtures.dataset(dir.resolve("data"), 24, 1, 16);
        Path ledger = dir.resolve("l.duckdb");
        Pma c = Pma.run("run", data.toString(), "--ledger", ledger.toString(), "--models", "quick_cnn", "--scheme",
                "montecarlo", "--iterations", "1", "--size", "16", "--epochs", "2", "--patience", "1", "--batch", "16",
                "--threads", "1"); // recorded, so that a retraining with one thread per worker may resume it
        assertThat(c.code()).as(c.err()).isZero();
        return ledger;
    }

    /** A stand-in for a trained network: the prediction of one test image. */
    private interface Stub {
        Prediction predict(int image, int target);
    }

    /** A ledger whose runs come from {@code stub}, on the quick profile changed by {@code plan}: no training. */
    private Path stubLedger(java.util.function.Consumer<ExperimentConfig.Builder> plan, Stub stub) throws IOException {
        Dataset d = DatasetReader.read(Fixtures.dataset(dir.resolve("data"), 24, 1, 16), null, w -> {});
        ExperimentConfig.Builder b = ExperimentConfig.quick().toBuilder();
        b.setModels(List.of("quick_cnn"));
        plan.accept(b);
        ExperimentConfig config = b.build();
        SplitPlanner planner = config.planner(d);
        List<Split> splits = IntStream.range(0, planner.iterations()).mapToObj(planner::plan).toList();
        Path ledger = dir.resolve("l.duckdb");
        Ledger l = Ledger.create(ledger, config, d, splits, "test");
        Experiment.run(l, Experiment.tasks(config, ""), t -> splits.get(t.iteration()), (task, split) -> new TaskResult(task,
                1, 1, 1, 0.5, 0.5, 0.5, 0, IntStream.of(split.indices(Role.TEST)).mapToObj(i -> stub.predict(i, d.targets()[i]))
                .toList()), new Progress("train", splits.size(), System.err, false));
        return ledger;
    }

    /** Two Monte Carlo runs of a stand-in that scores every test image 0.5. */
    private Path untrainedLedger() throws IOException {
        return stubLedger(b -> {
            b.optScheme(ExperimentConfig.Scheme.of("montecarlo"));
            b.optIterations(2);
        }, (i, target) -> new Prediction(i, Role.TEST, 0.5, 1, target == 1));
    }

    /**
     * Three runs (3 folds, every image tested once) of a stand-in that calls images 1 and 4 confidently
     * the other class (0.9) and every other image confidently its own; retrained at 16 px for one epoch.
     */
    private Path scoredLedger() throws IOException {
        return stubLedger(b -> {
            b.optFolds(3);
            b.optRepeats(1);
            b.optImageSize(16);
            b.optMaxEpochs(1);
            b.optPatience(1);
            b.optBatchSize(16);
        }, (i, target) -> {
            boolean wrong = i == 1 || i == 4;
            int predicted = wrong ? 1 - target : target;
            return new Prediction(i, Role.TEST, predicted == 1 ? 0.9 : 0.1, predicted, !wrong);
        });
    }

    @Test
    void retrainsWithoutTheImagesAtTheCutOfPmasOrder() throws IOException {
        // Confident learning counts the two confidently wrong images (k = 2), and the order (sla_group:
        // no neighbours recorded, no masks) puts them first: the suspect set is images 1 and 4.
        Path ledger = scoredLedger();
        Pma a = Pma.run("analyze", ledger.toString(), "--out", dir.resolve("a").toString());
        assertThat(a.code()).as(a.err()).isZero();
        List<String> images = Files.readAllLines(dir.resolve("a/images.csv"));
        int column = List.of(images.get(0).split(",")).indexOf("suspect");
        List<Integer> suspect = IntStream.range(1, images.size())
                .filter(r -> images.get(r).split(",", -1)[column].equals("true")).map(r -> r - 1).boxed().toList();
        assertThat(suspect).containsExactly(1, 4);

        Pma r = Pma.run("retrain", ledger.toString(), "--exclude", "suspect", "--control", "none", "--out",
                dir.resolve("out").toString(), "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("retraining without suspect (2 images)");
        assertThat(ExclusionSets.load(Ledger.open(ledger)).get("suspect")).containsExactly(1, 4);
    }

    @Test
    void retrainsAndTheAnalysisAndReportShowTheComparison() throws IOException {
        Path ledger = ledger();
        Files.writeString(dir.resolve("ids.csv"), "image,note\nimages/p001_0.png,x\nimages/p004_0.png,y\n");
        Pma r = Pma.run("retrain", ledger.toString(), "--exclude", dir.resolve("ids.csv").toString(), "--out",
                dir.resolve("out").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 of 2 retraining tasks trained now").contains("file:ids.csv").contains("random:file:ids.csv");
        assertThat(r.err()).contains("retraining without file:ids.csv (2 images) and random:file:ids.csv (2 images)");
        List<String> table = Files.readAllLines(dir.resolve("out/retrain.csv"));
        assertThat(table).hasSize(5);
        assertThat(table.get(1)).startsWith("file:ids.csv,quick_cnn,1,full,");
        assertThat(table.get(3)).startsWith("random:file:ids.csv,quick_cnn,1,full,");
        assertThat(ExclusionSets.load(Ledger.open(ledger)).get("file:ids.csv")).containsExactly(1, 4);

        Pma a = Pma.run("analyze", ledger.toString(), "--out", dir.resolve("a").toString());
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("a/retrain.csv"))).isEqualTo(table);
        assertThat(Files.readAllLines(dir.resolve("a/features.csv")).get(0)).startsWith("feature,value,images,share_dataset");
        assertThat(Files.readAllLines(dir.resolve("a/runs.csv"))).hasSize(2); // the main run only
        Pma rep = Pma.run("report", ledger.toString(), "--out", dir.resolve("rep").toString());
        assertThat(rep.code()).as(rep.err()).isZero();
        String html = Files.readString(dir.resolve("rep/report.html"));
        assertThat(html).contains("Retraining without the excluded images").contains("random:file:ids.csv")
                .contains("Table 2: feature rarity").contains("echo_dark").doesNotContain("Replication mode");

        Pma again = Pma.run("retrain", ledger.toString(), "--exclude", dir.resolve("ids.csv").toString(), "--out",
                dir.resolve("out").toString());
        assertThat(again.out()).contains("0 of 2 retraining tasks trained now, 2 were already done");

        Pma rep2 = Pma.run("analyze", ledger.toString(), "--out", dir.resolve("b").toString(), "--replicate-authors");
        assertThat(rep2.code()).as(rep2.err()).isZero();
        assertThat(rep2.out()).contains("FOR REPLICATION ONLY");
        assertThat(dir.resolve("b/" + pma.analysis.AnalysisWriter.REPLICATION_NOTE)).exists();
        assertThat(Files.readAllLines(dir.resolve("b/auc.csv")).get(1)).endsWith("top 10 by test AUC (replication only)");
    }

    @Test
    void workerProcessesRetrainToTheSameTable() throws IOException {
        Path ledger = ledger();
        Path copy = dir.resolve("copy.duckdb");
        Files.copy(ledger, copy);
        Files.writeString(dir.resolve("ids.txt"), "images/p001_0.png\nimages/p004_0.png\n");
        List<List<String>> tables = new java.util.ArrayList<>();
        for (var run : List.of(List.of(ledger, "1"), List.of(copy, "2"))) {
            Path out = dir.resolve("w" + run.get(1));
            Pma r = Pma.run("retrain", run.get(0).toString(), "--exclude", dir.resolve("ids.txt").toString(), "--out",
                    out.toString(), "--threads", "1", "--workers", run.get(1).toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err().contains("training in 2 worker processes")).isEqualTo(run.get(1).equals("2"));
            tables.add(Files.readAllLines(out.resolve("retrain.csv")));
        }
        assertThat(tables.get(0)).hasSize(5);
        assertThat(tables.get(1)).containsExactlyElementsOf(tables.get(0));
    }

    @Test
    void badInputWritesNothing() throws IOException {
        Path ledger = untrainedLedger();
        Files.writeString(dir.resolve("ids.txt"), "images/p001_0.png\nimages/p999_0.png\n");
        Pma c = Pma.run("retrain", ledger.toString(), "--exclude", dir.resolve("ids.txt").toString());
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.errorLine()).isEqualTo("pma: error: " + dir.resolve("ids.txt")
                + " line 2: unknown image 'images/p999_0.png' (not in the ledger's dataset)");
        Pma nothingSuspect = Pma.run("retrain", ledger.toString(), "--exclude", "suspect"); // every image at 0.5
        assertThat(nothingSuspect.errorLine())
                .isEqualTo("pma: error: no image is at the cut of pma's order; nothing to retrain without");
        Pma control = Pma.run("retrain", ledger.toString(), "--exclude", "flagged", "--control", "maybe");
        assertThat(control.errorLine()).isEqualTo("pma: error: --control must be random or none, got maybe");
        Pma options = Pma.run("retrain", ledger.toString(), "--exclude", "flagged", "--min-appearances-per-model", "0");
        assertThat(options.errorLine()).isEqualTo("pma: error: --min-appearances-per-model must be at least 1, got 0");
        Pma workers = Pma.run("retrain", ledger.toString(), "--exclude", "flagged", "--workers", "0");
        assertThat(workers.errorLine()).isEqualTo("pma: error: --workers must be auto or at least 1, got 0");
        Pma missing = Pma.run("retrain", dir.resolve("nope.duckdb").toString(), "--exclude", "flagged");
        assertThat(missing.errorLine()).isEqualTo("pma: error: ledger not found: " + dir.resolve("nope.duckdb"));
        Ledger l = Ledger.open(ledger);
        assertThat(ExclusionSets.load(l)).isEmpty();
        assertThat(l.runs(null)).hasSize(2);
        assertThat(dir.resolve("retrain.csv")).doesNotExist();
    }
}
