package pma.stats;

/**
 * Binary logistic regression with an L2 penalty on the weights (not the intercept), fitted by
 * Newton's method: it minimises Σ log-loss + ‖w‖² / (2C), the objective of scikit-learn's
 * {@code LogisticRegression(C=C)}, whose solution it reproduces.
 */
public final class LogisticRegression {
    private LogisticRegression() {}

    private static final int MAX_ITERATIONS = 100;
    private static final double TOLERANCE = 1e-10;

    /**
     * A fitted model.
     *
     * @param intercept the bias
     * @param weights one per column of the inputs
     */
    public record Fit(double intercept, double[] weights) {
        /** P(y = 1 | x). */
        public double probability(double[] x) {
            double z = intercept;
            for (int j = 0; j < weights.length; j++) z += weights[j] * x[j];
            return 1 / (1 + Math.exp(-z));
        }
    }

    /**
     * @param x one row of inputs per example
     * @param y 0 or 1 per example
     * @param c inverse penalty strength (larger = weaker penalty)
     * @throws IllegalArgumentException when the labels are all of one class
     */
    public static Fit fit(double[][] x, int[] y, double c) {
        int n = x.length;
        if (n != y.length) throw new IllegalArgumentException("inputs and labels differ in length");
        if (n == 0) throw new IllegalArgumentException("no examples");
        // With one class the unpenalised intercept has no finite optimum.
        if (java.util.Arrays.stream(y).distinct().count() < 2) throw new IllegalArgumentException("labels of one class only");
        int d = x[0].length + 1; // column 0 is the intercept
        double[] beta = new double[d];
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] gradient = new double[d];
            double[][] hessian = new double[d][d];
            for (int i = 0; i < n; i++) {
                double z = beta[0];
                for (int j = 1; j < d; j++) z += beta[j] * x[i][j - 1];
                double p = 1 / (1 + Math.exp(-z));
                double w = p * (1 - p);
                for (int a = 0; a < d; a++) {
                    double xa = a == 0 ? 1 : x[i][a - 1];
                    gradient[a] += (p - y[i]) * xa;
                    for (int b = 0; b <= a; b++) hessian[a][b] += w * xa * (b == 0 ? 1 : x[i][b - 1]);
                }
            }
            for (int a = 1; a < d; a++) {
                gradient[a] += beta[a] / c;
                hessian[a][a] += 1 / c;
            }
            for (int a = 0; a < d; a++) for (int b = a + 1; b < d; b++) hessian[a][b] = hessian[b][a];
            double[] step = solve(hessian, gradient);
            double largest = 0;
            for (int a = 0; a < d; a++) {
                beta[a] -= step[a];
                largest = Math.max(largest, Math.abs(step[a]));
            }
            if (largest < TOLERANCE) break;
        }
        double[] weights = new double[d - 1];
        System.arraycopy(beta, 1, weights, 0, d - 1);
        return new Fit(beta[0], weights);
    }

    /** Solves a·s = b by Gaussian elimination with partial pivoting (a is small and positive definite). */
    private static double[] solve(double[][] a, double[] b) {
        int d = b.length;
        double[][] m = new double[d][d + 1];
        for (int i = 0; i < d; i++) {
            System.arraycopy(a[i], 0, m[i], 0, d);
            m[i][d] = b[i];
        }
        for (int col = 0; col < d; col++) {
            int pivot = col;
            for (int r = col + 1; r < d; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            for (int r = col + 1; r < d; r++) {
                double f = m[r][col] / m[col][col];
                for (int k = col; k <= d; k++) m[r][k] -= f * m[col][k];
            }
        }
        double[] s = new double[d];
        for (int r = d - 1; r >= 0; r--) {
            double v = m[r][d];
            for (int k = r + 1; k < d; k++) v -= m[r][k] * s[k];
            s[r] = v / m[r][r];
        }
        return s;
    }
}
