package pma.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pma.analysis.Analysis;
import pma.analysis.AnalysisOptions;
import pma.analysis.AnalysisResult;
import pma.config.ExperimentConfig;
import pma.dataset.Dataset;
import pma.dataset.ImageRecord;
import pma.duplicates.NearDuplicates;

/** The rules put together on a hand-made analysis: each reason lands on the image its evidence points to. */
class TriagesTest {
    static final int[] TARGETS = {0, 0, 1, 1};

    static AnalysisResult analysis() {
        List<ImageRecord> images = new ArrayList<>();
        for (int i = 0; i < TARGETS.length; i++) {
            images.add(new ImageRecord(i, "img" + i, TARGETS[i] == 1 ? "malignant" : "benign", TARGETS[i], "p" + i, "", "",
                    Map.of()));
        }
        Dataset d = new Dataset(Path.of("."), images, "benign", "malignant", List.of(), "x");
        ExperimentConfig.Builder b = ExperimentConfig.quick().toBuilder().setModels(List.of("a"));
        // Image 0 (benign) scores 0.9 in both runs: confidently malignant. Thresholds 0.5.
        return Analysis.of(d, b.build(), List.of(
                Runs.run(1, "a", 0.5, TARGETS, 0.9, 0.1, 0.8, 0.7),
                Runs.run(2, "a", 0.5, TARGETS, 0.9, 0.2, 0.9, 0.7)), AnalysisOptions.defaults());
    }

    @Test
    void reasonsAndEvidenceLandOnTheirImages() {
        AnalysisResult a = analysis();
        // Run 1's distances rank image 3 farthest; run 2 has none recorded; run 9 is not in the analysis.
        Map<Integer, Map<Integer, Double>> distances = Map.of(1, Map.of(0, 0.1, 1, 0.2, 2, 0.3, 3, 0.9),
                9, Map.of(0, 5.0, 1, 0.0, 2, 0.0, 3, 0.0));
        List<NearDuplicates.Pair> pairs = List.of(new NearDuplicates.Pair(new NearDuplicates.Entry("img1", "benign", "p1"),
                new NearDuplicates.Entry("img2", "malignant", "p2"), 0, 1.0));
        double n = Double.NaN;
        double[] focus = {n, n, 0.6, 0.05}, area = {n, n, 0.2, 0.2};
        Triages.Result r = Triages.of(a, distances, pairs, focus, area, "gradcam/predicted", List.of());

        // Mean P(1): 0.9, 0.15, 0.85, 0.7. Class-1 threshold (0.85 + 0.7) / 2 = 0.775: image 0 (benign)
        // at 0.9 is a label issue, alone in its group; class-0 threshold (0.1 + 0.85) / 2 = 0.475, and
        // images 2 and 3 give class 0 only 0.15 and 0.3. No image is ambiguous: the one closest to the
        // threshold (image 3, 0.2 away) has the same probability in both runs.
        assertThat(r.with(Reason.LABEL_ISSUE)).extracting(Triage::image).containsExactly(0);
        assertThat(r.with(Reason.AMBIGUOUS)).isEmpty();
        assertThat(r.with(Reason.ATYPICAL)).extracting(Triage::image).containsExactly(3);
        assertThat(r.with(Reason.DUPLICATE_CONFLICT)).extracting(Triage::image).containsExactly(1, 2);
        // Lifts: image 2 0.6 / 0.2 = 3, image 3 0.25; the reliably correct images are 1, 2 and 3, so the
        // cut is the lower decile of 0.25 and 3: 0.25 + 0.1 x 2.75 = 0.525.
        assertThat(r.offLesionLift()).isCloseTo(0.525, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(r.with(Reason.OFF_LESION)).extracting(Triage::image).containsExactly(3);
        assertThat(r.images().get(1).evidence().duplicateOf()).isEqualTo("img2");
        assertThat(r.images().get(3).evidence().featurePercentile()).isEqualTo(1.0);

        assertThat(r.names()).startsWith("label_issue", "ambiguous", "atypical", "duplicate_conflict", "off_lesion",
                "triage_reasons");
        List<Object> row3 = r.values(3);
        assertThat(row3).hasSize(r.names().size());
        assertThat(row3.get(r.names().indexOf("triage_reasons"))).isEqualTo("atypical;off_lesion");
        assertThat(row3.get(r.names().indexOf("lesion_focus"))).isEqualTo(0.05);
        assertThat(Arrays.asList(r.values(0).get(0), r.values(1).get(0))).containsExactly(true, false);
    }
}
