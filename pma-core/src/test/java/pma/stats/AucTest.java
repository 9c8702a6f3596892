package pma.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AucTest {
    @Test
    void perfectSeparationIsOne() {
        assertThat(Auc.of(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {0, 0, 1, 1})).isEqualTo(1.0);
    }

    @Test
    void reversedIsZero() {
        assertThat(Auc.of(new double[] {0.9, 0.8, 0.2, 0.1}, new int[] {0, 0, 1, 1})).isEqualTo(0.0);
    }

    @Test
    void handComputedWithTies() {
        // positives {0.8, 0.5}, negatives {0.5, 0.3, 0.1}: pairs won 3 + (1 tie = 0.5) + 2 = 5.5 of 6
        double auc = Auc.of(new double[] {0.8, 0.5, 0.5, 0.3, 0.1}, new int[] {1, 1, 0, 0, 0});
        assertThat(auc).isEqualTo(5.5 / 6.0);
    }

    @Test
    void allTiedIsHalf() {
        assertThat(Auc.of(new double[] {0.5, 0.5, 0.5}, new int[] {1, 0, 0})).isEqualTo(0.5);
    }

    @Test
    void oneClassIsNaN() {
        assertThat(Auc.of(new double[] {0.5, 0.7}, new int[] {1, 1})).isNaN();
    }

    @Test
    void manyTiesAndASignedZeroMatchScipysMannWhitneyU() {
        // scipy.stats.mannwhitneyu(positives, negatives).statistic = 19.5 of 6 x 6 pairs; -0.0 ties with 0.0
        double[] scores = {0.3, 0.1, 0.7, 0.3, 0.3, 0.9, 0.0, -0.0, 0.5, 0.7, 0.1, 0.3};
        int[] labels = {1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0};
        assertThat(Auc.of(scores, labels)).isEqualTo(19.5 / 36);
    }

    @Test
    void aNaNScoreRanksLastAndTiesWithNothing() {
        // ranks: 0.2 -> 1, 0.4 -> 2, NaN -> 3 and 4 (no tie); positives {NaN, 0.4} have ranks 3 + 2 = 5,
        // U = 5 - 2 * 3 / 2 = 2 of 4 pairs
        assertThat(Auc.of(new double[] {Double.NaN, 0.4, 0.2, Double.NaN}, new int[] {1, 1, 0, 0})).isEqualTo(0.5);
    }
}
