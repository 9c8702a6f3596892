package pma.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AtypicalityTest {
    static final float[][] TRAIN = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {3, 3}, {5, 5}};
    static final float[][] TEST = {{0.5f, 0.5f}, {4, 4}, {10, 0}};

    @Test
    void kthNearestMatchesScikitLearn() {
        // sklearn.neighbors.NearestNeighbors(n_neighbors=k).fit(TRAIN).kneighbors(TEST)[0][:, k - 1]
        assertThat(Atypicality.kthNearest(TRAIN, TEST, 1)).usingComparatorWithPrecision(1e-7)
                .containsExactly(0.70710678, 1.41421356, 7.07106781);
        assertThat(Atypicality.kthNearest(TRAIN, TEST, 2)).usingComparatorWithPrecision(1e-7)
                .containsExactly(0.70710678, 1.41421356, 7.61577311);
        assertThat(Atypicality.kthNearest(TRAIN, TEST, 5)).usingComparatorWithPrecision(1e-7)
                .containsExactly(3.53553391, 5.0, 10.0);
        // k above the number of training vectors: the farthest one (sklearn's k = 6).
        assertThat(Atypicality.kthNearest(TRAIN, TEST, 50)).usingComparatorWithPrecision(1e-7)
                .containsExactly(6.36396103, 5.65685425, 10.04987562);
    }

    @Test
    void unitLengthScalesEachVectorAndLeavesZeroAlone() {
        float[][] u = Atypicality.unitLength(new float[][] {{3, 4}, {0, 0}});
        assertThat(u[0]).containsExactly(0.6f, 0.8f);
        assertThat(u[1]).containsExactly(0f, 0f);
    }

    @Test
    void percentilesAreMidranksScaledFromNearestToFarthest() {
        // Midranks of 3, 1, 2, 2: 4, 1, 2.5, 2.5; (r - 1) / 3.
        assertThat(Atypicality.percentiles(new double[] {3, 1, 2, 2})).containsExactly(1, 0, 0.5, 0.5);
        assertThat(Atypicality.percentiles(new double[] {7})).containsExactly(0.5);
    }

    @Test
    void meanPercentileOverRunsAndTheCut() {
        Atypicality.Result r = Atypicality.of(5, List.of(
                Map.of(0, 3.0, 1, 1.0, 2, 2.0, 3, 2.0),
                Map.of(0, 5.0, 2, 1.0)));
        // Image 0: (1 + 1) / 2; image 1: 0; image 2: (0.5 + 0) / 2; image 3: 0.5; image 4: never tested.
        assertThat(r.percentile()).usingComparatorWithPrecision(1e-12).containsExactly(1, 0, 0.25, 0.5, Double.NaN);
        assertThat(r.atypical()).containsExactly(true, false, false, false, false);
        assertThat(Atypicality.CUT).isCloseTo(0.9, within(0.0));
    }
}
