package pma.stats;

/**
 * Wilcoxon signed-rank test of paired differences against a symmetric distribution about 0.
 *
 * <p>Follows R's {@code wilcox.test(d)} (two-sided, mu = 0, exact = NULL, correct = TRUE): zero
 * differences are dropped and the rest ranked; the p-value is exact when fewer than 50
 * differences remain and there are neither ties among their absolute values nor dropped zeros.
 * With ties or zeros R cannot use its exact distribution ("cannot compute exact p-value with
 * ties/zeroes") and falls back to the normal approximation with the tie-corrected variance and a
 * continuity correction, computed on the non-zero differences; so does this class, at any n.
 */
public final class Wilcoxon {
    private Wilcoxon() {}

    /** Largest number of non-zero differences for which the exact distribution is used (R: n &lt; 50). */
    public static final int EXACT_MAX_N = 49;

    /**
     * Result of {@link #signedRank}.
     *
     * @param statistic V, the sum of the ranks of |d| over the positive differences
     * @param p two-sided p-value; NaN when no difference is non-zero
     * @param n number of non-zero differences (the ones ranked)
     */
    public record Result(double statistic, double p, int n) {}

    /**
     * Two-sided signed-rank test of {@code differences}.
     *
     * <p>Zero differences are dropped; the absolute values of the rest are ranked, ties sharing
     * their average rank. For n &lt;= 49 without ties or zeros the p-value is exact: the null distribution
     * of V (each rank positive with probability 1/2 independently) is enumerated by counting
     * subsets of {1..n} by sum, and {@code p = min(1, 2·P(V <= v))} or {@code 2·P(V >= v)}
     * depending on the side of the mean n(n+1)/4 that v lies. Otherwise the normal approximation
     * with the tie-corrected variance {@code n(n+1)(2n+1)/24 - Σ(t³-t)/48} and a continuity
     * correction of 0.5 towards the mean is used.
     *
     * @throws IllegalArgumentException when a difference is NaN
     */
    public static Result signedRank(double[] differences) {
        Ranks.requireNoNaN(differences, "differences");
        int n = 0;
        for (double d : differences) if (d != 0) n++;
        double[] abs = new double[n];
        boolean[] positive = new boolean[n];
        for (int i = 0, k = 0; i < differences.length; i++) {
            if (differences[i] == 0) continue;
            abs[k] = Math.abs(differences[i]);
            positive[k++] = differences[i] > 0;
        }
        if (n == 0) return new Result(0.0, Double.NaN, 0);
        boolean zeros = n < differences.length;
        double[] ranks = Ranks.mid(abs);
        double v = 0;
        for (int k = 0; k < n; k++) if (positive[k]) v += ranks[k];
        double tieSum = Ranks.tieSum(abs);
        double p = (n <= EXACT_MAX_N && tieSum == 0 && !zeros) ? exactP(v, n) : normalP(v, n, tieSum);
        return new Result(v, p, n);
    }

    /** Exact two-sided p for integer V among n untied ranks. */
    static double exactP(double v, int n) {
        int max = n * (n + 1) / 2;
        // counts[s] = number of subsets of {1..n} with sum s; at most 2^49, fits a long.
        long[] counts = new long[max + 1];
        counts[0] = 1;
        for (int r = 1; r <= n; r++) {
            for (int s = r * (r + 1) / 2; s >= r; s--) counts[s] += counts[s - r];
        }
        int observed = (int) Math.round(v);
        long tail = 0;
        if (observed > max / 2.0) {
            for (int s = observed; s <= max; s++) tail += counts[s];
        } else {
            for (int s = 0; s <= observed; s++) tail += counts[s];
        }
        return Math.min(1.0, 2.0 * tail / Math.pow(2, n));
    }

    private static double normalP(double v, int n, double tieSum) {
        double centred = v - n * (n + 1) / 4.0;
        double sigma = Math.sqrt(n * (n + 1.0) * (2 * n + 1) / 24.0 - tieSum / 48.0);
        double z = (centred - Math.signum(centred) * 0.5) / sigma;
        return Normal.twoSidedP(z);
    }
}
