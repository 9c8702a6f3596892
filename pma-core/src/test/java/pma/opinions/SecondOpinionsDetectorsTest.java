package pma.opinions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pma.analysis.Analysis;
import pma.analysis.AnalysisOptions;
import pma.analysis.AnalysisResult;
import pma.analysis.FlagRule;
import pma.analysis.RunData;
import pma.dataset.Dataset;
import pma.dataset.ImageRecord;
import pma.config.ExperimentConfig;
import pma.ledger.Prediction;
import pma.ledger.RunRecord;
import pma.split.Role;

/** The plain F detector cuts with the same rule as Algorithm 1's flags. */
class SecondOpinionsDetectorsTest {
    // Ten runs of one model. Image 0 (negative) is called positive in 9 of the 10 runs: F = 9/10 = 0.9.
    // Image 1 (negative) is called positive in all 10: F = 1. Images 2..5 are always right.
    static final int[] TARGETS = {0, 0, 1, 1, 0, 1};

    @Test
    void wrongNineTimesInTenIsNotFlaggedAtThetaNinetyByEitherDetector() {
        // A fixed θ = 0.9 (no search), the paper's pooled rule F > θ: 0.9 > 0.9 is false, 1 > 0.9 true.
        AnalysisResult a = analyse(new AnalysisOptions(0.9, 0.05, 0.9, 0.5, 1, FlagRule.POOLED, 0, false));
        assertThat(a.images().get(0).pooled().frequency()).isEqualTo(0.9);
        assertThat(a.images().get(0).flagged()).isFalse();
        assertThat(a.images().get(1).flagged()).isTrue();

        SecondOpinions.Detector f = detector(a, "f");
        assertThat(f.flagged()).containsExactly(false, true, false, false, false, false);
        assertThat(f.cut()).isEqualTo("F > 0.90 (the paper's rule)");
        assertThat(detector(a, "f_tiebroken").flagged()).containsExactly(false, true, false, false, false, false);
        assertThat(detector(a, "algorithm1").flagged()).containsExactly(false, true, false, false, false, false);
    }

    @Test
    void underThePerModelRuleTheFDetectorUsesThatRule() {
        // The authors' rule: F_m ≥ θ in more than 0 models. Image 0's F_m = 0.9 ≥ 0.9: flagged.
        AnalysisResult a = analyse(new AnalysisOptions(0.9, 0.05, 0.9, 0.5, 1, FlagRule.PER_MODEL, 0, false));
        assertThat(detector(a, "f").flagged()).containsExactly(true, true, false, false, false, false);
        assertThat(detector(a, "algorithm1").flagged()).containsExactly(true, true, false, false, false, false);
        assertThat(detector(a, "f").cut()).isEqualTo("F_m ≥ 0.90 in more than 0 models (the authors' code's rule)");
    }

    @Test
    void lossDetectorsRankByStandardizedLossAndCutAtConfidentLearningsCount() {
        AnalysisResult a = analyse(new AnalysisOptions(0.9, 0.05, 0.9, 0.5, 1, FlagRule.POOLED, 0, false));
        // Every run tests all six images, each at p(given) 0.2 (wrong) or 0.8 (right): two loss values
        // a distance D apart. With a share q of the run's images wrong, sd = D sqrt(q(1 - q)), so
        // z(wrong) = (1 - q) / sqrt(q(1 - q)) and z(right) = -q / sqrt(q(1 - q)), whatever D is.
        //   Runs 1-9, images 0 and 1 wrong (q = 1/3): z = +sqrt 2 = 1.4142136, -1/sqrt 2 = -0.7071068.
        //   Run 10, image 1 wrong (q = 1/6): z = +sqrt 5 = 2.2360680, -1/sqrt 5 = -0.4472136.
        // sla: image 1 (9 * 1.4142136 + 2.2360680) / 10 = 1.4963990; image 0 (9 * 1.4142136 - 0.4472136) / 10
        //   = 1.2280709; images 2-5 (9 * -0.7071068 - 0.4472136) / 10 = -0.6811175.
        double[] sla = detector(a, "sla").suspicion();
        assertThat(sla[1]).isCloseTo(1.4963990, within(1e-6));
        assertThat(sla[0]).isCloseTo(1.2280709, within(1e-6));
        for (int i = 2; i < 6; i++) assertThat(sla[i]).isCloseTo(-0.6811175, within(1e-6));
        // One image per patient: the group mean is the image's own score.
        assertThat(detector(a, "sla_group").suspicion()).containsExactly(sla, within(1e-12));
        // No epoch records, so consensus_rank averages sla's and cl's normalised ranks; both order the images
        // 2-5 (tied, mid-rank 2.5 of 6), 0 (5 of 6), 1 (6 of 6): self-confidence 0.8, 0.26, 0.2.
        assertThat(detector(a, "consensus_rank").suspicion())
                .containsExactly(new double[] {5 / 6.0, 1, 2.5 / 6, 2.5 / 6, 2.5 / 6, 2.5 / 6}, within(1e-12));
        // The cut: the k most suspect, k being confident learning's count of label issues.
        int k = a.opinions().confidentLearning().issues();
        boolean[] expected = new boolean[6];
        int[] order = {1, 0};
        for (int j = 0; j < Math.min(k, 2); j++) expected[order[j]] = true;
        assertThat(k).isBetween(1, 2);
        assertThat(detector(a, "sla").flagged()).containsExactly(expected);
        assertThat(detector(a, "consensus_rank").flagged()).containsExactly(expected);
        // No masks and no neighbours: pma's order is sla_group, and its cut is images.csv's suspect column.
        assertThat(a.order().name()).isEqualTo("sla_group");
        assertThat(a.suspect()).containsExactly(expected);
    }

