package pma.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import pma.analysis.Analysis;
import pma.analysis.AnalysisOptions;
import pma.analysis.AnalysisResult;
import pma.analysis.ImageStats;
import pma.analysis.RunData;
import pma.config.ExperimentConfig;
import pma.dataset.Dataset;
import pma.dataset.ImageRecord;
import pma.ledger.Prediction;
import pma.ledger.RunRecord;
import pma.split.Role;
import pma.triage.Reason;
import pma.triage.Triage;
import pma.triage.Triages;

class ReviewQueueTest {
    // Images 0 and 1 (benign) score 0.9 in all three runs: always wrong, so flagged (AUC 0.6 -> 1 without
    // them); the others are always right.
    static final int[] TARGETS = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
    static final double[] SCORES = {0.9, 0.9, 0.1, 0.1, 0.1, 0.8, 0.8, 0.8, 0.8, 0.8};

    static AnalysisResult analysis() {
        List<ImageRecord> images = new ArrayList<>();
        for (int i = 0; i < TARGETS.length; i++) {
            images.add(new ImageRecord(i, "img" + i, TARGETS[i] == 1 ? "malignant" : "benign", TARGETS[i], "p" + i, "", "",
                    Map.of()));
        }
        List<RunData> runs = new ArrayList<>();
        for (int it = 0; it < 3; it++) {
            List<Prediction> test = new ArrayList<>();
            for (int i = 0; i < TARGETS.length; i++) test.add(new Prediction(i, Role.TEST, SCORES[i], SCORES[i] >= 0.5 ? 1 : 0, (SCORES[i] >= 0.5) == (TARGETS[i] == 1)));
            runs.add(new RunData(new RunRecord(it + 1, "a", it, "", 1, "done", 5, 3, 0.8, 0.5, 0.5, 1), test));
        }
        ExperimentConfig.Builder b = ExperimentConfig.quick().toBuilder().setModels(List.of("a"));
        return Analysis.of(new Dataset(Path.of("."), images, "benign", "malignant", List.of(), "x"), b.build(), runs,
                AnalysisOptions.defaults());
    }

    static Triage triage(int i, Reason... reasons) {
        EnumSet<Reason> r = EnumSet.noneOf(Reason.class);
        r.addAll(List.of(reasons));
        double n = Double.NaN;
        return new Triage(i, "img" + i, i < 2, r, new Triage.Evidence(n, n, n, n, n, "", n, n));
    }

    @Test
    void aReasonNarrowsTheQueueAndTheTriageIsComputedOnlyWhenAsked() {
        AnalysisResult a = analysis();
        ReviewQueue flagged = ReviewQueue.flagged(a);
        assertThat(flagged.items()).extracting(s -> s.image().index()).containsExactlyInAnyOrder(0, 1);
        List<Triage> all = new ArrayList<>(List.of(triage(0, Reason.AMBIGUOUS), triage(1, Reason.LABEL_ISSUE),
                triage(2, Reason.LABEL_ISSUE)));
        for (int i = 3; i < TARGETS.length; i++) all.add(triage(i));
        Triages.Result t = new Triages.Result(all, 0.1, 0.1, 0.5, "", List.of(), false);
        AtomicInteger asked = new AtomicInteger();

        assertThat(flagged.withReason(null, () -> t)).isSameAs(flagged);
        assertThat(flagged.withReason("", () -> t)).isSameAs(flagged);
        assertThat(asked.get()).isZero();

        ReviewQueue labels = flagged.withReason("label_issue", () -> {
            asked.incrementAndGet();
            return t;
        });
        // Image 2 has the reason too but is not flagged: the queue keeps to its own images.
        assertThat(labels.items()).extracting((ImageStats s) -> s.image().index()).containsExactly(1);
        assertThat(labels.name()).isEqualTo("flagged");
        assertThat(asked.get()).isEqualTo(1);
        assertThat(flagged.withReason("bogus", () -> t)).isNull();
    }
}
