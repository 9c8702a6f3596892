package pma.stats;

/**
 * Standard normal distribution functions, accurate to about 1e-15 relative.
 *
 * <p>The complementary error function follows W. J. Cody, "Rational Chebyshev approximations for
 * the error function", Math. Comp. 23 (1969) 631–638 (the coefficients of his CALERF routine),
 * which is also what R's {@code pnorm} builds on. Tail probabilities are computed directly from
 * {@code erfc} rather than as {@code 1 - cdf}, so small p-values keep their relative precision.
 */
public final class Normal {
    private Normal() {}

    /** The two-sided 95% critical value, the 0.975 quantile of the standard normal. */
    public static final double Z95 = 1.959963984540054;

    private static final double SQRT2 = Math.sqrt(2.0);
    private static final double ONE_OVER_SQRT_PI = 0.56418958354775628695;

    // erf(x) = x * A(x^2) / B(x^2) for |x| <= 0.46875
    private static final double[] A = {
        3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
        3.20937758913846947e03, 1.85777706184603153e-1
    };
    private static final double[] B = {
        2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
        2.84423683343917062e03
    };
    // erfc(x) = exp(-x^2) * C(x) / D(x) for 0.46875 < x <= 4
    private static final double[] C = {
        5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
        2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03,
        2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8
    };
    private static final double[] D = {
        1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
        1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03,
        3.43936767414372164e03, 1.23033935480374942e03
    };
    // erfc(x) = exp(-x^2)/x * (1/sqrt(pi) + P(1/x^2)/Q(1/x^2) / x^2) for x > 4
    private static final double[] P = {
        3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
        1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2
    };
    private static final double[] Q = {
        2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
        6.05183413124413191e-2, 2.33520497626869185e-3
    };

    /** Cumulative probability {@code P(Z <= z)}. */
    public static double cdf(double z) {
        return 0.5 * erfc(-z / SQRT2);
    }

    /** Upper tail probability {@code P(Z > z)}, computed without cancellation. */
    public static double upperTail(double z) {
        return 0.5 * erfc(z / SQRT2);
    }

    /** Two-sided p-value {@code P(|Z| >= |z|)}; NaN for NaN. */
    public static double twoSidedP(double z) {
        if (Double.isNaN(z)) return Double.NaN;
        return Math.min(1.0, erfc(Math.abs(z) / SQRT2));
    }

    /** Complementary error function {@code erfc(x) = 1 - erf(x)}. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return Double.NaN;
        double y = Math.abs(x);
        double result;
        if (y <= 0.46875) {
            double ysq = y * y;
            double num = A[4] * ysq;
            double den = ysq;
            for (int i = 0; i < 3; i++) {
                num = (num + A[i]) * ysq;
                den = (den + B[i]) * ysq;
            }
            // Near zero erfc = 1 - erf carries no cancellation problem, so return directly.
            return 1.0 - x * (num + A[3]) / (den + B[3]);
        } else if (y <= 4.0) {
            double num = C[8] * y;
            double den = y;
            for (int i = 0; i < 7; i++) {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            result = expMinusSquare(y) * (num + C[7]) / (den + D[7]);
        } else if (y >= 26.543) {
            result = 0.0; // below the smallest double
        } else {
            double ysq = 1.0 / (y * y);
            double num = P[5] * ysq;
            double den = ysq;
            for (int i = 0; i < 4; i++) {
                num = (num + P[i]) * ysq;
                den = (den + Q[i]) * ysq;
            }
            double r = ysq * (num + P[4]) / (den + Q[4]);
            result = expMinusSquare(y) * (ONE_OVER_SQRT_PI - r) / y;
        }
        return x < 0 ? 2.0 - result : result;
    }

    /**
     * {@code exp(-y*y)} without the rounding error of forming {@code y*y}.
     *
     * <p>Split y into a part with 4 fractional bits (whose square is exact) and a small remainder,
     * as Cody does; otherwise the relative error of the tail grows like {@code 2 y^2 eps}.
     */
    private static double expMinusSquare(double y) {
        double head = Math.floor(y * 16.0) / 16.0;
        double del = (y - head) * (y + head);
        return Math.exp(-head * head) * Math.exp(-del);
    }
}
