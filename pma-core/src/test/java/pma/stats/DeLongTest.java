package pma.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DeLongTest {
    private static final int[] LABELS = {1, 1, 0, 0, 0};
    private static final double[] A = {0.9, 0.4, 0.7, 0.3, 0.1};
    private static final double[] B = {0.8, 0.6, 0.7, 0.65, 0.1};

    @Test
    void handComputedTwoPositivesThreeNegatives() {
        // Positives {0.9, 0.4}, negatives {0.7, 0.3, 0.1}.
        // V10 (share of negatives below each positive): 0.9 -> 3/3, 0.4 -> 2/3.
        // V01 (share of positives above each negative): 0.7 -> 1/2, 0.3 -> 1, 0.1 -> 1.
        // AUC = mean V10 = 5/6. S10 = var{1, 2/3} = 2·(1/6)²/1 = 1/18;
        // S01 = var{1/2, 1, 1} = ((1/3)² + (1/6)² + (1/6)²)/2 = 1/12.
        // Var = S10/2 + S01/3 = 1/36 + 1/36 = 1/18.
        DeLong.Result r = DeLong.auc(A, LABELS);
        assertThat(r.auc()).isCloseTo(5.0 / 6.0, within(1e-15));
        assertThat(r.variance()).isCloseTo(1.0 / 18.0, within(1e-15));
        // CI = 5/6 ± 1.959963984540054·sqrt(1/18) = (0.37136539188344064, 1.2953...), the upper
        // bound clipped to 1.
        assertThat(r.ci95().low()).isCloseTo(0.37136539188344064, within(1e-12));
        assertThat(r.ci95().high()).isEqualTo(1.0);
    }

    @Test
    void handComputedWithATie() {
        // Positives {0.8, 0.5}, negatives {0.5, 0.3, 0.1} (the AucTest example, AUC 5.5/6).
        // V10: 0.8 -> 1, 0.5 -> (2 + 0.5)/3 = 5/6. V01: 0.5 -> (1 + 0.5)/2 = 3/4, 0.3 -> 1, 0.1 -> 1.
        // S10 = 2·(1/12)² = 1/72, S01 = ((1/6)² + (1/12)² + (1/12)²)/2 = 1/48.
        // Var = (1/72)/2 + (1/48)/3 = 1/144 + 1/144 = 1/72.
        DeLong.Result r = DeLong.auc(new double[] {0.8, 0.5, 0.5, 0.3, 0.1}, LABELS);
        assertThat(r.auc()).isCloseTo(11.0 / 12.0, within(1e-15));
        assertThat(r.variance()).isCloseTo(1.0 / 72.0, within(1e-15));
    }

    @Test
    void handComputedPairedTest() {
        // A as above: V10a = (1, 2/3), V01a = (1/2, 1, 1), AUC 5/6.
        // B: positives {0.8, 0.6}, negatives {0.7, 0.65, 0.1}:
        // V10b = (1, 1/3), V01b = (1/2, 1/2, 1), AUC 2/3.
        // Differences: V10a - V10b = (0, 1/3): var = (1/6)²·2 = 1/18, over m = 2 -> 1/36.
        // V01a - V01b = (0, 1/2, 0): var = ((1/6)² + (1/3)² + (1/6)²)/2 = 1/12, over n = 3 -> 1/36.
        // Var(diff) = 1/18; diff = 1/6; z = (1/6)/sqrt(1/18) = sqrt(2)/2 = 0.7071067811865476;
        // p = 2·(1 - Phi(z)) = erfc(z/sqrt 2) = erfc(1/2) = 0.4795001221869535 (A&S 7.1).
        DeLong.Paired r = DeLong.paired(A, B, LABELS);
        assertThat(r.aucA()).isCloseTo(5.0 / 6.0, within(1e-15));
        assertThat(r.aucB()).isCloseTo(2.0 / 3.0, within(1e-15));
        assertThat(r.difference()).isCloseTo(1.0 / 6.0, within(1e-15));
        assertThat(r.variance()).isCloseTo(1.0 / 18.0, within(1e-15));
        assertThat(r.z()).isCloseTo(Math.sqrt(2) / 2, within(1e-14));
        assertThat(r.p()).isCloseTo(0.4795001221869535, within(1e-14));
        // CI = 1/6 ± 1.959963984540054·sqrt(1/18) = (-0.295301274783226, 0.6286346081165592).
        assertThat(r.ci95().low()).isCloseTo(-0.295301274783226, within(1e-12));
        assertThat(r.ci95().high()).isCloseTo(0.6286346081165592, within(1e-12));
    }

    @Test
    void identicalScoresHaveZeroVarianceAndPOne() {
        DeLong.Paired r = DeLong.paired(A, A, LABELS);
        assertThat(r.difference()).isEqualTo(0.0);
        assertThat(r.variance()).isEqualTo(0.0);
        assertThat(r.z()).isEqualTo(0.0);
        assertThat(r.p()).isEqualTo(1.0);
        assertThat(r.ci95()).isEqualTo(new Interval(0.0, 0.0));
    }

    @Test
    void perfectAgainstReversedIsCertain() {
        // A separates perfectly (all components 1), B reverses (all 0): the differences are
        // constant, so the variance is 0 while the difference is 1.
        double[] good = {0.9, 0.8, 0.1, 0.2, 0.3};
        double[] bad = {0.1, 0.2, 0.9, 0.8, 0.7};
        DeLong.Paired r = DeLong.paired(good, bad, LABELS);
        assertThat(r.difference()).isEqualTo(1.0);
        assertThat(r.variance()).isEqualTo(0.0);
        assertThat(r.z()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(r.p()).isEqualTo(0.0);
    }

    @Test
    void tooFewCasesGiveNaNVariance() {
        // One positive: S10 has no n-1 degrees of freedom.
        DeLong.Result single = DeLong.auc(new double[] {0.9, 0.1, 0.2}, new int[] {1, 0, 0});
        assertThat(single.auc()).isEqualTo(1.0);
        assertThat(single.variance()).isNaN();
        assertThat(single.ci95().low()).isNaN();
        DeLong.Result oneClass = DeLong.auc(new double[] {0.9, 0.1}, new int[] {1, 1});
        assertThat(oneClass.auc()).isNaN();
        assertThat(oneClass.variance()).isNaN();
        assertThat(DeLong.paired(new double[] {0.9, 0.1}, new double[] {0.2, 0.3}, new int[] {1, 1}).p()).isNaN();
    }

    @Property
    void matchesAucAndTheDirectStructuralComponents(@ForAll("cases") List<double[]> rows) {
        double[] scores = rows.stream().mapToDouble(r -> r[0]).toArray();
        int[] labels = rows.stream().mapToInt(r -> (int) r[1]).toArray();
        DeLong.Result r = DeLong.auc(scores, labels);
        assertThat(r.auc()).isEqualTo(Auc.of(scores, labels));
        // Direct O(m·n) definition of DeLong et al. (1988), against the midrank shortcut.
        assertThat(r.variance()).isCloseTo(naiveVariance(scores, labels), within(1e-12));
    }

    @Property
    void pairedVarianceMatchesTheCovarianceForm(@ForAll("pairs") List<double[]> rows) {
        double[] a = rows.stream().mapToDouble(r -> r[0]).toArray();
        double[] b = rows.stream().mapToDouble(r -> r[1]).toArray();
        int[] labels = rows.stream().mapToInt(r -> (int) r[2]).toArray();
        DeLong.Paired r = DeLong.paired(a, b, labels);
        double[][] ca = naiveComponents(a, labels);
        double[][] cb = naiveComponents(b, labels);
        // DeLong's form: (S10aa + S10bb - 2 S10ab)/m + (S01aa + S01bb - 2 S01ab)/n.
        double expected = (cov(ca[0], ca[0]) + cov(cb[0], cb[0]) - 2 * cov(ca[0], cb[0])) / ca[0].length
                + (cov(ca[1], ca[1]) + cov(cb[1], cb[1]) - 2 * cov(ca[1], cb[1])) / ca[1].length;
        assertThat(r.variance()).isCloseTo(expected, within(1e-12));
        assertThat(r.difference()).isEqualTo(Auc.of(a, labels) - Auc.of(b, labels));
    }

    private static double naiveVariance(double[] scores, int[] labels) {
        double[][] c = naiveComponents(scores, labels);
        return cov(c[0], c[0]) / c[0].length + cov(c[1], c[1]) / c[1].length;
    }

    /** V10 for positives and V01 for negatives straight from the definition (ties half). */
    private static double[][] naiveComponents(double[] s, int[] labels) {
        int m = 0;
        for (int l : labels) m += l;
        int n = labels.length - m;
        double[] v10 = new double[m];
        double[] v01 = new double[n];
        for (int i = 0, pi = 0; i < s.length; i++) {
            if (labels[i] != 1) continue;
            for (int j = 0, nj = 0; j < s.length; j++) {
                if (labels[j] != 0) continue;
                double psi = s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                v10[pi] += psi / n;
                v01[nj] += psi / m;
                nj++;
            }
            pi++;
        }
        return new double[][] {v10, v01};
    }

    private static double cov(double[] u, double[] v) {
        double mu = 0, mv = 0;
        for (int i = 0; i < u.length; i++) {
            mu += u[i] / u.length;
            mv += v[i] / v.length;
        }
        double s = 0;
        for (int i = 0; i < u.length; i++) s += (u[i] - mu) * (v[i] - mv);
        return s / (u.length - 1);
    }

    @Provide
    Arbitrary<List<double[]>> cases() {
        // At least 2 of each class (so the variance is defined); coarse scores to force ties.
        Arbitrary<Double> score = Arbitraries.integers().between(0, 8).map(i -> i / 8.0);
        Arbitrary<List<double[]>> extra = Combinators.combine(score, Arbitraries.integers().between(0, 1))
                .as((s, l) -> new double[] {s, l}).list().ofMaxSize(30);
        return Combinators.combine(score.list().ofSize(4), extra).as((fixed, more) -> {
            List<double[]> rows = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) rows.add(new double[] {fixed.get(i), i % 2});
            rows.addAll(more);
            return rows;
        });
    }

    @Provide
    Arbitrary<List<double[]>> pairs() {
        Arbitrary<Double> score = Arbitraries.integers().between(0, 8).map(i -> i / 8.0);
        Arbitrary<List<double[]>> extra = Combinators.combine(score, score, Arbitraries.integers().between(0, 1))
                .as((a, b, l) -> new double[] {a, b, l}).list().ofMaxSize(30);
        return Combinators.combine(score.list().ofSize(8), extra).as((fixed, more) -> {
            List<double[]> rows = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) rows.add(new double[] {fixed.get(2 * i), fixed.get(2 * i + 1), i % 2});
            rows.addAll(more);
            return rows;
        });
    }
}
