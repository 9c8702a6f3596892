package pma.opinions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureNeighboursTest {
    // Training points on a line at 0, 1, 2, 3, 10, 11 with labels 0, 0, 1, 0, 1, 1.
    static final float[][] TRAIN = {{0}, {1}, {2}, {3}, {10}, {11}};
    static final int[] TRAIN_LABELS = {0, 0, 1, 0, 1, 1};

    @Test
    void shareOfTheNearestTrainingImagesLabelledOtherwise() {
        float[][] test = {{0.4f}, {10.6f}, {2.6f}};
        int[] testLabels = {1, 0, 1};
        // 0.4: nearest 0, 1, 2 (labels 0, 0, 1) -> 2 of 3 differ from label 1.
        // 10.6: nearest 11, 10, 3 (labels 1, 1, 0) -> 2 of 3 differ from label 0.
        // 2.6: nearest 3, 2, 1 (labels 0, 1, 0) -> 2 of 3 differ from label 1.
        // k = 1: the nearest alone, 0 (label 0), 11 (label 1) and 3 (label 0): each differs -> 1, 1, 1.
        // The same as scikit-learn's NearestNeighbors(n_neighbors=k).kneighbors(test) on these points.
        assertThat(FeatureNeighbours.otherLabelShare(TRAIN, TRAIN_LABELS, test, testLabels, 3))
                .containsExactly(new double[] {2.0 / 3, 2.0 / 3, 2.0 / 3}, within(1e-12));
        assertThat(FeatureNeighbours.otherLabelShare(TRAIN, TRAIN_LABELS, test, testLabels, 1))
                .containsExactly(new double[] {1, 1, 1}, within(1e-12));
        // k above the number of training images: all six vote; label 1 differs from 3 of them.
        assertThat(FeatureNeighbours.otherLabelShare(TRAIN, TRAIN_LABELS, new float[][] {{5}}, new int[] {1}, 20))
                .containsExactly(new double[] {0.5}, within(1e-12));
    }

    @Test
    void equalDistancesGoInTrainingOrder() {
        // 1.5 is 0.5 from both 1 (label 0) and 2 (label 1): the first in training order votes.
        assertThat(FeatureNeighbours.otherLabelShare(TRAIN, TRAIN_LABELS, new float[][] {{1.5f}}, new int[] {1}, 1))
                .containsExactly(1.0);
    }

    @Test
    void meanOverTheRunsThatScoredEachImage() {
        double[] m = FeatureNeighbours.meanOverRuns(4, List.of(Map.of(0, 0.2, 1, 1.0), Map.of(0, 0.6), Map.of()));
        assertThat(m[0]).isCloseTo(0.4, within(1e-12));
        assertThat(m[1]).isEqualTo(1.0);
        assertThat(m[2]).isNaN();
        assertThat(m[3]).isNaN();
    }
}
