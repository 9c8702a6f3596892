package pma.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Ambiguity on two hand-made runs with thresholds 0.7 and 0.3. */
class AmbiguityTest {
    static final double N = Double.NaN;
    static final int[] TARGETS = {0, 1, 0, 1, 0, 1};

    static Ambiguity.Result result() {
        return Ambiguity.of(6, List.of(
                Runs.run(1, "a", 0.7, TARGETS, 0.7, 0.5, 0.6, 0.9, 0.6, 0.1),
                Runs.run(2, "b", 0.3, TARGETS, 0.3, 0.5, 0.4, 0.8, N, 0.2)));
    }

    @Test
    void meanDistanceToTheThresholdAndSdOverRuns() {
        Ambiguity.Result r = result();
        // |p - t|: image 0 (0, 0), 1 (0.2, 0.2), 2 (0.1, 0.1), 3 (0.2, 0.5), 4 (0.1), 5 (0.6, 0.1).
        assertThat(r.distance()).usingComparatorWithPrecision(1e-12).containsExactly(0, 0.2, 0.1, 0.35, 0.1, 0.35);
        // sd (n - 1) of two values = |x - y| / sqrt(2); image 4 was tested once.
        double s = Math.sqrt(2);
        assertThat(r.sd()).usingComparatorWithPrecision(1e-12).containsExactly(0.4 / s, 0, 0.2 / s, 0.1 / s, N, 0.1 / s);
    }

    @Test
    void cutsAreQuartilesOverImagesTestedTwiceAndBothMustHold() {
        Ambiguity.Result r = result();
        // Distances of images 0, 1, 2, 3, 5 sorted: 0, 0.1, 0.2, 0.35, 0.35; type-7 Q1 at h = 4 x 0.25 = 1: 0.1.
        assertThat(r.distanceCut()).isCloseTo(0.1, within(1e-12));
        // Their sds sorted: 0, 0.0707, 0.0707, 0.1414, 0.2828; Q3 at h = 3: 0.2 / sqrt(2).
        assertThat(r.sdCut()).isCloseTo(0.2 / Math.sqrt(2), within(1e-12));
        // Image 0: close (0) and unstable (0.28); image 2 sits on both cuts (inclusive); image 1 is
        // 0.2 from the threshold, too far; image 4 has one prediction only.
        assertThat(r.ambiguous()).containsExactly(true, false, true, false, false, false);
    }

    @Test
    void noImageTestedTwiceMeansNoCutsAndNoAmbiguity() {
        Ambiguity.Result r = Ambiguity.of(2, List.of(Runs.run(1, "a", 0.5, new int[] {0, 1}, 0.5, 0.5)));
        assertThat(r.distanceCut()).isNaN();
        assertThat(r.ambiguous()).containsExactly(false, false);
    }
}
