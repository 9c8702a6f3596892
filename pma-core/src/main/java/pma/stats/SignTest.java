package pma.stats;

/**
 * Exact two-sided sign test of paired differences against a median of 0.
 *
 * <p>Zero differences are dropped; with n non-zero differences of which k are positive,
 * {@code p = min(1, 2·P(X <= min(k, n−k)))} for X ~ Binomial(n, 1/2), as R's
 * {@code binom.test(k, n)} and scipy's {@code binomtest(k, n).pvalue} give.
 */
public final class SignTest {
    private SignTest() {}

    /** Two-sided p; NaN when no difference is non-zero. */
    public static double p(double[] differences) {
        Ranks.requireNoNaN(differences, "differences");
        int n = 0, positive = 0;
        for (double d : differences) {
            if (d == 0) continue;
            n++;
            if (d > 0) positive++;
        }
        if (n == 0) return Double.NaN;
        int tail = Math.min(positive, n - positive);
        // Σ_{i<=tail} C(n, i) / 2^n, the binomial coefficients built up as doubles (exact well past n = 50).
        double c = 1, sum = 0;
        for (int i = 0; i <= tail; i++) {
            sum += c;
            c = c * (n - i) / (i + 1);
        }
        return Math.min(1.0, 2 * sum / Math.pow(2, n));
    }
}
