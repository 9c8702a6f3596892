package pma.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BenjaminiHochbergTest {
    @Test
    void evenlySpacedAllBecomeTheLargest() {
        // m = 5: m·p(i)/i = 5·0.01/1 = 5·0.02/2 = ... = 5·0.05/5 = 0.05 for every i.
        double[] q = BenjaminiHochberg.adjust(new double[] {0.01, 0.02, 0.03, 0.04, 0.05});
        for (double v : q) assertThat(v).isCloseTo(0.05, within(1e-15));
    }

    @Test
    void stepUpMinimumInOriginalOrder() {
        // Sorted p: 0.01, 0.03, 0.04, 0.20 (m = 4); raw m·p/i = 0.04, 0.06, 0.053333, 0.2;
        // running minimum from the top: 0.2, 0.053333, min(0.06, 0.053333), 0.04.
        // Mapped back to input order {0.01, 0.04, 0.03, 0.20}: {0.04, 0.16/3, 0.16/3, 0.2}.
        // (R: p.adjust(c(0.01, 0.04, 0.03, 0.20), "BH") gives the same.)
        double[] q = BenjaminiHochberg.adjust(new double[] {0.01, 0.04, 0.03, 0.20});
        assertThat(q[0]).isCloseTo(0.04, within(1e-15));
        assertThat(q[1]).isCloseTo(0.16 / 3, within(1e-15));
        assertThat(q[2]).isCloseTo(0.16 / 3, within(1e-15));
        assertThat(q[3]).isCloseTo(0.2, within(1e-15));
    }

    @Test
    void nanStaysNanAndIsNotCounted() {
        // Without the NaN, m = 2: sorted 0.02, 0.04 -> raw 0.04, 0.04 -> q = 0.04, 0.04.
        // Counting the NaN (m = 3) would give 0.06 instead.
        double[] q = BenjaminiHochberg.adjust(new double[] {0.04, Double.NaN, 0.02});
        assertThat(q[0]).isCloseTo(0.04, within(1e-15));
        assertThat(q[1]).isNaN();
        assertThat(q[2]).isCloseTo(0.04, within(1e-15));
    }

    @Test
    void neverExceedsOne() {
        // Sorted 0.8, 0.9 (m = 2): raw 2·0.8/1 = 1.6 and 2·0.9/2 = 0.9; the step-up minimum from
        // the top pulls 1.6 down to 0.9, so q = {0.9, 0.9} and no raw value above 1 survives.
        double[] q = BenjaminiHochberg.adjust(new double[] {0.9, 0.8});
        assertThat(q).containsExactly(0.9, 0.9);
        assertThat(BenjaminiHochberg.adjust(new double[] {1.0, 1.0})).containsExactly(1.0, 1.0);
        assertThat(BenjaminiHochberg.adjust(new double[0])).isEmpty();
    }

    @Test
    void rejectsOutOfRange() {
        assertThatThrownBy(() -> BenjaminiHochberg.adjust(new double[] {0.5, 1.5}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void qIsAtLeastPAndMonotoneInP(
            @ForAll @Size(max = 40) List<@DoubleRange(min = 0, max = 1) Double> values) {
        double[] p = values.stream().mapToDouble(Double::doubleValue).toArray();
        double[] q = BenjaminiHochberg.adjust(p);
        for (int i = 0; i < p.length; i++) {
            assertThat(q[i]).isBetween(p[i], 1.0);
            for (int j = 0; j < p.length; j++) {
                if (p[i] <= p[j]) assertThat(q[i]).isLessThanOrEqualTo(q[j]);
            }
        }
    }
}
