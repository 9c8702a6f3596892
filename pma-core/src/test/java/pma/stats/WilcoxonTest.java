package pma.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;
import org.junit.jupiter.api.Test;

class WilcoxonTest {
    @Test
    void allPositiveFive() {
        // Ranks 1..5 all positive: V = 15, the maximum; only the full subset reaches it, so
        // P(V >= 15) = 1/32 and p = 2/32 = 0.0625 (R: wilcox.test(1:5) V = 15, p-value = 0.0625).
        Wilcoxon.Result r = Wilcoxon.signedRank(new double[] {1, 2, 3, 4, 5});
        assertThat(r.statistic()).isEqualTo(15.0);
        assertThat(r.n()).isEqualTo(5);
        assertThat(r.p()).isCloseTo(0.0625, within(1e-15));
    }

    @Test
    void exactEnumerationWithANegative() {
        // {1, -2, 3, 4}: ranks 1..4, V = 1 + 3 + 4 = 8 > mean 4·5/4 = 5, so p = 2·P(V >= 8).
        // V >= 8 iff the complement's rank sum <= 2: complements {}, {1}, {2} -> 3 of 16 subsets.
        // p = 2·3/16 = 0.375.
        Wilcoxon.Result r = Wilcoxon.signedRank(new double[] {1, -2, 3, 4});
        assertThat(r.statistic()).isEqualTo(8.0);
        assertThat(r.p()).isCloseTo(0.375, within(1e-15));
    }

    @Test
    void zerosAreDroppedAndTurnToTheNormalApproximationAsInR() {
        // As R: n = 5 non-zero, V = 15; with zeros no exact p: z = (15 - 7.5 - 0.5)/sqrt(5·6·11/24),
        // p = 0.05905822909053671 (scipy.stats.wilcoxon(d, zero_method="wilcox", method="approx",
        // correction=True); R's wilcox.test gives the same with a warning).
        Wilcoxon.Result r = Wilcoxon.signedRank(new double[] {0, 1, 2, 0, 3, 4, 5});
        assertThat(r.n()).isEqualTo(5);
        assertThat(r.statistic()).isEqualTo(15.0);
        assertThat(r.p()).isCloseTo(0.05905822909053671, within(1e-13));
    }

    @Test
    void tiesUseTheCorrectedNormalApproximation() {
        // {1, 1, -2, 3, 3, 3, 0}: zero dropped, n = 6; |d| ranks 1.5, 1.5, 3, 5, 5, 5.
        // V = 1.5 + 1.5 + 5 + 5 + 5 = 18; mean 6·7/4 = 10.5;
        // var = 6·7·13/24 - ((2³-2) + (3³-3))/48 = 22.75 - 0.625 = 22.125;
        // z = (18 - 10.5 - 0.5)/sqrt(22.125) = 1.48820...; p = 2·(1 - Phi(z)) = 0.1367025839714494
        // (Phi from scipy.stats.norm; scipy.stats.wilcoxon(..., method="approx",
        // correction=True) gives the same).
        Wilcoxon.Result r = Wilcoxon.signedRank(new double[] {1, 1, -2, 3, 3, 3, 0});
        assertThat(r.n()).isEqualTo(6);
        assertThat(r.statistic()).isEqualTo(18.0);
        assertThat(r.p()).isCloseTo(0.1367025839714494, within(1e-13));
    }

    @Test
    void exactUpTo49AsInR() {
        // 1..30 all positive: only the full subset reaches V = 465, p = 2/2^30 = 1.862645149230957e-09
        // (exact; the normal approximation would give 1.83e-06).
        double[] all = new double[30];
        for (int i = 0; i < 30; i++) all[i] = i + 1;
        Wilcoxon.Result r = Wilcoxon.signedRank(all);
        assertThat(r.statistic()).isEqualTo(465.0);
        assertThat(r.p()).isCloseTo(1.862645149230957e-09, within(1e-22));
        // Odd ranks positive. n = 30: V = 15² = 225, p = 0.8871948085725307; n = 49: V = 25² = 625,
        // p = 0.9058435571951513 (scipy.stats.wilcoxon(d, method="exact"), which reports min(V+, V-)).
        Wilcoxon.Result thirty = Wilcoxon.signedRank(alternating(30));
        assertThat(thirty.statistic()).isEqualTo(225.0);
        assertThat(thirty.p()).isCloseTo(0.8871948085725307, within(1e-13));
        Wilcoxon.Result fortyNine = Wilcoxon.signedRank(alternating(49));
        assertThat(fortyNine.statistic()).isEqualTo(625.0);
        assertThat(fortyNine.p()).isCloseTo(0.9058435571951513, within(1e-13));
    }

