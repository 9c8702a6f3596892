package pma.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IntervalTest {
    @Test
    void containsIncludesBoundsAndRejectsNaN() {
        Interval i = new Interval(0.2, 0.5);
        assertThat(i.contains(0.2)).isTrue();
        assertThat(i.contains(0.5)).isTrue();
        assertThat(i.contains(0.51)).isFalse();
        assertThat(i.width()).isEqualTo(0.5 - 0.2);
        assertThat(new Interval(Double.NaN, Double.NaN).contains(0.3)).isFalse();
    }

    @Test
    void reversedBoundsAreRejected() {
        assertThatThrownBy(() -> new Interval(0.6, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
