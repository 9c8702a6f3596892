package pma.stats;

/**
 * Count, mean, sample standard deviation, minimum and maximum of a sample.
 *
 * @param n number of values
 * @param mean arithmetic mean; NaN when empty
 * @param sd standard deviation with the n-1 denominator; NaN when n &lt; 2
 * @param min smallest value; NaN when empty
 * @param max largest value; NaN when empty
 */
public record Summary(int n, double mean, double sd, double min, double max) {

    /**
     * Summarises {@code x}; an empty array gives n = 0 and NaN for everything else.
     *
     * <p>The mean is computed in two passes (the second adds the mean residual) and the variance
     * from residuals about it, so large offsets such as pixel intensities near 1e6 do not cancel.
     *
     * @throws IllegalArgumentException when x contains NaN
     */
    public static Summary of(double[] x) {
        Ranks.requireNoNaN(x, "x");
        int n = x.length;
        if (n == 0) return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / n;
        double residual = 0;
        for (double v : x) residual += v - mean;
        mean += residual / n;
        double sd = Double.NaN;
        if (n > 1) {
            double squares = 0;
            for (double v : x) squares += (v - mean) * (v - mean);
            sd = Math.sqrt(squares / (n - 1));
        }
        return new Summary(n, mean, sd, min, max);
    }
}
