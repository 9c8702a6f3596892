package pma.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Label issues on two models' hand-made probabilities. Every threshold and verdict below is worked
 * out on paper from the numbers in the fixture.
 */
class LabelIssuesTest {
    static final double N = Double.NaN;
    // Image 8 is never tested.
    static final int[] TARGETS = {0, 0, 1, 1, 0, 1, 0, 0, 1};
    static final List<String> GROUPS = List.of("g0", "g0", "g1", "g2", "g3", "g4", "g5", "g5", "g6");

    static LabelIssues.Result result() {
        return result(0.5);
    }

    /** Every run with decision threshold {@code threshold}. */
    static LabelIssues.Result result(double threshold) {
        return LabelIssues.of(TARGETS, GROUPS, List.of(
                // Model a's mean P(1): 0.9 (image 0: 0.85 and 0.95), 0.8, 0.8, 0.3, 0.2, 0.6, 0.95, 0.1.
                Runs.run(1, "a", threshold, TARGETS, 0.85, 0.8, 0.8, 0.3, 0.2, 0.6, 0.95, 0.1, N),
                Runs.run(2, "a", threshold, TARGETS, 0.95, N, N, N, N, N, N, N, N),
                Runs.run(3, "b", threshold, TARGETS, 0.7, 0.9, 0.9, 0.2, 0.1, 0.6, 0.95, 0.1, N)));
    }

    @Test
    void confidentLearningThresholdsAreTheMeanSelfConfidenceOfEachClass() {
        // Model a. Class 0 (images 0, 1, 4, 6, 7): P(0) = 0.1, 0.2, 0.8, 0.05, 0.9 -> 2.05 / 5.
        // Class 1 (images 2, 3, 5): P(1) = 0.8, 0.3, 0.6 -> 1.7 / 3. Image 8 (untested) counts in neither.
        double[] a = LabelIssues.thresholds(new double[] {0.9, 0.8, 0.8, 0.3, 0.2, 0.6, 0.95, 0.1, N}, TARGETS);
        assertThat(a[0]).isCloseTo(0.41, within(1e-12));
        assertThat(a[1]).isCloseTo(1.7 / 3, within(1e-12));
    }

    @Test
    void everyModelAndTheRestOfTheGroupMustConfidentlySayTheOtherClass() {
        // Thresholds: model a 0.41 (class 0) and 0.5667 (class 1); model b 2.25/5 = 0.45 and 0.5667;
        // pooled (every prediction; image 0's mean is (0.85 + 0.95 + 0.7) / 3 = 0.8333) 0.4233 and 0.5667.
        // 0: a 0.9, b 0.7 >= 0.5667; group image 1 pooled 0.85 >= 0.5667: issue.
        // 1: a 0.8, b 0.9; group image 0 pooled 0.8333: issue.
        // 2: a P(0) = 0.2 < 0.41: no.       3: a 0.7 >= 0.41, b 0.8 >= 0.45, alone in its group: issue.
        // 4: a P(1) = 0.2: no.              5: a P(0) = 0.4 < 0.41 (b 0.4 < 0.45): no.
        // 6: a, b 0.95 >= 0.5667, but group image 7 pooled P(1) = 0.1 < 0.5667: no.
        // 7: a P(1) = 0.1: no.              8: never tested: no.
        assertThat(result().issue()).containsExactly(true, true, false, true, false, false, false, false, false);
    }

    @Test
    void anImageTheRunsMostlyGetRightIsNoLabelIssue() {
        // The same probabilities under a threshold of 0.96: every prediction is class 0, so images 0
        // and 1 (benign) are always right and only image 3 (malignant, always wrong) stays an issue.
        assertThat(result(0.96).issue()).containsExactly(false, false, false, true, false, false, false, false, false);
    }

    @Test
    void evidenceIsTheLowestModelMeanAndTheLowestGroupMean() {
        LabelIssues.Result r = result();
        assertThat(r.otherClassMinModel()).usingComparatorWithPrecision(1e-12)
                .containsExactly(0.7, 0.8, 0.1, 0.7, 0.1, 0.4, 0.95, 0.1, N);
        assertThat(r.otherClassGroup()).usingComparatorWithPrecision(1e-12)
                .containsExactly(0.85, 2.5 / 3, N, N, N, N, 0.1, 0.95, N);
    }

    @Test
    void byTheStackedViewsTheImageAndTheRestOfItsGroupMustReachTheStacksThreshold() {
        // Stacked P(class 1) of six images; image 5 not scored. Labels 0, 0, 1, 1, 1, 0; groups a a b c c d.
        // Thresholds: class 0 = mean P(0) over images labelled 0 and scored (0, 1) = (0.9 + 0.3) / 2 = 0.6;
        // class 1 = mean P(1) over 2, 3, 4 = (0.8 + 0.2 + 0.3) / 3 = 0.4333.
        double[] views = {0.1, 0.7, 0.8, 0.2, 0.3, N};
        int[] targets = {0, 0, 1, 1, 1, 0};
        List<String> groups = List.of("a", "a", "b", "c", "c", "d");
        LabelIssues.Result r = LabelIssues.ofViews(targets, groups, views);
        // Image 1: P(1) 0.7 >= 0.4333, but the rest of its group (image 0) gives class 1 only 0.1: no issue.
        // Image 3: P(0) 0.8 >= 0.6, and image 4 gives class 0 0.7 >= 0.6: an issue; so is image 4 (0.7, and 0.8).
        // Image 2: P(0) 0.2 < 0.6. Image 0: P(1) 0.1. Image 5: not scored.
        assertThat(r.issue()).containsExactly(false, false, false, true, true, false);
        assertThat(r.otherClassMinModel()).containsExactly(new double[] {0.1, 0.7, 0.2, 0.8, 0.7, N}, within(1e-12));
        // The rest of the group's probability of the image's other class: for image 0 (other class 1), image 1's 0.7.
        assertThat(r.otherClassGroup()).containsExactly(new double[] {0.7, 0.1, N, 0.7, 0.8, N}, within(1e-12));
    }
}
