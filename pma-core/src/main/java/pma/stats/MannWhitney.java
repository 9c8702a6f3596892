package pma.stats;

/**
 * Mann–Whitney U (Wilcoxon rank-sum) test of two independent samples.
 *
 * <p>Used for comparing distributions such as CAM lesion-focus scores of persistently
 * misclassified versus other images, where nothing justifies normality.
 */
public final class MannWhitney {
    private MannWhitney() {}

    /**
     * Result of {@link #test}.
     *
     * @param u U of x: pairs with x &gt; y plus half the tied pairs
     * @param p two-sided p-value by the normal approximation; NaN when a sample is empty or all
     *     values are tied
     * @param auc {@code u / (|x|·|y|)}, the probability that a random x exceeds a random y (ties
     *     half): the effect size, equal to {@link Auc#of} with x as positives
     */
    public record Result(double u, double p, double auc) {}

    /**
     * Two-sided Mann–Whitney test of {@code x} against {@code y}.
     *
     * <p>U comes from the midranks in the pooled sample. The p-value is the normal approximation
     * with the tie-corrected variance {@code nx·ny/12 · ((N+1) - Σ(t³-t)/(N(N-1)))} and a 0.5
     * continuity correction towards the mean, which is R's {@code wilcox.test(x, y, exact =
     * FALSE)}; the approximation is used at every size because CAM scores are continuous but
     * often tied after rounding, where the exact distribution does not apply anyway.
     *
     * @throws IllegalArgumentException when a value is NaN
     */
    public static Result test(double[] x, double[] y) {
        Ranks.requireNoNaN(x, "x");
        Ranks.requireNoNaN(y, "y");
        int nx = x.length;
        int ny = y.length;
        if (nx == 0 || ny == 0) return new Result(Double.NaN, Double.NaN, Double.NaN);
        double[] pooled = new double[nx + ny];
        System.arraycopy(x, 0, pooled, 0, nx);
        System.arraycopy(y, 0, pooled, nx, ny);
        double[] ranks = Ranks.mid(pooled);
        double rankSum = 0;
        for (int i = 0; i < nx; i++) rankSum += ranks[i];
        double u = rankSum - nx * (nx + 1.0) / 2.0;
        double pairs = (double) nx * ny;
        double total = nx + ny;
        double variance = pairs / 12.0
                * ((total + 1) - Ranks.tieSum(pooled) / (total * (total - 1)));
        double p = Double.NaN;
        if (variance > 0) {
            double centred = u - pairs / 2.0;
            p = Normal.twoSidedP((centred - Math.signum(centred) * 0.5) / Math.sqrt(variance));
        }
        return new Result(u, p, u / pairs);
    }
}
