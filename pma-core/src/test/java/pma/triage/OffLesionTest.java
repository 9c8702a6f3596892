package pma.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OffLesionTest {
    static final double N = Double.NaN;

    @Test
    void liftBelowTheControlsLowerDecileIsOffTheLesion() {
        // Lesions of 20% of the image, except image 5 (40%). Lifts: 0.5, 1, 1.5, 2, 2.5, 0.25, -, 4, 0.5.
        double[] focus = {0.1, 0.2, 0.3, 0.4, 0.5, 0.1, N, 0.8, 0.1};
        double[] area = {0.2, 0.2, 0.2, 0.2, 0.2, 0.4, 0.2, 0.2, N};
        // Controls: images 1, 2, 3, 4, 6 (no focus) and 7. Their lifts sorted: 1, 1.5, 2, 2.5, 4; type-7
        // lower decile at h = 4 x 0.1 = 0.4: 1 + 0.4 x 0.5 = 1.2.
        boolean[] control = {false, true, true, true, true, false, true, true, false};
        OffLesion.Result r = OffLesion.of(focus, area, control);
        assertThat(r.cut()).isCloseTo(1.2, within(1e-12));
        assertThat(r.lift()).usingComparatorWithPrecision(1e-12).containsExactly(0.5, 1, 1.5, 2, 2.5, 0.25, N, 4, N);
        // Below 1.2: images 0, 1 (a control may fall below its own decile) and 5; image 8 has no mask.
        assertThat(r.off()).containsExactly(true, true, false, false, false, true, false, false, false);
    }

    @Test
    void withoutControlsNothingIsOffTheLesion() {
        OffLesion.Result r = OffLesion.of(new double[] {0.0}, new double[] {0.5}, new boolean[] {false});
        assertThat(r.cut()).isNaN();
        assertThat(r.off()).containsExactly(false);
    }
}
