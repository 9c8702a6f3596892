package pma.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pma.dataset.ImageRecord;
import pma.stats.Interval;
import pma.stats.Wilson;

class UndecidedTest {
    // Wilson 95% lower bound of n errors in n appearances is n / (n + z^2), z^2 = 3.8414588...:
    // n = 34 gives 34 / 37.84 = 0.8985 (straddles 0.9), n = 35 gives 35 / 38.84 = 0.9011 (decided).
    @Test
    void anImageWrongEveryTimeIsDecidedAtThirtyFiveAppearances() {
        assertThat(Undecided.straddles(Wilson.interval95(34, 34), 0.9)).isTrue();
        assertThat(Undecided.straddles(Wilson.interval95(35, 35), 0.9)).isFalse();
    }

    // Upper bound of 0 errors in n is z^2 / (n + z^2): n = 1 gives 0.793 (below 0.9: decided clear);
    // at θ = 0.5, n = 3 gives 0.5615 (straddles) and n = 4 gives 0.4899 (decided).
    @Test
    void anImageRightEveryTimeIsDecidedQuickly() {
        assertThat(Undecided.straddles(Wilson.interval95(0, 1), 0.9)).isFalse();
        assertThat(Undecided.straddles(Wilson.interval95(0, 3), 0.5)).isTrue();
        assertThat(Undecided.straddles(Wilson.interval95(0, 4), 0.5)).isFalse();
    }

    @Test
    void theBoundsAreReadAsTheFlagRuleReadsF() {
        // F > θ flags; an interval whose upper bound is θ itself cannot reach a flag: decided.
        assertThat(Undecided.straddles(new Interval(0.2, 0.9), 0.9)).isFalse();
        // A lower bound at θ can still fall to F = θ, which is not flagged: undecided.
        assertThat(Undecided.straddles(new Interval(0.9, 1.0), 0.9)).isTrue();
    }

    @Test
    void keepsTheStraddlingAndTheRarelyTestedInOrder() {
        ImageStats wrongOften = stats("a", 20, 20, true);   // [0.839, 1]: straddles 0.9
        ImageStats right = stats("b", 20, 0, true);         // [0, 0.161]: decided
        ImageStats rare = stats("c", 1, 0, false);          // too few appearances
        ImageStats wrongAlways = stats("d", 40, 40, true);  // [0.912, 1]: decided
        assertThat(Undecided.of(List.of(wrongOften, right, rare, wrongAlways), 0.9))
                .extracting(s -> s.image().id()).containsExactly("a", "c");
    }

    @Test
    void keptInTopCountsTheImagesThatStayAmongTheKMostSuspect() {
        // Before: ranks of images 0..4 = 1, 2, 3, 4, 5; after: 3, 1, 5, 2, 4.
        List<ImageStats> before = List.of(ranked(0, 1), ranked(1, 2), ranked(2, 3), ranked(3, 4), ranked(4, 5));
        List<ImageStats> after = List.of(ranked(0, 3), ranked(1, 1), ranked(2, 5), ranked(3, 2), ranked(4, 4));
        // Top 2: {0, 1} then {1, 3}: 1 kept. Top 3: {0, 1, 2} then {0, 1, 3}: 2 kept. Top 5: all 5.
        assertThat(Undecided.keptInTop(before, after, 2)).isEqualTo(1);
        assertThat(Undecided.keptInTop(before, after, 3)).isEqualTo(2);
        assertThat(Undecided.keptInTop(before, after, 5)).isEqualTo(5);
        assertThat(Undecided.keptInTop(before, after, 0)).isZero();
        // An image never tested (rank 0) is in no top.
        assertThat(Undecided.keptInTop(List.of(ranked(0, 0)), List.of(ranked(0, 0)), 1)).isZero();
    }

    static ImageStats ranked(int index, int rank) {
        Tally t = new Tally(3, 1, 0, 1, 0);
        return new ImageStats(new ImageRecord(index, "i" + index, "malignant", 1, "p" + index, "", "", Map.of()), Map.of(), t,
                Wilson.interval95(1, 3), true, false, rank, rank, Double.NaN);
    }

    static ImageStats stats(String id, int appearances, int errors, boolean enough) {
        Tally t = new Tally(appearances, errors, 0, errors, 0);
        return new ImageStats(new ImageRecord(0, id, "malignant", 1, "p" + id, "", "", Map.of()), Map.of(), t,
                Wilson.interval95(errors, appearances), enough, false, 0, 0, Double.NaN);
    }
}
