package pma.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ThresholdsTest {
    @Test
    void perfectSeparation() {
        // Threshold 0.6: tp = 2 (0.6, 0.7), tn = 2 (0.2, 0.3) -> TPR = TNR = 1, unique optimum.
        double[] scores = {0.2, 0.3, 0.6, 0.7};
        int[] labels = {0, 0, 1, 1};
        assertThat(Thresholds.gMean(scores, labels)).isEqualTo(new Thresholds.Choice(0.6, 1.0, 1.0));
        assertThat(Thresholds.youden(scores, labels)).isEqualTo(new Thresholds.Choice(0.6, 1.0, 1.0));
    }

    @Test
    void gMeanAndYoudenDisagree() {
        // Ascending labels 0 1 0 0 1 0 0 (P = 2, N = 5). Hand table, predict positive iff >= t:
        //   t    TPR  TNR   J     TPR·TNR
        //   0.1  1    0     0     0
        //   0.2  1    0.2   0.2   0.2    <- Youden's maximum
        //   0.3  0.5  0.2  -0.3   0.1
        //   0.4  0.5  0.4  -0.1   0.2
        //   0.5  0.5  0.6   0.1   0.3    <- G-mean's maximum
        //   0.6  0    0.6  -0.4   0
        //   0.7  0    0.8  -0.2   0
        //   +inf 0    1     0     0
        double[] scores = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7};
        int[] labels = {0, 1, 0, 0, 1, 0, 0};
        assertThat(Thresholds.youden(scores, labels)).isEqualTo(new Thresholds.Choice(0.2, 1.0, 0.2));
        assertThat(Thresholds.gMean(scores, labels)).isEqualTo(new Thresholds.Choice(0.5, 0.5, 0.6));
    }

    @Test
    void tiesGoToTheThresholdNearestHalf() {
        // Ascending labels 0 1 0 1 (P = N = 2): t = 0.1 -> (1, 0); t = s2 -> (1, 0.5);
        // t = 0.55 -> (0.5, 0.5); t = s4 -> (0.5, 1); +inf -> (0, 1). s2 and s4 tie on both
        // criteria (J = 0.5, TPR·TNR = 0.5); the one nearer 0.5 wins.
        int[] labels = {0, 1, 0, 1};
        assertThat(Thresholds.youden(new double[] {0.1, 0.3, 0.55, 0.65}, labels).threshold()).isEqualTo(0.65);
        assertThat(Thresholds.gMean(new double[] {0.1, 0.3, 0.55, 0.65}, labels).threshold()).isEqualTo(0.65);
        assertThat(Thresholds.youden(new double[] {0.1, 0.35, 0.55, 0.9}, labels).threshold()).isEqualTo(0.35);
        // 0.25 and 0.75 are exactly 0.25 from 0.5 (binary fractions): the lower one wins.
        assertThat(Thresholds.gMean(new double[] {0.1, 0.25, 0.55, 0.75}, labels))
                .isEqualTo(new Thresholds.Choice(0.25, 1.0, 0.5));
    }

    @Test
    void tiedScoresAreOneCandidate() {
        // Scores 0.4 are shared by a positive and a negative: at t = 0.4 both are predicted
        // positive (tp = 2, tn = 1); at t = 0.8, tp = 1, tn = 2. Both give J = 0.5; 0.4 is nearer.
        double[] scores = {0.1, 0.4, 0.4, 0.8};
        int[] labels = {0, 0, 1, 1};
        assertThat(Thresholds.youden(scores, labels)).isEqualTo(new Thresholds.Choice(0.4, 1.0, 0.5));
    }

    @Test
    void oneClassAbsentFallsBackToHalf() {
        assertThat(Thresholds.gMean(new double[] {0.2, 0.7, 0.9}, new int[] {1, 1, 1}))
                .isEqualTo(new Thresholds.Choice(0.5, 2.0 / 3.0, Double.NaN));
        assertThat(Thresholds.youden(new double[] {0.2, 0.7}, new int[] {0, 0}))
                .isEqualTo(new Thresholds.Choice(0.5, Double.NaN, 0.5));
        assertThat(Thresholds.youden(new double[0], new int[0]))
                .isEqualTo(new Thresholds.Choice(0.5, Double.NaN, Double.NaN));
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Thresholds.gMean(new double[] {0.1}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Thresholds.gMean(new double[] {0.1, 0.2}, new int[] {0, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Thresholds.gMean(new double[] {Double.NaN, 0.2}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void choiceIsOptimalOverAllCandidates(@ForAll("labelled") List<double[]> rows) {
        double[] scores = rows.stream().mapToDouble(r -> r[0]).toArray();
        int[] labels = rows.stream().mapToInt(r -> (int) r[1]).toArray();
        for (boolean youden : new boolean[] {true, false}) {
            Thresholds.Choice choice = youden ? Thresholds.youden(scores, labels) : Thresholds.gMean(scores, labels);
            Thresholds.Choice recomputed = Thresholds.at(choice.threshold(), scores, labels);
            assertThat(recomputed).isEqualTo(choice);
            if (Double.isNaN(choice.tpr()) || Double.isNaN(choice.tnr())) continue;
            double best = criterion(choice, youden);
            for (double t : scores) {
                assertThat(criterion(Thresholds.at(t, scores, labels), youden)).isLessThanOrEqualTo(best + 1e-12);
            }
        }
    }

    private static double criterion(Thresholds.Choice c, boolean youden) {
        return youden ? c.tpr() + c.tnr() - 1 : Math.sqrt(c.tpr() * c.tnr());
    }

    @Provide
    Arbitrary<List<double[]>> labelled() {
        // Scores on a coarse grid so that ties between scores and between thresholds are common.
        Arbitrary<Double> score = Arbitraries.integers().between(0, 10).map(i -> i / 10.0);
        Arbitrary<Integer> label = Arbitraries.integers().between(0, 1);
        return Combinators.combine(score, label).as((s, l) -> new double[] {s, l}).list().ofMaxSize(30);
    }
}