    @Test
    void fiftyUsesTheNormalApproximationAsInR() {
        // n = 50, odd ranks positive: V = 625, mean 637.5, var = 50·51·101/24; z = (625 - 637.5 + 0.5)/sd,
        // p = 0.9077798683161526 (scipy.stats.wilcoxon(d, method="approx", correction=True); the
        // exact p, 0.9085978224870299, is not R's answer at n = 50).
        Wilcoxon.Result r = Wilcoxon.signedRank(alternating(50));
        assertThat(r.statistic()).isEqualTo(625.0);
        assertThat(r.p()).isCloseTo(0.9077798683161526, within(1e-13));
    }

    /** Differences ±1..±n, the odd ones positive. */
    private static double[] alternating(int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = (i % 2 == 0 ? 1 : -1) * (i + 1.0);
        return d;
    }

    @Test
    void exactAtTheLargestExactSize() {
        // n = 25, odd ranks positive: V = 1 + 3 + ... + 25 = 13² = 169 > mean 162.5.
        // Exact p = 2·P(V >= 169) = 0.8739878535270691 (scipy.stats.wilcoxon, method="exact",
        // which reports min(V+, V-) = 156 with the same p).
        double[] d = new double[25];
        for (int i = 0; i < 25; i++) d[i] = (i % 2 == 0 ? 1 : -1) * (i + 1.0);
        Wilcoxon.Result r = Wilcoxon.signedRank(d);
        assertThat(r.statistic()).isEqualTo(169.0);
        assertThat(r.p()).isCloseTo(0.8739878535270691, within(1e-13));
    }

    @Test
    void degenerateInputs() {
        Wilcoxon.Result none = Wilcoxon.signedRank(new double[] {0, 0});
        assertThat(none.n()).isZero();
        assertThat(none.statistic()).isZero();
        assertThat(none.p()).isNaN();
        // n = 1: V = 1 > mean 0.5, P(V >= 1) = 1/2, p = min(1, 2·1/2) = 1.
        assertThat(Wilcoxon.signedRank(new double[] {3}).p()).isEqualTo(1.0);
        assertThatThrownBy(() -> Wilcoxon.signedRank(new double[] {Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exactDistributionIsSymmetric() {
        // V and n(n+1)/2 - V are equally extreme: {1,2,3} gives V = 6, {-1,-2,-3} gives V = 0,
        // each with p = 2/8 = 0.25.
        assertThat(Wilcoxon.signedRank(new double[] {1, 2, 3}).p()).isCloseTo(0.25, within(1e-15));
        assertThat(Wilcoxon.signedRank(new double[] {-1, -2, -3}).p()).isCloseTo(0.25, within(1e-15));
    }

    @Property
    void exactPMatchesBruteForceOverAllSignFlips(
            @ForAll @Size(min = 1, max = 12) @UniqueElements List<@IntRange(min = 1, max = 50) Integer> magnitudes,
            @ForAll long signBits) {
        // Under H0 each of the 2^n sign patterns is equally likely; count those at least as
        // extreme on each side and take p = min(1, 2·min(P(V <= v), P(V >= v))).
        int n = magnitudes.size();
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = ((signBits >> i) & 1) == 1 ? magnitudes.get(i) : -magnitudes.get(i);
        Wilcoxon.Result r = Wilcoxon.signedRank(d);
        double[] ranks = Ranks.mid(magnitudes.stream().mapToDouble(Integer::doubleValue).toArray());
        long below = 0;
        long above = 0;
        for (long pattern = 0; pattern < (1L << n); pattern++) {
            double v = 0;
            for (int i = 0; i < n; i++) if (((pattern >> i) & 1) == 1) v += ranks[i];
            if (v <= r.statistic()) below++;
            if (v >= r.statistic()) above++;
        }
        double expected = Math.min(1.0, 2.0 * Math.min(below, above) / (1L << n));
        assertThat(r.p()).isCloseTo(expected, within(1e-15));
    }
}
