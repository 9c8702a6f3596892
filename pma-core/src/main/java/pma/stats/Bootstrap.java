package pma.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap confidence intervals, deterministic for a given seed.
 *
 * <p>Resampling uses {@link SplittableRandom} seeded once per call and draws indices in a fixed
 * order, so the same data, statistic, resample count and seed always give the same interval on
 * any JVM; that keeps reports reproducible.
 */
public final class Bootstrap {
    private Bootstrap() {}

    /** Arithmetic mean of {@code x}; NaN when empty. */
    public static double mean(double[] x) {
        if (x.length == 0) return Double.NaN;
        double sum = 0;
        for (double v : x) sum += v;
        return sum / x.length;
    }

    /** 95% percentile bootstrap interval of the mean of {@code x}; (NaN, NaN) when empty. */
    public static Interval meanCi(double[] x, int resamples, long seed) {
        return ci(x, Bootstrap::mean, resamples, seed, 0.95);
    }

    /**
     * Percentile bootstrap interval of {@code statistic} over {@code x} at coverage {@code level}.
     *
     * <p>The bounds are the (1-level)/2 and (1+level)/2 quantiles of the replicates, interpolated
     * linearly between order statistics (R's default quantile type 7). Replicates for which the
     * statistic is NaN (say an AUC on a resample that lost a class) are dropped; if all are NaN
     * the interval is (NaN, NaN).
     *
     * @throws IllegalArgumentException when resamples &lt; 1, level is not in (0, 1) or x has NaN
     */
    public static Interval ci(
            double[] x, ToDoubleFunction<double[]> statistic, int resamples, long seed, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must lie in (0, 1), got " + level);
        }
        double[] replicates = replicates(x, statistic, resamples, seed);
        double[] finite = Arrays.stream(replicates).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (finite.length == 0) return new Interval(Double.NaN, Double.NaN);
        double alpha = 1 - level;
        return new Interval(quantile(finite, alpha / 2), quantile(finite, 1 - alpha / 2));
    }

    /**
     * The statistic on each of {@code resamples} resamples of {@code x} drawn with replacement.
     *
     * @return the replicates in draw order; all NaN when x is empty
     * @throws IllegalArgumentException when resamples &lt; 1 or x has NaN
     */
    public static double[] replicates(
            double[] x, ToDoubleFunction<double[]> statistic, int resamples, long seed) {
        if (resamples < 1) throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        Ranks.requireNoNaN(x, "x");
        double[] out = new double[resamples];
        if (x.length == 0) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] sample = new double[x.length];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < sample.length; i++) sample[i] = x[random.nextInt(x.length)];
            out[b] = statistic.applyAsDouble(sample);
        }
        return out;
    }

    /** Type-7 quantile of ascending {@code sorted} at probability {@code prob} in [0, 1]. */
    public static double quantile(double[] sorted, double prob) {
        double h = (sorted.length - 1) * prob;
        int lo = (int) Math.floor(h);
        if (lo >= sorted.length - 1) return sorted[sorted.length - 1];
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }
}
