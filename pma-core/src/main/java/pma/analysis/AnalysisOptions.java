package pma.analysis;

import pma.BadInputException;

/**
 * Settings of {@code pma analyze}.
 *
 * @param theta starting threshold of Algorithm 1 (the paper's 0.9)
 * @param kappa AUC gain that stops Algorithm 1 (the paper's 0.05)
 * @param thetaFloor Algorithm 1 never lowers θ below this
 * @param maxFlaggedShare Algorithm 1 stops before flagging more than this share of images
 * @param minAppearances images tested fewer times are reported, never flagged
 * @param rule flag rule
 * @param minModels for the per-model rule: flagged when more than this many models agree
 * @param algorithm1 false = flag at θ as given, without searching
 */
public record AnalysisOptions(double theta, double kappa, double thetaFloor, double maxFlaggedShare,
                              int minAppearances, FlagRule rule, int minModels, boolean algorithm1) {
    public AnalysisOptions {
        if (!(theta >= 0 && theta < 1)) throw new BadInputException("--theta must be in [0, 1), got " + theta);
        if (!(kappa > 0 && kappa < 1)) throw new BadInputException("--kappa must be in (0, 1), got " + kappa);
        if (!(thetaFloor >= 0 && thetaFloor <= theta)) {
            throw new BadInputException("--theta-floor must be in [0, theta], got " + thetaFloor);
        }
        if (!(maxFlaggedShare > 0 && maxFlaggedShare <= 1)) {
            throw new BadInputException("--max-flagged-share must be in (0, 1], got " + maxFlaggedShare);
        }
        if (minAppearances < 1) throw new BadInputException("--min-appearances must be at least 1, got " + minAppearances);
        if (minModels < 0) throw new BadInputException("--min-models must be at least 0, got " + minModels);
    }

    public static AnalysisOptions defaults() {
        return new AnalysisOptions(0.9, 0.05, 0.5, 0.25, 5, FlagRule.POOLED, 2, true);
    }
}
