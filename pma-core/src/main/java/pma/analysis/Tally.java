package pma.analysis;

/**
 * Test-set outcomes of one image under one model (or pooled over models).
 *
 * @param appearances O: number of runs in which the image was in the test set
 * @param errors E: number of those runs that misclassified it
 * @param falsePositives errors on a negative image
 * @param falseNegatives errors on a positive image
 * @param trueClassProbSum sum over appearances of the probability given to the image's label
 */
public record Tally(int appearances, int errors, int falsePositives, int falseNegatives, double trueClassProbSum) {
    public static final Tally EMPTY = new Tally(0, 0, 0, 0, 0);

    /** F = E / O, the misclassification frequency; NaN when never tested. */
    public double frequency() {
        return appearances == 0 ? Double.NaN : (double) errors / appearances;
    }

    /** Mean probability of the given label over test appearances; NaN when never tested. */
    public double meanTrueClassProb() {
        return appearances == 0 ? Double.NaN : trueClassProbSum / appearances;
    }

    public Tally plus(Tally o) {
        return new Tally(appearances + o.appearances, errors + o.errors, falsePositives + o.falsePositives,
                falseNegatives + o.falseNegatives, trueClassProbSum + o.trueClassProbSum);
    }

    /** One more test appearance. */
    public Tally add(int target, int predicted, double probabilityPositive) {
        boolean wrong = predicted != target;
        return new Tally(appearances + 1, errors + (wrong ? 1 : 0),
                falsePositives + (wrong && target == 0 ? 1 : 0), falseNegatives + (wrong && target == 1 ? 1 : 0),
                trueClassProbSum + (target == 1 ? probabilityPositive : 1 - probabilityPositive));
    }
}
