package pma.stats;

/**
 * Fisher's exact test on a 2×2 table, with the sample odds ratio and its Woolf interval.
 *
 * <p>The table is {@code [[a, b], [c, d]]}: rows are groups, columns are outcomes.
 */
public final class Fisher {
    private Fisher() {}

    /**
     * Result of {@link #test}.
     *
     * @param oddsRatio sample odds ratio {@code (a·d)/(b·c)}, with 0.5 added to every cell when
     *     any cell is 0
     * @param p two-sided exact p-value
     * @param ci95 Woolf 95% interval for the odds ratio on the same (corrected) counts
     */
    public record Result(double oddsRatio, double p, Interval ci95) {}

    /**
     * Relative tolerance when comparing table probabilities with the observed one, as in R's
     * fisher.test: tables whose probability equals the observed one in exact arithmetic may differ
     * from it in the last bits, and must still be counted.
     */
    static final double RELATIVE_TOLERANCE = 1e-7;

    /**
     * Two-sided Fisher exact test of {@code [[a, b], [c, d]]}.
     *
     * <p>Conditioning on the margins, the top-left cell x is hypergeometric. The p-value sums the
     * probabilities of all x whose probability is at most the observed one times (1 + 1e-7), the
     * "probability" (minimum-likelihood) definition R uses; probabilities come from
     * log-factorials, scaled by the most likely table before exponentiating, so large tables do
     * not underflow.
     *
     * <p>The odds ratio is the sample (unconditional maximum-likelihood) one, not R's conditional
     * MLE. When any cell is 0 the Haldane–Anscombe correction adds 0.5 to all four cells first, so
     * the ratio and its interval stay finite; the p-value always uses the raw counts. The interval
     * is Woolf's {@code exp(log OR ± 1.96·sqrt(1/a + 1/b + 1/c + 1/d))}.
     *
     * @throws IllegalArgumentException when a count is negative
     */
    public static Result test(int a, int b, int c, int d) {
        if (a < 0 || b < 0 || c < 0 || d < 0) {
            throw new IllegalArgumentException(
                    "counts must be >= 0, got [[" + a + ", " + b + "], [" + c + ", " + d + "]]");
        }
        return new Result(oddsRatio(a, b, c, d), pValue(a, b, c, d), woolf(a, b, c, d));
    }

    private static double oddsRatio(int a, int b, int c, int d) {
        double[] cells = corrected(a, b, c, d);
        return (cells[0] * cells[3]) / (cells[1] * cells[2]);
    }

    private static Interval woolf(int a, int b, int c, int d) {
        double[] cells = corrected(a, b, c, d);
        double logOr = Math.log(cells[0]) + Math.log(cells[3]) - Math.log(cells[1]) - Math.log(cells[2]);
        double se = Math.sqrt(1 / cells[0] + 1 / cells[1] + 1 / cells[2] + 1 / cells[3]);
        return new Interval(Math.exp(logOr - Normal.Z95 * se), Math.exp(logOr + Normal.Z95 * se));
    }

    /** Haldane–Anscombe: add 0.5 to every cell when any is 0, so log and 1/x stay finite. */
    private static double[] corrected(int a, int b, int c, int d) {
        double add = (a == 0 || b == 0 || c == 0 || d == 0) ? 0.5 : 0.0;
        return new double[] {a + add, b + add, c + add, d + add};
    }

    private static double pValue(int a, int b, int c, int d) {
        long row1 = (long) a + b;
        long col1 = (long) a + c;
        long total = (long) a + b + c + d;
        long lo = Math.max(0, row1 + col1 - total);
        long hi = Math.min(row1, col1);
        int size = (int) (hi - lo + 1);
        double[] logP = new double[size];
        double maxLog = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < size; k++) {
            long x = lo + k;
            // log of C(col1, x) * C(total - col1, row1 - x); the common 1/C(total, row1) cancels
            // in the ratio below.
            logP[k] = logChoose(col1, x) + logChoose(total - col1, row1 - x);
            maxLog = Math.max(maxLog, logP[k]);
        }
        double sum = 0;
        double[] prob = new double[size];
        for (int k = 0; k < size; k++) {
            prob[k] = Math.exp(logP[k] - maxLog);
            sum += prob[k];
        }
        double observed = prob[(int) (a - lo)] * (1 + RELATIVE_TOLERANCE);
        double tail = 0;
        for (double v : prob) if (v <= observed) tail += v;
        return Math.min(1.0, tail / sum);
    }

    private static double logChoose(long n, long k) {
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
    }

    private static final int TABLE_SIZE = 256;
    private static final double[] LOG_FACTORIAL = new double[TABLE_SIZE + 1];

    static {
        for (int i = 1; i <= TABLE_SIZE; i++) LOG_FACTORIAL[i] = LOG_FACTORIAL[i - 1] + Math.log(i);
    }

    /**
     * {@code log(n!)}: a table up to 256, Stirling's series beyond.
     *
     * <p>The series {@code n log n - n + log(2πn)/2 + 1/12n - 1/360n³ + 1/1260n⁵} is accurate to
     * rounding for n &gt; 256 (the next term is below 1e-24), and needs no table as large as the
     * dataset.
     */
    static double logFactorial(long n) {
        if (n <= TABLE_SIZE) return LOG_FACTORIAL[(int) n];
        double x = n;
        double inv = 1.0 / x;
        double inv2 = inv * inv;
        return x * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI * x)
                + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 / 1260));
    }
}
