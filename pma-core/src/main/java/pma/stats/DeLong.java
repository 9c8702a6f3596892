package pma.stats;

/**
 * Variance of the AUC and of the difference of two paired AUCs, by DeLong's method.
 *
 * <p>DeLong, DeLong &amp; Clarke-Pearson (1988), Biometrics 44:837–845, estimate the variance from
 * the structural components: for each positive x, V10(x) = fraction of negatives scored below x
 * (ties count half); for each negative y, V01(y) = fraction of positives scored above y. Then
 * {@code AUC = mean V10 = mean V01} and {@code Var = S10/m + S01/n}, where m, n are the numbers of
 * positives and negatives and S10, S01 the sample variances (n-1 denominators) of the components.
 *
 * <p>The components are computed as in Sun &amp; Xu (2014), IEEE Signal Processing Letters
 * 21:1389–1393, from midranks in O(N log N) instead of O(m·n): with Z the midranks in the
 * pooled sample and X, Y the midranks within positives and within negatives,
 * {@code V10 = (Z - X)/n} and {@code V01 = 1 - (Z - Y)/m}.
 *
 * <p>The AUC itself is {@link Auc#of}, so the two never disagree.
 */
public final class DeLong {
    private DeLong() {}

    /**
     * AUC with its DeLong variance and 95% normal-approximation interval.
     *
     * @param auc area under the ROC curve; NaN when a class is absent
     * @param variance DeLong variance; NaN when there are fewer than 2 positives or negatives
     * @param ci95 {@code auc ± 1.96·sqrt(variance)} clipped to [0, 1]; NaN bounds when the
     *     variance is NaN
     */
    public record Result(double auc, double variance, Interval ci95) {}

    /**
     * Two AUCs on the same cases and the DeLong test of their difference.
     *
     * @param aucA AUC of the first scores
     * @param aucB AUC of the second scores
     * @param difference {@code aucA - aucB}
     * @param variance DeLong variance of the difference (accounts for the pairing)
     * @param z {@code difference / sqrt(variance)}
     * @param p two-sided normal p-value for z
     * @param ci95 {@code difference ± 1.96·sqrt(variance)} clipped to [-1, 1]
     */
    public record Paired(
            double aucA, double aucB, double difference, double variance, double z, double p,
            Interval ci95) {}

    /**
     * AUC of {@code scores} for {@code labels} (1 = positive) with its DeLong variance.
     *
     * @throws IllegalArgumentException on length mismatch, labels other than 0/1, or NaN scores
     */
    public static Result auc(double[] scores, int[] labels) {
        Ranks.requireBinary(scores, labels);
        double auc = Auc.of(scores, labels);
        Components c = Components.of(scores, labels);
        double variance = c.undefined() ? Double.NaN
                : sampleVariance(c.v10) / c.v10.length + sampleVariance(c.v01) / c.v01.length;
        return new Result(auc, variance, normalInterval(auc, variance, 0.0, 1.0));
    }

    /**
     * Paired DeLong test of two score vectors on the same cases.
     *
     * <p>The variance of the difference is {@code Var(V10a - V10b)/m + Var(V01a - V01b)/n}, which
     * equals DeLong's {@code S_AA + S_BB - 2 S_AB} form but is computed on the differences so it
     * cannot come out negative by rounding. When that variance is 0 (for instance identical
     * scores) z is 0 with p = 1 if the AUCs are equal, and ±∞ with p = 0 otherwise.
     *
     * @throws IllegalArgumentException on length mismatch, labels other than 0/1, or NaN scores
     */
    public static Paired paired(double[] scoresA, double[] scoresB, int[] labels) {
        Ranks.requireBinary(scoresA, labels);
        Ranks.requireBinary(scoresB, labels);
        double aucA = Auc.of(scoresA, labels);
        double aucB = Auc.of(scoresB, labels);
        double difference = aucA - aucB;
        Components a = Components.of(scoresA, labels);
        Components b = Components.of(scoresB, labels);
        double variance = Double.NaN;
        if (!a.undefined()) {
            variance = sampleVariance(minus(a.v10, b.v10)) / a.v10.length
                    + sampleVariance(minus(a.v01, b.v01)) / a.v01.length;
        }
        double z;
        double p;
        if (Double.isNaN(variance) || Double.isNaN(difference)) {
            z = Double.NaN;
            p = Double.NaN;
        } else if (variance == 0) {
            z = difference == 0 ? 0.0 : Math.copySign(Double.POSITIVE_INFINITY, difference);
            p = difference == 0 ? 1.0 : 0.0;
        } else {
            z = difference / Math.sqrt(variance);
            p = Normal.twoSidedP(z);
        }
        return new Paired(aucA, aucB, difference, variance, z, p,
                normalInterval(difference, variance, -1.0, 1.0));
    }

    private static Interval normalInterval(double centre, double variance, double min, double max) {
        if (Double.isNaN(centre) || Double.isNaN(variance)) return new Interval(Double.NaN, Double.NaN);
        double half = Normal.Z95 * Math.sqrt(variance);
        return new Interval(Math.max(min, centre - half), Math.min(max, centre + half));
    }

    /** Structural components: V10 for each positive, V01 for each negative, in input order. */
    private record Components(double[] v10, double[] v01) {
        boolean undefined() {
            return v10.length < 2 || v01.length < 2;
        }

        static Components of(double[] scores, int[] labels) {
            int m = 0;
            for (int label : labels) m += label;
            int n = labels.length - m;
            double[] x = new double[m];
            double[] y = new double[n];
            for (int k = 0, i = 0, j = 0; k < labels.length; k++) {
                if (labels[k] == 1) x[i++] = scores[k]; else y[j++] = scores[k];
            }
            double[] pooled = Ranks.mid(scores);
            double[] withinX = Ranks.mid(x);
            double[] withinY = Ranks.mid(y);
            double[] v10 = new double[m];
            double[] v01 = new double[n];
            for (int k = 0, i = 0, j = 0; k < labels.length; k++) {
                // Pooled rank minus rank among its own class = number of the other class below it
                // (ties half).
                if (labels[k] == 1) {
                    v10[i] = (pooled[k] - withinX[i]) / n;
                    i++;
                } else {
                    v01[j] = 1.0 - (pooled[k] - withinY[j]) / m;
                    j++;
                }
            }
            return new Components(v10, v01);
        }
    }

    private static double[] minus(double[] u, double[] v) {
        double[] out = new double[u.length];
        for (int i = 0; i < u.length; i++) out[i] = u[i] - v[i];
        return out;
    }

    /** Sample variance with the n-1 denominator, from residuals about the mean. */
    static double sampleVariance(double[] v) {
        if (v.length < 2) return Double.NaN;
        double mean = Bootstrap.mean(v);
        double squares = 0;
        for (double x : v) squares += (x - mean) * (x - mean);
        return squares / (v.length - 1);
    }
}
