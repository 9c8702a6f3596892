package pma.opinions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pma.analysis.Analysis;
import pma.analysis.AnalysisOptions;
import pma.analysis.AnalysisResult;
import pma.analysis.AnalysisWriter;
import pma.analysis.FlagRule;
import pma.dataset.Dataset;
import pma.dataset.DatasetReader;
import pma.dataset.Fixtures;
import pma.ledger.EpochRecord;
import pma.config.ExperimentConfig;
import pma.ledger.Prediction;
import pma.ledger.Task;
import pma.ledger.TaskResult;
import pma.ledger.Ledger;
import pma.split.Role;
import pma.split.Split;
import pma.split.SplitPlanner;

/** Epoch records written to a ledger come back as training-dynamics scores and images.csv columns. */
class SecondOpinionsLedgerTest {
    @TempDir
    Path dir;

    @Test
    void analysisReadsEpochRecordsAndWritesEveryScore() throws IOException {
        Dataset dataset = DatasetReader.read(Fixtures.dataset(dir.resolve("data"), 24, 2, 16), null, w -> { });
        ExperimentConfig.Builder b = ExperimentConfig.quick().toBuilder();
        b.setModels(List.of("m"));
        b.optRepeats(1);
        ExperimentConfig config = b.build();
        SplitPlanner planner = config.planner(dataset);
        List<Split> splits = IntStream.range(0, planner.iterations()).mapToObj(planner::plan).toList();
        Ledger ledger = Ledger.create(dir.resolve("l.duckdb"), config, dataset, splits, "test");

        // Each run: test images scored by their target (image 0 always wrong); training images
        // record three epochs of margins +1, -1, +2 (one forgetting event), image 0 always -1.
        for (Split s : splits) {
            List<Prediction> test = new ArrayList<>();
            for (int i : s.indices(Role.TEST)) {
                int t = dataset.images().get(i).target();
                double p = i == 0 ? 1 - t : 0.2 + 0.6 * t;
                int predicted = p >= 0.5 ? 1 : 0;
                test.add(new Prediction(i, Role.TEST, p, predicted, predicted == t));
            }
            List<EpochRecord> epochs = new ArrayList<>();
            float[] margins = {1f, -1f, 2f};
            for (int e = 0; e < 3; e++) {
                for (int i : s.indices(Role.TRAIN)) {
                    float m = i == 0 ? -1f : margins[e];
                    epochs.add(new EpochRecord(e + 1, i, (float) (1 / (1 + Math.exp(-m))), m));
                }
            }
            ledger.record(new TaskResult(new Task("m", s.iteration(), ""), 1, 3, 3, 0.8, 0.8, 0.5, 1, test, epochs,
                    List.of()));
        }
        int trainRuns0 = (int) splits.stream().filter(s -> s.roles()[0] == Role.TRAIN).count();
        int trainRuns1 = (int) splits.stream().filter(s -> s.roles()[1] == Role.TRAIN).count();

        // One repeat tests each image once: flag at a fixed θ from one appearance.
        AnalysisOptions options = new AnalysisOptions(0.9, 0.05, 0.5, 0.25, 1, FlagRule.POOLED, 2, false);
        AnalysisResult a = Analysis.of(Ledger.open(ledger.file()), options);
        TrainingDynamics.Scores d = a.opinions().dynamics();
        assertThat(d.runs()[0]).isEqualTo(trainRuns0).isPositive();
        assertThat(d.neverLearned()[0]).isEqualTo(1.0);
        assertThat(d.forgettingEvents()[0]).isNaN();
        assertThat(d.aum()[0]).isCloseTo(-1, within(1e-6));
        assertThat(d.runs()[1]).isEqualTo(trainRuns1);
        assertThat(d.forgettingEvents()[1]).isEqualTo(1.0);
        assertThat(d.neverLearned()[1]).isZero();
        assertThat(d.aum()[1]).isCloseTo(2.0 / 3, within(1e-6));
        assertThat(d.correctness()[1]).isCloseTo(2.0 / 3, within(1e-9));

        ConfidentLearning.Result cl = a.opinions().confidentLearning();
        assertThat(cl.selfConfidence()[0]).isCloseTo(0, within(1e-9));
        assertThat(cl.labelIssue()[0]).isTrue();
        assertThat(cl.issues()).isEqualTo(1);
        assertThat(a.images().get(0).flagged()).isTrue();
        assertThat(a.images().stream().filter(s -> s.flagged()).count()).isEqualTo(1);

        AnalysisWriter.write(a, dir.resolve("out"));
        List<String> images = Files.readAllLines(dir.resolve("out/images.csv"));
        assertThat(images.get(0)).contains("cl_self_confidence,cl_normalized_margin,cl_label_issue,training_runs,"
                + "forgetting_events,never_learned,aum,cartography_confidence,cartography_variability,"
                + "cartography_correctness,detector_votes");
        assertThat(images.get(1)).startsWith("images/p000_0.png").endsWith(",true," + trainRuns0 + ",,1,-1,0.268941,0,0,5,,,"); // no masks: no outline
        List<String> detectors = Files.readAllLines(dir.resolve("out/detectors.csv"));
        assertThat(detectors.get(0)).isEqualTo("image,label,patient,subtype,f,f_rank,flagged_by_algorithm1,flagged_by_cl,"
                + "flagged_by_forgetting,flagged_by_aum,flagged_by_cartography,votes,all_agree");
        assertThat(detectors.get(1)).startsWith("images/p000_0.png,benign,p0,colloid,1,1,true,true,true,true,true").endsWith(",5,true");
        List<String> probs = Files.readAllLines(dir.resolve("out/pred_probs.csv"));
        List<String> labels = Files.readAllLines(dir.resolve("out/labels.csv"));
        assertThat(probs).hasSize(49).first().isEqualTo("benign,malignant");
        assertThat(probs.get(1)).isEqualTo("0,1"); // image 0 (benign) always called malignant
        assertThat(labels).hasSize(49);
        assertThat(labels.get(1)).isEqualTo("0,images/p000_0.png");
    }
}
