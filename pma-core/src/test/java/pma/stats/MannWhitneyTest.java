package pma.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MannWhitneyTest {
    @Test
    void separatedSamples() {
        // x = {1, 2, 3} all below y = {4, 5}: U = 0, AUC = 0. Var = 3·2/12·(5+1) = 3;
        // z = (0 - 3 + 0.5)/sqrt(3) = -1.443375...; p = 2·Phi(z) = 0.14891467317876572
        // (scipy.stats.mannwhitneyu(method="asymptotic", use_continuity=True) agrees).
        MannWhitney.Result r = MannWhitney.test(new double[] {1, 2, 3}, new double[] {4, 5});
        assertThat(r.u()).isEqualTo(0.0);
        assertThat(r.auc()).isEqualTo(0.0);
        assertThat(r.p()).isCloseTo(0.14891467317876572, within(1e-14));
    }

    @Test
    void tiesCorrectTheVariance() {
        // x = {1, 2, 2, 3}, y = {2, 3, 5}; pooled sorted 1, 2, 2, 2, 3, 3, 5 -> midranks
        // 1, 3, 3, 3, 5.5, 5.5, 7. Rank sum of x = 1 + 3 + 3 + 5.5 = 12.5; U = 12.5 - 10 = 2.5;
        // AUC = 2.5/12. Ties: (3³-3) + (2³-2) = 30; var = 12/12·(8 - 30/(7·6)) = 7.2857142857;
        // z = (2.5 - 6 + 0.5)/sqrt(var); p = 0.2663799233424825 (Phi from scipy; scipy's
        // mannwhitneyu asymptotic with continuity gives the same).
        MannWhitney.Result r = MannWhitney.test(new double[] {1, 2, 2, 3}, new double[] {2, 3, 5});
        assertThat(r.u()).isEqualTo(2.5);
        assertThat(r.auc()).isCloseTo(2.5 / 12, within(1e-15));
        assertThat(r.p()).isCloseTo(0.2663799233424825, within(1e-14));
    }

    @Test
    void degenerateInputsAreNaN() {
        MannWhitney.Result empty = MannWhitney.test(new double[0], new double[] {1});
        assertThat(empty.p()).isNaN();
        assertThat(empty.u()).isNaN();
        // All values tied: zero variance, no evidence either way.
        MannWhitney.Result tied = MannWhitney.test(new double[] {2, 2}, new double[] {2, 2, 2});
        assertThat(tied.u()).isEqualTo(3.0);
        assertThat(tied.auc()).isEqualTo(0.5);
        assertThat(tied.p()).isNaN();
    }

    @Property
    void aucEqualsRankAucAndTheTestIsSymmetric(
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 6) Integer> xs,
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 6) Integer> ys) {
        double[] x = xs.stream().mapToDouble(Integer::doubleValue).toArray();
        double[] y = ys.stream().mapToDouble(Integer::doubleValue).toArray();
        double[] scores = new double[x.length + y.length];
        int[] labels = new int[scores.length];
        for (int i = 0; i < x.length; i++) {
            scores[i] = x[i];
            labels[i] = 1;
        }
        System.arraycopy(y, 0, scores, x.length, y.length);
        MannWhitney.Result xy = MannWhitney.test(x, y);
        MannWhitney.Result yx = MannWhitney.test(y, x);
        assertThat(xy.auc()).isCloseTo(Auc.of(scores, labels), within(1e-12));
        assertThat(xy.u() + yx.u()).isEqualTo((double) x.length * y.length);
        if (Double.isNaN(xy.p())) {
            assertThat(yx.p()).isNaN();
        } else {
            assertThat(xy.p()).isCloseTo(yx.p(), within(1e-12)).isBetween(0.0, 1.0);
        }
    }
}
