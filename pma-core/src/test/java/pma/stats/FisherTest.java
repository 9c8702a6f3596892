package pma.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FisherTest {
    @Test
    void ladyTastingTea() {
        // Fisher (1935) tea tasting, [[3, 1], [1, 3]]: margins 4/4, N = 8, so x ~ hypergeometric
        // with probabilities C(4,x)C(4,4-x)/70 = {1, 16, 36, 16, 1}/70. Observed x = 3 (16/70);
        // two-sided p = (1 + 16 + 16 + 1)/70 = 34/70 = 0.4857142857 (R: fisher.test, p = 0.4857).
        Fisher.Result r = Fisher.test(3, 1, 1, 3);
        assertThat(r.p()).isCloseTo(34.0 / 70.0, within(1e-12));
        // Sample odds ratio 3·3/(1·1) = 9; Woolf se = sqrt(1/3 + 1 + 1 + 1/3) = sqrt(8/3);
        // exp(log 9 ± 1.959963984540054·sqrt(8/3)) = (0.36663693192554553, 220.92700692915736).
        assertThat(r.oddsRatio()).isCloseTo(9.0, within(1e-12));
        assertThat(r.ci95().low()).isCloseTo(0.36663693192554553, within(1e-12));
        assertThat(r.ci95().high()).isCloseTo(220.92700692915736, within(1e-9));
    }

    @Test
    void zeroCellUsesHaldaneAnscombe() {
        // [[0, 5], [5, 0]]: margins 5/5, N = 10; the extreme tables x = 0 and x = 5 each have
        // probability 1/C(10,5) = 1/252 and all others are larger, so p = 2/252.
        Fisher.Result r = Fisher.test(0, 5, 5, 0);
        assertThat(r.p()).isCloseTo(2.0 / 252.0, within(1e-14));
        // Corrected cells 0.5, 5.5, 5.5, 0.5: OR = 0.25/30.25 = 1/121;
        // se = sqrt(2/0.5 + 2/5.5) = sqrt(4.363636...); exp(log(1/121) ± 1.959963984540054·se)
        // = (1.3775665763196866e-4, 0.4958115760835399).
        assertThat(r.oddsRatio()).isCloseTo(1.0 / 121.0, within(1e-15));
        assertThat(r.ci95().low()).isCloseTo(1.3775665763196866e-4, within(1e-15));
        assertThat(r.ci95().high()).isCloseTo(0.4958115760835399, within(1e-12));
    }

    @Test
    void balancedTableHasPOne() {
        // [[5, 5], [5, 5]]: the observed table is the mode, every table is <= it, so p = 1.
        Fisher.Result r = Fisher.test(5, 5, 5, 5);
        assertThat(r.p()).isEqualTo(1.0);
        assertThat(r.oddsRatio()).isEqualTo(1.0);
        // An empty table carries no evidence either; corrected OR = 0.25/0.25 = 1.
        Fisher.Result empty = Fisher.test(0, 0, 0, 0);
        assertThat(empty.p()).isEqualTo(1.0);
        assertThat(empty.oddsRatio()).isEqualTo(1.0);
    }

    @Test
    void largeTableUsesStirlingLogFactorials() {
        // N = 440 > 256 exercises the Stirling branch. Reference: scipy 1.17.1
        // scipy.stats.fisher_exact([[120, 80], [100, 140]]) p = 0.00018145228573616888 (the same
        // minimum-likelihood two-sided rule with relative tolerance 1e-7).
        Fisher.Result r = Fisher.test(120, 80, 100, 140);
        assertThat(r.p()).isCloseTo(0.00018145228573616888, within(1e-15));
        assertThat(r.oddsRatio()).isCloseTo(120.0 * 140 / (80 * 100), within(1e-12));
    }

    @Test
    void logFactorialAgreesAcrossTheTableBoundary() {
        // log(257!) summed directly = 1172.806354647776 (lgamma(258) = 1172.8063546477754);
        // log(1000!) = lgamma(1001) = 5912.128178488163.
        double direct = 0;
        for (int i = 1; i <= 257; i++) direct += Math.log(i);
        assertThat(Fisher.logFactorial(257)).isCloseTo(direct, within(1e-10));
        assertThat(Fisher.logFactorial(1000)).isCloseTo(5912.128178488163, within(1e-9));
        assertThat(Fisher.logFactorial(0)).isEqualTo(0.0);
        assertThat(Fisher.logFactorial(1)).isEqualTo(0.0);
    }

    @Test
    void rejectsNegativeCounts() {
        assertThatThrownBy(() -> Fisher.test(1, -1, 2, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