    @Test
    void theStackedViewsLeadTheOrderOnlyWhereTheOutlinePredictsTheLabelsBetter() {
        // Four images, the first two one patient. Stacked P(positive) 0.2, 0.4, 0.9, 0.7; given labels
        // 1, 0, 1, 0: P(other class) 0.8, 0.4, 0.1, 0.7; over the patient group 0.6, 0.6, 0.1, 0.7.
        int[] targets = {1, 0, 1, 0};
        List<String> groups = List.of("a", "a", "b", "c");
        double[] views = {0.2, 0.4, 0.9, 0.7};
        double[] outline = {0.3, 0.5, 0.8, 0.6};
        // Each run calls image 0 wrong (p(given) 0.1) and the others right (0.9): sla puts image 0 first.
        List<List<Prediction>> runs = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            List<Prediction> test = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                double pGiven = i == 0 ? 0.1 : 0.9;
                double p = targets[i] == 1 ? pGiven : 1 - pGiven;
                test.add(new Prediction(i, Role.TEST, p, p >= 0.5 ? 1 : 0, i != 0));
            }
            runs.add(test);
        }
        List<Map<Integer, Double>> noNeighbours = List.of(Map.of(), Map.of(), Map.of());
        LesionOutline.Result leading = new LesionOutline.Result(new LesionOutline.Shape[4], outline, 0.9, 0.8, views, true);
        assertThat(SecondOpinions.suspicion(targets, runs, noNeighbours, groups, leading))
                .containsExactly(new double[] {0.6, 0.6, 0.1, 0.7}, within(1e-12));
        // Not leading (AUC 0.7 < 0.8): the order is the networks' own, sla_group, image 0's group first,
        // whatever the stacked views say (they would put image 3 first).
        LesionOutline.Result trailing = new LesionOutline.Result(new LesionOutline.Shape[4], outline, 0.7, 0.8, views, true);
        double[] order = SecondOpinions.suspicion(targets, runs, noNeighbours, groups, trailing);
        assertThat(order[0]).isEqualTo(order[1]).isGreaterThan(order[2]);
        assertThat(order[0]).isGreaterThan(order[3]);
        assertThat(order).containsExactly(SecondOpinions.suspicion(targets, runs, noNeighbours, groups, null));
        // Nor where a tested image has no outline, however well the others' outlines predict.
        LesionOutline.Result partial = new LesionOutline.Result(new LesionOutline.Shape[4], outline, 0.9, 0.8, views, false);
        assertThat(SecondOpinions.suspicion(targets, runs, noNeighbours, groups, partial)).containsExactly(order);
    }

    private static SecondOpinions.Detector detector(AnalysisResult a, String name) {
        return a.detectors().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    private static AnalysisResult analyse(AnalysisOptions options) {
        List<ImageRecord> images = new ArrayList<>();
        for (int i = 0; i < TARGETS.length; i++) {
            images.add(new ImageRecord(i, "img" + i, TARGETS[i] == 1 ? "malignant" : "benign", TARGETS[i], "p" + i, "",
                    "", Map.of()));
        }
        Dataset dataset = new Dataset(Path.of("."), images, "benign", "malignant", List.of(), "x");
        List<RunData> runs = new ArrayList<>();
        for (int it = 0; it < 10; it++) {
            List<Prediction> test = new ArrayList<>();
            for (int i = 0; i < TARGETS.length; i++) {
                boolean wrong = i == 1 || (i == 0 && it < 9);
                int predicted = wrong ? 1 - TARGETS[i] : TARGETS[i];
                double p = predicted == 1 ? 0.8 : 0.2;
                test.add(new Prediction(i, Role.TEST, p, predicted, !wrong));
            }
            runs.add(new RunData(new RunRecord(it + 1, "a", it, "", 1, "done", 5, 3, 0.8, 0.75, 0.5, 1), test));
        }
        ExperimentConfig.Builder b = ExperimentConfig.quick().toBuilder();
        b.setModels(List.of("a"));
        return Analysis.of(dataset, b.build(), runs, options);
    }
}
