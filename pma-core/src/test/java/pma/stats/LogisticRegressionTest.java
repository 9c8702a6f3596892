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
        LogisticRegression.Fit fit = LogisticRegression.fit(X, Y, 1.0);
        assertThat(fit.intercept()).isCloseTo(-0.42644572769342665, within(1e-7));
        assertThat(fit.weights()[0]).isCloseTo(1.02549109, within(1e-7));
        assertThat(fit.weights()[1]).isCloseTo(1.00300109, within(1e-7));
        // predict_proba([[0.2, -0.4]])[0, 1]
        assertThat(fit.probability(new double[] {0.2, -0.4})).isCloseTo(0.3492021825667864, within(1e-8));
    }

    @Test
    void aStrongerPenaltyMatchesScikitLearnToo() {
        LogisticRegression.Fit fit = LogisticRegression.fit(X, Y, 0.1);
        assertThat(fit.intercept()).isCloseTo(-0.14865359148519747, within(1e-7));
        assertThat(fit.weights()[0]).isCloseTo(0.31236719, within(1e-7));
        assertThat(fit.weights()[1]).isCloseTo(0.25725611, within(1e-7));
        assertThat(fit.probability(new double[] {0.2, -0.4})).isCloseTo(0.4528696847550589, within(1e-8));
    }

    @Test
    void withoutInputsTheInterceptIsTheLogOddsOfTheLabels() {
        // No weights to penalise: the maximum-likelihood intercept is log(3/1) for three 1s and one 0.
        LogisticRegression.Fit fit = LogisticRegression.fit(new double[][] {{}, {}, {}, {}}, new int[] {1, 1, 1, 0}, 1.0);
        assertThat(fit.intercept()).isCloseTo(Math.log(3), within(1e-12));
    }
}
