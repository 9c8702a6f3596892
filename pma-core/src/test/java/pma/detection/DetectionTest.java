package pma.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DetectionTest {
    private static boolean[] all(int n) {
        boolean[] b = new boolean[n];
        Arrays.fill(b, true);
        return b;
    }

    @Test
    void perfectRankingHasAveragePrecisionOne() {
        double[] s = {0.9, 0.8, 0.1, 0.2};
        boolean[] bad = {true, true, false, false};
        assertThat(Detection.averagePrecision(s, bad, all(4))).isEqualTo(1.0);
    }

    /** Ranking bad, good, bad, good: AP = (1/1 + 2/3) / 2. */
    @Test
    void averagePrecisionByHand() {
        double[] s = {4, 3, 2, 1};
        boolean[] bad = {true, false, true, false};
        assertThat(Detection.averagePrecision(s, bad, all(4))).isCloseTo((1 + 2.0 / 3) / 2, within(1e-12));
    }

    /** Ties enter together: all four tied gives the prevalence, whatever the input order. */
    @Test
    void tiesDoNotDependOnOrder() {
        double[] s = {1, 1, 1, 1};
        assertThat(Detection.averagePrecision(s, new boolean[] {true, false, false, false}, all(4))).isEqualTo(0.25);
        assertThat(Detection.averagePrecision(s, new boolean[] {false, false, false, true}, all(4))).isEqualTo(0.25);
        // NaN scores tie below everything.
        double[] t = {Double.NaN, 2, Double.NaN, 1};
        assertThat(Detection.averagePrecision(t, new boolean[] {false, true, false, false}, all(4))).isEqualTo(1.0);
    }

    @Test
    void precisionRecallF1AtTheCutAndExclusions() {
        double[] s = {5, 4, 3, 2, 1};
        boolean[] flagged = {true, true, true, false, false};
        boolean[] bad = {true, false, false, true, true};
        Detection.Score all = Detection.score(s, flagged, bad, all(5));
        assertThat(all.images()).isEqualTo(5);
        assertThat(all.positives()).isEqualTo(3);
        assertThat(all.flagged()).isEqualTo(3);
        assertThat(all.truePositives()).isEqualTo(1);
        assertThat(all.precision()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(all.recall()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(all.f1()).isCloseTo(1.0 / 3, within(1e-12));
        // Leave image 4 out: two positives remain.
        Detection.Score part = Detection.score(s, flagged, bad, new boolean[] {true, true, true, true, false});
        assertThat(part.images()).isEqualTo(4);
        assertThat(part.positives()).isEqualTo(2);
        assertThat(part.recall()).isEqualTo(0.5);
        Detection.Score none = Detection.score(s, new boolean[5], bad, all(5));
        assertThat(none.precision()).isNaN();
        assertThat(none.recall()).isZero();
    }
}
