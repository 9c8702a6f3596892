package pma.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SummaryTest {
    @Test
    void handComputed() {
        // {2, 4, 4, 4, 5, 5, 7, 9}: mean 40/8 = 5; squared residuals 9+1+1+1+0+0+4+16 = 32;
        // sd = sqrt(32/7) = 2.138089935299395
        Summary s = Summary.of(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertThat(s.n()).isEqualTo(8);
        assertThat(s.mean()).isEqualTo(5.0);
        assertThat(s.sd()).isCloseTo(Math.sqrt(32.0 / 7.0), within(1e-15));
        assertThat(s.min()).isEqualTo(2.0);
        assertThat(s.max()).isEqualTo(9.0);
    }

    @Test
    void largeOffsetDoesNotCancel() {
        // Same residuals as {1, 2, 3} (sd 1) shifted by 1e9: the two-pass formula keeps sd = 1.
        Summary s = Summary.of(new double[] {1e9 + 1, 1e9 + 2, 1e9 + 3});
        assertThat(s.mean()).isEqualTo(1e9 + 2);
        assertThat(s.sd()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void emptyAndSingle() {
        assertThat(Summary.of(new double[0]))
                .isEqualTo(new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        Summary one = Summary.of(new double[] {3.5});
        assertThat(one.n()).isEqualTo(1);
        assertThat(one.mean()).isEqualTo(3.5);
        assertThat(one.sd()).isNaN(); // n-1 = 0: undefined, as R's sd()
        assertThat(one.min()).isEqualTo(3.5);
        assertThat(one.max()).isEqualTo(3.5);
    }
}
