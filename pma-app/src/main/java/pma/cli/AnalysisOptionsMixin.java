package pma.cli;

import picocli.CommandLine.Option;
import pma.analysis.AnalysisOptions;
import pma.analysis.FlagRule;

/** Options of the analysis, shared by {@code analyze}, {@code report} and {@code demo}. */
final class AnalysisOptionsMixin {
    @Option(names = "--theta", defaultValue = "0.9", description = "starting θ of Algorithm 1 (default ${DEFAULT-VALUE})")
    double theta;

    @Option(names = "--kappa", defaultValue = "0.05", description = "AUC gain κ that stops Algorithm 1 (default ${DEFAULT-VALUE})")
    double kappa;

    @Option(names = "--theta-floor", defaultValue = "0.5", description = "lowest θ Algorithm 1 tries (default ${DEFAULT-VALUE})")
    double thetaFloor;

    @Option(names = "--max-flagged-share", defaultValue = "0.25", description = "Algorithm 1 never flags more than this share (default ${DEFAULT-VALUE})")
    double maxFlaggedShare;

    @Option(names = "--min-appearances", defaultValue = "5", description = "fewer test appearances: reported, never flagged (default ${DEFAULT-VALUE})")
    int minAppearances;

    @Option(names = "--rule", defaultValue = "pooled", description = "pooled (paper: F_j > θ) or per-model (authors' code: F_jm ≥ θ in more than --min-models models)")
    String rule;

    @Option(names = "--min-models", defaultValue = "2", description = "per-model rule: more than this many models must agree (default ${DEFAULT-VALUE})")
    int minModels;

    @Option(names = "--fixed-theta", description = "flag at θ as given, without Algorithm 1's search")
    boolean fixedTheta;

    AnalysisOptions build() {
        return new AnalysisOptions(theta, kappa, thetaFloor, maxFlaggedShare, minAppearances, FlagRule.of(rule),
                minModels, !fixedTheta);
    }
}
