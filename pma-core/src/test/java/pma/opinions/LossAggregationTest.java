package pma.opinions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import pma.ledger.Prediction;
import pma.split.Role;

/** Standardized loss aggregation, its group mean and the mean of normalised ranks, on hand-worked examples. */
class LossAggregationTest {
    // Given labels: image 0 positive, image 1 negative, image 2 positive.
    static final int[] TARGETS = {1, 0, 1};

    private static Prediction test(int image, double probabilityPositive) {
        return new Prediction(image, Role.TEST, probabilityPositive, probabilityPositive >= 0.5 ? 1 : 0,
                (probabilityPositive >= 0.5 ? 1 : 0) == TARGETS[image]);
    }

    @Test
    void slaAveragesEachRunsStandardizedLossOfTheGivenLabel() {
        // Run A tests all three: P(given) = 0.9, 0.8 (1 - 0.2), 0.4.
        //   losses -ln p = 0.1053605, 0.2231436, 0.9162907; mean 0.4149316; sd (n denominator)
        //   sqrt(((0.1053605-0.4149316)^2 + (0.2231436-0.4149316)^2 + (0.9162907-0.4149316)^2) / 3) = 0.3577606
        //   z = -0.8653024, -0.5360793, +1.4013817
        // Run B tests images 0 and 2: P(given) = 0.5, 0.99; losses 0.6931472, 0.0100503. With two
        //   values the sd is half their distance, so z = +1, -1.
        // Mean z: image 0 (-0.8653024 + 1) / 2 = 0.0673488; image 1 -0.5360793 (run A only);
        //   image 2 (1.4013817 - 1) / 2 = 0.2006909.
        List<List<Prediction>> runs = List.of(List.of(test(0, 0.9), test(1, 0.2), test(2, 0.4)),
                List.of(test(0, 0.5), test(2, 0.99)));
        double[] sla = LossAggregation.sla(TARGETS, runs);
        assertThat(sla[0]).isCloseTo(0.0673488, within(1e-6));
        assertThat(sla[1]).isCloseTo(-0.5360793, within(1e-6));
        assertThat(sla[2]).isCloseTo(0.2006909, within(1e-6));
    }

    @Test
    void certainProbabilitiesAreClippedAndAnUntestedImageHasNoScore() {
        // P(positive) = 1 gives image 0 (positive) p(given) = 1 and image 1 (negative) p(given) = 0:
        // clipped to 1 - 1e-7 and 1e-7, losses 1e-7 and 16.118; two values, so z = -1 and +1 (an
        // unclipped -ln 0 would make both NaN). Image 2 is never tested.
        double[] sla = LossAggregation.sla(TARGETS, List.of(List.of(test(0, 1.0), test(1, 1.0))));
        assertThat(sla[0]).isCloseTo(-1, within(1e-9));
        assertThat(sla[1]).isCloseTo(1, within(1e-9));
        assertThat(sla[2]).isNaN();
        // A run whose losses are all equal says nothing: z = 0.
        assertThat(LossAggregation.sla(TARGETS, List.of(List.of(test(0, 0.7), test(2, 0.7))))).containsExactly(0, Double.NaN, 0);
    }

    @Test
    void groupMeanPoolsTheViewsOfOnePatient() {
        // Patient a: images 0, 2 and 3 (3 unscored): (0.3 + 0.9) / 2 = 0.6. Patient b: image 1 alone.
        // Patient c: image 4, unscored.
        double[] g = LossAggregation.groupMean(new double[] {0.3, -0.2, 0.9, Double.NaN, Double.NaN},
                List.of("a", "b", "a", "a", "c"));
        assertThat(g[0]).isCloseTo(0.6, within(1e-12));
        assertThat(g[1]).isEqualTo(-0.2);
        assertThat(g[2]).isCloseTo(0.6, within(1e-12));
        assertThat(g[3]).isCloseTo(0.6, within(1e-12));
        assertThat(g[4]).isNaN();
    }

    @Test
    void meanNormalisedRankAveragesMidRanksOverTheScoresAnImageHas() {
        // Score 1 over four images: 0.5, 0.1, 0.5, 0.9 -> ascending ranks 2.5, 1, 2.5, 4 of 4
        //   -> 0.625, 0.25, 0.625, 1.
        // Score 2: 3, NaN, 1, 2 -> ranks 3, -, 1, 2 of 3 scored -> 1, -, 1/3, 2/3.
        // Means: (0.625 + 1) / 2 = 0.8125; 0.25 (score 1 only); (0.625 + 1/3) / 2 = 0.4791667;
        //   (1 + 2/3) / 2 = 0.8333333.
        double[] r = LossAggregation.meanNormalisedRank(List.of(new double[] {0.5, 0.1, 0.5, 0.9},
                new double[] {3, Double.NaN, 1, 2}));
        assertThat(r[0]).isCloseTo(0.8125, within(1e-12));
        assertThat(r[1]).isCloseTo(0.25, within(1e-12));
        assertThat(r[2]).isCloseTo(0.4791667, within(1e-7));
        assertThat(r[3]).isCloseTo(0.8333333, within(1e-7));
    }

    @Test
    void topTakesTheKHighestWithTiesAtTheBoundary() {
        double[] v = {0.2, 0.9, Double.NaN, 0.5, 0.5, 0.1};
        assertThat(LossAggregation.top(v, 2)).containsExactly(false, true, false, true, true, false);
        assertThat(LossAggregation.top(v, 1)).containsExactly(false, true, false, false, false, false);
        assertThat(LossAggregation.top(v, 0)).containsExactly(false, false, false, false, false, false);
        assertThat(LossAggregation.top(v, 9)).containsExactly(true, true, false, true, true, true);
    }
}
