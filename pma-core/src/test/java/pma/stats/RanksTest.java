package pma.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Midranks and the tie sum against scipy.stats.rankdata (method "average") and hand counts. */
class RanksTest {
    static final double[] VALUES = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5};

    @Test
    void midranksMatchScipyRankdata() {
        // scipy.stats.rankdata([3,1,4,1,5,9,2,6,5,3,5])
        assertThat(Ranks.mid(VALUES)).containsExactly(4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8);
        assertThat(Ranks.mid(new double[0])).isEmpty();
    }

    @Test
    void tieSumCountsEachTieGroup() {
        // Ties: {1,1}, {3,3}, {5,5,5}: (8-2) + (8-2) + (27-3) = 36.
        assertThat(Ranks.tieSum(VALUES)).isEqualTo(36);
        assertThat(Ranks.tieSum(new double[] {1, 2, 3})).isZero();
    }
}
