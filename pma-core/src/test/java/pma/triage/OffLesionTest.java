package pma.triage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffLesionTest {
    @Test
    void focusBelowTheLesionAreaIsOffTheLesion() {
        double n = Double.NaN;
        // A lesion covering 30% of the image: a uniform map puts 0.3 of its energy inside.
        assertThat(OffLesion.of(new double[] {0.1, 0.3, 0.9, n, 0.1}, new double[] {0.3, 0.3, 0.3, 0.3, n}))
                .containsExactly(true, false, false, false, false);
    }
}
