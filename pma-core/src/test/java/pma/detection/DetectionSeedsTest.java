package pma.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import pma.stats.SignTest;

/** Means, standard deviations and the paired comparison with confident learning over seeds. */
class DetectionSeedsTest {
    // sla's average precision minus cl's, seed by seed (seeds 1..7).
    static final double[] DIFFERENCES = {0.05, -0.02, 0.11, 0.07, 0.03, 0.09, -0.04};

    private static DetectionSeeds.SeedRow row(long seed, String detector, double precision, double ap) {
        return new DetectionSeeds.SeedRow(seed, new DetectionBenchmark.Row(detector, "all", "cut",
                new Detection.Score(100, 10, 5, 3, precision, 0.3, 0.5, ap)));
    }

    @Test
    void summariesAndPairedTestsMatchNumpyAndScipy() {
        List<DetectionSeeds.SeedRow> rows = new ArrayList<>();
        for (int k = 0; k < DIFFERENCES.length; k++) {
            rows.add(row(k + 1, "cl", 0.5, 0.5));
            // Precision is undefined (nothing flagged) in all but three seeds: 0.4, 0.6, 0.8.
            rows.add(row(k + 1, "sla", k < 3 ? 0.4 + 0.2 * k : Double.NaN, 0.5 + DIFFERENCES[k]));
        }
        List<DetectionSeeds.Row> s = DetectionSeeds.summarise(rows);
        assertThat(s).extracting(DetectionSeeds.Row::detector).containsExactly("cl", "sla");
        DetectionSeeds.Row sla = s.get(1);
        assertThat(sla.seeds()).isEqualTo(7);
        // numpy: d.mean() = 0.041428571, d.std(ddof=1) = 0.055506327 (also the sd of 0.5 + d)
        assertThat(sla.averagePrecision().mean()).isCloseTo(0.5 + 0.041428571, within(1e-9));
        assertThat(sla.averagePrecision().sd()).isCloseTo(0.055506327, within(1e-9));
        assertThat(sla.differenceMean()).isCloseTo(0.041428571, within(1e-9));
        assertThat(sla.differences()).containsExactly(DIFFERENCES, within(1e-12));
        // Over the three defined values: mean 0.6, sd 0.2.
        assertThat(sla.precision().n()).isEqualTo(3);
        assertThat(sla.precision().mean()).isCloseTo(0.6, within(1e-12));
        assertThat(sla.precision().sd()).isCloseTo(0.2, within(1e-12));
        assertThat(sla.better()).isEqualTo(5);
        assertThat(sla.worse()).isEqualTo(2);
        // scipy 1.17: wilcoxon(d, method='exact').pvalue = 0.109375; binomtest(5, 7).pvalue = 0.453125
        assertThat(sla.wilcoxonP()).isCloseTo(0.109375, within(1e-12));
        assertThat(sla.signP()).isCloseTo(0.453125, within(1e-12));
        // cl against itself: every difference 0, so no test.
        assertThat(s.get(0).differenceMean()).isEqualTo(0);
        assertThat(s.get(0).wilcoxonP()).isNaN();
        assertThat(s.get(0).signP()).isNaN();
    }

    @Test
    void signTestMatchesScipyBinomtest() {
        // scipy: binomtest(11, 12).pvalue = 0.00634765625 (= 2 * 13 / 4096)
        double[] d = {0.1, 0.2, -0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2};
        assertThat(SignTest.p(d)).isCloseTo(0.00634765625, within(1e-15));
        // Zeros are dropped: the same as binomtest(11, 12).
        double[] withZero = java.util.Arrays.copyOf(d, 13);
        assertThat(SignTest.p(withZero)).isCloseTo(0.00634765625, within(1e-15));
        // Balanced signs: p = 1 (capped).
        assertThat(SignTest.p(new double[] {1, -1})).isEqualTo(1.0);
        assertThat(SignTest.p(new double[] {0, 0})).isNaN();
    }
}
