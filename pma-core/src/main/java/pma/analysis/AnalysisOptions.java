package pma.analysis;

import pma.BadInputException;

/**
 * Settings of {@code pma analyze}.
 *
 * <p>The minimum appearances, the number of agreeing models and the number of runs in Table 1 may
 * be {@link #AUTO}: {@link Analysis} then derives them from the experiment and records the values
 * it used in {@link AnalysisResult#options()}. The derived minimums are
 * {@code min(5, ceil(median appearances / 2))}, at least 1, with the median taken over the images
 * (pooled) or over the image-model pairs (per model) that were tested at all: 5 for the paper's
 * 100 Monte Carlo iterations (about 10 appearances per model), 2 per model and 3 pooled for the
 * quick profile's 3 repeats with two models.
 *
 * @param theta starting threshold of Algorithm 1 (the paper's 0.9)
 * @param kappa AUC gain that stops Algorithm 1 (the paper's 0.05)
 * @param thetaFloor Algorithm 1 never lowers θ below this
 * @param maxFlaggedShare Algorithm 1 stops before flagging more than this share of images
 * @param minAppearances pooled rule: images tested fewer times are reported, never flagged
 * @param rule flag rule
 * @param minModels for the per-model rule: flagged when more than this many models agree
 *     ({@link #AUTO}: half the models, rounded down, as the authors' "more than 2 of 4")
 * @param algorithm1 false = flag at θ as given, without searching
 * @param minAppearancesPerModel per-model rule: a model's F_jm counts only with this many appearances
 * @param replicateAuthors choose each run's threshold on its own test set (G-mean), as the authors'
 *     code did; for replication only
 * @param topRuns Table 1 over each model's this many best runs by test AUC, as the authors' code did;
 *     0 = every run ({@link #AUTO}: 10 when replicating, else every run)
 */
public record AnalysisOptions(double theta, double kappa, double thetaFloor, double maxFlaggedShare,
                              int minAppearances, FlagRule rule, int minModels, boolean algorithm1,
                              int minAppearancesPerModel, boolean replicateAuthors, int topRuns) {
    /** Let the analysis choose the value from the experiment. */
    public static final int AUTO = -1;

    /** Table 1's runs when replicating the authors and {@code --top-runs} is not given. */
    public static final int REPLICATION_TOP_RUNS = 10;

    public AnalysisOptions {
        if (!(theta >= 0 && theta < 1)) throw new BadInputException("--theta must be in [0, 1), got " + theta);
        if (!(kappa > 0 && kappa < 1)) throw new BadInputException("--kappa must be in (0, 1), got " + kappa);
        if (!(thetaFloor >= 0 && thetaFloor <= theta)) {
            throw new BadInputException("--theta-floor must be in [0, theta], got " + thetaFloor);
        }
        if (!(maxFlaggedShare > 0 && maxFlaggedShare <= 1)) {
            throw new BadInputException("--max-flagged-share must be in (0, 1], got " + maxFlaggedShare);
        }
        if (minAppearances < 1 && minAppearances != AUTO) {
            throw new BadInputException("--min-appearances must be at least 1, got " + minAppearances);
        }
        if (minAppearancesPerModel < 1 && minAppearancesPerModel != AUTO) {
            throw new BadInputException("--min-appearances-per-model must be at least 1, got " + minAppearancesPerModel);
        }
        if (minModels < 0 && minModels != AUTO) throw new BadInputException("--min-models must be at least 0, got " + minModels);
        if (topRuns < 0 && topRuns != AUTO) throw new BadInputException("--top-runs must be at least 0 (0 = all runs), got " + topRuns);
    }

    /** The options of earlier versions: minimum appearances per model automatic, no replication switch. */
    public AnalysisOptions(double theta, double kappa, double thetaFloor, double maxFlaggedShare, int minAppearances,
                           FlagRule rule, int minModels, boolean algorithm1) {
        this(theta, kappa, thetaFloor, maxFlaggedShare, minAppearances, rule, minModels, algorithm1, AUTO, false, AUTO);
    }

    public static AnalysisOptions defaults() {
        return new AnalysisOptions(0.9, 0.05, 0.5, 0.25, AUTO, FlagRule.POOLED, AUTO, true, AUTO, false, AUTO);
    }

    /** Whether Table 1 or the flags use a choice the honest analysis avoids (test-set thresholds, best runs only). */
    public boolean replicationOnly() {
        return replicateAuthors || topRuns > 0;
    }

    /** A copy with the automatic values replaced by the ones an analysis chose. */
    AnalysisOptions resolved(int minPooled, int minPerModel, int agreeing, int runsInTable1) {
        return new AnalysisOptions(theta, kappa, thetaFloor, maxFlaggedShare, minPooled, rule, agreeing, algorithm1,
                minPerModel, replicateAuthors, runsInTable1);
    }

    /** {@code min(5, ceil(median / 2))}, at least 1: the automatic minimum appearances for a median number of them. */
    public static int automaticMinimum(double medianAppearances) {
        if (Double.isNaN(medianAppearances)) return 1;
        return (int) Math.max(1, Math.min(5, Math.ceil(medianAppearances / 2)));
    }
}
