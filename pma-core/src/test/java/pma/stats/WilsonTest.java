package pma.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class WilsonTest {
    @Test
    void eightOfTenAtZ196() {
        // Hand: p = 0.8, n = 10, z² = 3.8416; denominator 1 + 0.38416 = 1.38416;
        // centre = (0.8 + 0.19208)/1.38416 = 0.716976...; half = 1.96/1.38416 ·
        // sqrt(0.016 + 0.009604) = 0.226581...; interval (0.4901568467, 0.9433190520),
        // the commonly quoted (0.4902, 0.9433).
        Interval i = Wilson.interval(8, 10, 1.96);
        assertThat(i.low()).isCloseTo(0.49015684672072335, within(1e-12));
        assertThat(i.high()).isCloseTo(0.9433190520193067, within(1e-12));
    }

    @Test
    void boundsAreExactAtZeroAndAll() {
        // k = 0: centre = half = (z²/2n)/(1 + z²/n), so low is exactly 0 and
        // high = (z²/n)/(1 + z²/n) = 3.8416/13.8416 = 0.27754015...
        Interval none = Wilson.interval(0, 10, 1.96);
        assertThat(none.low()).isEqualTo(0.0);
        assertThat(none.high()).isCloseTo(3.8416 / 13.8416, within(1e-15));
        Interval all = Wilson.interval(10, 10, 1.96);
        assertThat(all.high()).isEqualTo(1.0);
        assertThat(all.low()).isCloseTo(10.0 / 13.8416, within(1e-15));
    }

    @Test
    void zeroTrialsIsTheWholeUnitInterval() {
        assertThat(Wilson.interval95(0, 0)).isEqualTo(new Interval(0.0, 1.0));
    }

    @Test
    void interval95UsesTheExactQuantile() {
        // scipy.stats.binomtest(3, 7).proportion_ci(0.95, method="wilson").
        Interval i = Wilson.interval95(3, 7);
        assertThat(i.low()).isCloseTo(0.1582198552514697, within(1e-12));
        assertThat(i.high()).isCloseTo(0.7495416354723428, within(1e-12));
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThatThrownBy(() -> Wilson.interval(5, 4, 1.96)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Wilson.interval(-1, 4, 1.96)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Wilson.interval(1, 4, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void containsTheProportionAndLiesInUnitInterval(
            @ForAll @IntRange(min = 0, max = 2000) int successes,
            @ForAll @IntRange(min = 1, max = 2000) int trials) {
        Assume.that(successes <= trials);
        Interval i = Wilson.interval95(successes, trials);
        assertThat(i.low()).isBetween(0.0, 1.0);
        assertThat(i.high()).isBetween(0.0, 1.0);
        assertThat(i.contains((double) successes / trials)).isTrue();
    }
}
