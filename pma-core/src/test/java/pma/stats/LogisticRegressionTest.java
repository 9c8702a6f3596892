package pma.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LogisticRegressionTest {
    // scikit-learn 1.2.1: LogisticRegression(C=C, solver='newton-cg', tol=1e-12).fit(X, y) (lbfgs agrees to 1e-7)
    private static final double[][] X = {{0.5, 1.2}, {1.5, -0.3}, {-0.7, 0.8}, {2.1, 0.4}, {0.0, -1.1}, {-1.3, -0.2},
            {0.9, 2.0}, {1.1, -1.5}, {-0.4, 0.1}, {1.8, 1.1}, {-1.9, 0.6}, {0.3, -0.8}};
    private static final int[] Y = {1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0};

    @Test
    void matchesScikitLearnAtC1() {
        assertMatches(1.0, -0.42644572769342665, 1.02549109, 1.00300109, 0.3492021825667864);
    }

    @Test
    void aStrongerPenaltyMatchesScikitLearnToo() {
        assertMatches(0.1, -0.14865359148519747, 0.31236719, 0.25725611, 0.4528696847550589);
    }

    /** The fit's intercept and weights, and its probability at (0.2, -0.4) (predict_proba's column 1). */
    private static void assertMatches(double c, double intercept, double w0, double w1, double pAt) {
        LogisticRegression.Fit fit = LogisticRegression.fit(X, Y, c);
        assertThat(fit.intercept()).isCloseTo(intercept, within(1e-7));
        assertThat(fit.weights()[0]).isCloseTo(w0, within(1e-7));
        assertThat(fit.weights()[1]).isCloseTo(w1, within(1e-7));
        assertThat(fit.probability(new double[] {0.2, -0.4})).isCloseTo(pAt, within(1e-8));
    }

    @Test
    void withoutInputsTheInterceptIsTheLogOddsOfTheLabels() {
        // No weights to penalise: the maximum-likelihood intercept is log(3/1) for three 1s and one 0.
        LogisticRegression.Fit fit = LogisticRegression.fit(new double[][] {{}, {}, {}, {}}, new int[] {1, 1, 1, 0}, 1.0);
        assertThat(fit.intercept()).isCloseTo(Math.log(3), within(1e-12));
    }

    @Test
    void oneClassIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogisticRegression.fit(X, new int[X.length], 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("labels of one class only");
    }
}
