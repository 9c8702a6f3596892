package pma.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalTest {
    // Reference values: scipy 1.17.1 scipy.special.erfc / scipy.stats.norm (Cephes), which agree
    // with the tables in Abramowitz & Stegun ch. 7 and 26 to the digits printed there.

    @Test
    void erfcAtPointsInEachApproximationRange() {
        assertThat(Normal.erfc(0.0)).isEqualTo(1.0);
        assertThat(Normal.erfc(0.3)).isCloseTo(0.6713732405408726, within(1e-15)); // |x| <= 0.46875
        assertThat(Normal.erfc(0.5)).isCloseTo(0.4795001221869535, within(1e-15)); // (0.46875, 4]
        assertThat(Normal.erfc(-1.2)).isCloseTo(1.9103139782296354, within(1e-15)); // negative x
        assertThat(Normal.erfc(3.0)).isCloseTo(2.2090496998585445e-05, within(1e-19));
        assertThat(Normal.erfc(6.0)).isCloseTo(2.1519736712498913e-17, within(1e-30)); // x > 4
        assertThat(Normal.erfc(30.0)).isEqualTo(0.0);
        assertThat(Normal.erfc(Double.NaN)).isNaN();
    }

    @Test
    void cdfAndTails() {
        // Phi(1.96) = 0.9750021048517795 (A&S table 26.1: 0.9750021048517795)
        assertThat(Normal.cdf(1.96)).isCloseTo(0.9750021048517795, within(1e-15));
        assertThat(Normal.cdf(-1.96)).isCloseTo(1 - 0.9750021048517795, within(1e-15));
        // P(Z > 5) = 2.866515718791933e-07; relative precision is kept in the tail
        assertThat(Normal.upperTail(5.0)).isCloseTo(2.866515718791933e-07, within(1e-20));
        // Z95 is the 0.975 quantile: Phi(Z95) = 0.975
        assertThat(Normal.cdf(Normal.Z95)).isCloseTo(0.975, within(1e-15));
        assertThat(Normal.twoSidedP(0.0)).isEqualTo(1.0);
        assertThat(Normal.twoSidedP(-1.96)).isCloseTo(2 * (1 - 0.9750021048517795), within(1e-15));
        assertThat(Normal.twoSidedP(Double.NaN)).isNaN();
    }
}
