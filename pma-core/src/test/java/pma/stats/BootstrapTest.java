package pma.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BootstrapTest {
    private static final double[] DATA = {0.3, 1.2, 2.5, 0.7, 1.9, 3.1, 0.2, 1.4, 2.2, 0.9};

    /*
     * Expected intervals from a separate implementation in Python, written from the documented
     * algorithms: java.util.SplittableRandom (SplitMix64; JDK 17's bounded nextInt), one resample of
     * ten indices after another, the mean of each, numpy.quantile (type 7) at 2.5% and 97.5%.
     * The data's mean is 1.44.
     */
    @Test
    void intervalMatchesAnIndependentImplementation() {
        Interval a = Bootstrap.meanCi(DATA, 2000, 42L);
        assertThat(a.low()).isCloseTo(0.89, within(1e-12));
        assertThat(a.high()).isCloseTo(2.01025, within(1e-12));
        Interval b = Bootstrap.meanCi(DATA, 2000, 7L);
        assertThat(b.low()).isCloseTo(0.91, within(1e-12));
        assertThat(b.high()).isCloseTo(2.04025, within(1e-12));
    }

    @Test
    void differentSeedsDrawDifferentResamples() {
        assertThat(Bootstrap.replicates(DATA, Bootstrap::mean, 50, 1L))
                .isNotEqualTo(Bootstrap.replicates(DATA, Bootstrap::mean, 50, 2L));
    }

    @Test
    void twoPointSampleGivesTheExtremes() {
        // For {0, 1} a resample mean is 0 with probability 1/4, 0.5 with 1/2, 1 with 1/4. Among
        // 1000 resamples about 250 are 0 and 250 are 1, far more than the 26 order statistics the
        // type-7 2.5% and 97.5% quantiles touch (h = 999·0.025 = 24.975), so the interval is
        // exactly (0, 1).
        assertThat(Bootstrap.meanCi(new double[] {0, 1}, 1000, 3L)).isEqualTo(new Interval(0.0, 1.0));
    }

    @Test
    void constantSampleHasZeroWidth() {
        assertThat(Bootstrap.meanCi(new double[] {2.5, 2.5, 2.5}, 100, 9L)).isEqualTo(new Interval(2.5, 2.5));
    }

    @Test
    void emptySampleIsUndefined() {
        Interval ci = Bootstrap.meanCi(new double[0], 100, 1L);
        assertThat(ci.low()).isNaN();
        assertThat(ci.high()).isNaN();
        assertThat(Bootstrap.mean(new double[0])).isNaN();
    }

    @Test
    void nanReplicatesAreDropped() {
        // A statistic that is NaN whenever the resample has a 0 and 1 otherwise: only the
        // all-ones resamples survive, so the interval is (1, 1).
        double[] x = {0, 1, 1, 1};
        Interval ci = Bootstrap.ci(x, s -> {
            for (double v : s) if (v == 0) return Double.NaN;
            return 1.0;
        }, 500, 5L, 0.9);
        assertThat(ci).isEqualTo(new Interval(1.0, 1.0));
    }

    @Test
    void typeSevenQuantile() {
        // R: quantile(c(1, 2, 3, 4), 0.25) = 1 + 0.75·(2 - 1) = 1.75 (h = 3·0.25 = 0.75).
        double[] sorted = {1, 2, 3, 4};
        assertThat(Bootstrap.quantile(sorted, 0.25)).isEqualTo(1.75);
        assertThat(Bootstrap.quantile(sorted, 0.0)).isEqualTo(1.0);
        assertThat(Bootstrap.quantile(sorted, 1.0)).isEqualTo(4.0);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> Bootstrap.meanCi(DATA, 0, 1L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bootstrap.ci(DATA, Bootstrap::mean, 10, 1L, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 50)
    void everySeedGivesThePercentilesOfItsOwnDraws(@ForAll long seed) {
        // The documented procedure, written out here: draw n indices per resample from one
        // SplittableRandom(seed), average, sort, and interpolate the 2.5% and 97.5% order statistics
        // (h = (B - 1)p, R's type 7).
        int resamples = 200;
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double sum = 0;
            for (int i = 0; i < DATA.length; i++) sum += DATA[random.nextInt(DATA.length)];
            means[b] = sum / DATA.length;
        }
        Arrays.sort(means);
        double[] expected = new double[2];
        double[] probs = {0.025, 0.975};
        for (int k = 0; k < 2; k++) {
            double h = (resamples - 1) * probs[k];
            int lo = (int) h;
            expected[k] = means[lo] + (h - lo) * (means[lo + 1] - means[lo]);
        }
        Interval ci = Bootstrap.meanCi(DATA, resamples, seed);
        assertThat(ci.low()).isCloseTo(expected[0], within(1e-12));
        assertThat(ci.high()).isCloseTo(expected[1], within(1e-12));
    }
}
