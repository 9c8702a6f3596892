package pma.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import pma.analysis.Tally;
import pma.stats.Interval;

/** The shared number formats, against values written out by hand. */
class FormatTest {
    @Test
    void decimalsRoundHalfUpAndMissingReadsAsADash() {
        assertThat(Format.f2(0.125)).isEqualTo("0.13"); // 0.125 is exact in binary, so half-up applies
        assertThat(Format.f3(2.0 / 3)).isEqualTo("0.667");
        assertThat(Format.f1(41.25)).isEqualTo("41.3");
        assertThat(Format.f2(Double.NaN)).isEqualTo("–");
    }

    @Test
    void signedPValuesAndShares() {
        assertThat(Format.signed(0.0123)).isEqualTo("+0.012");
        assertThat(Format.signed(-0.004)).isEqualTo("-0.004");
        assertThat(Format.p(0.0004)).isEqualTo("<0.001");
        assertThat(Format.p(0.0312)).isEqualTo("0.031");
        assertThat(Format.share(1, 8)).isEqualTo("12.5%");
        assertThat(Format.share(1, 0)).isEqualTo("–");
        assertThat(Format.pct(0.7)).isEqualTo("70%");
    }

    @Test
    void intervalsRatiosAndSummaries() {
        assertThat(Format.interval(new Interval(0.1, 0.25))).isEqualTo("0.10–0.25");
        assertThat(Format.interval(new Interval(Double.NaN, Double.NaN))).isEqualTo("–");
        assertThat(Format.ratio(new Tally(5, 3, 1, 2, 0.4))).isEqualTo("3/5");
        assertThat(Format.ratio(Tally.EMPTY)).isEqualTo("–");
        assertThat(Format.meanRange(new double[] {1, 2, 6}, 1)).isEqualTo("3.0 (1.0–6.0)");
        assertThat(Format.meanSd(new double[] {1, 3})).isEqualTo("2.000 ± 1.414"); // sample sd = √2
        assertThat(Format.meanSd(new double[] {0.5})).isEqualTo("0.500");
    }

    @Test
    void durations() {
        assertThat(Format.duration(42.4)).isEqualTo("42 s");
        assertThat(Format.duration(65)).isEqualTo("1 min 05 s");
        assertThat(Format.duration(3725)).isEqualTo("1 h 02 min");
    }

    @Test
    void shortenKeepsTheLimit() {
        assertThat(Format.shorten("abcdef", 6)).isEqualTo("abcdef");
        assertThat(Format.shorten("abcdefg", 6)).isEqualTo("abcde…");
    }
}
