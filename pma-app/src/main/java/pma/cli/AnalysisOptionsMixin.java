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

    @Option(names = "--min-appearances", description = "pooled rule: fewer test appearances are reported, never flagged "
            + "(default: min(5, ceil(median appearances / 2)))")
    Integer minAppearances;

    @Option(names = "--min-appearances-per-model", description = "per-model rule: a model's F counts only with this many "
            + "test appearances (default: min(5, ceil(median appearances per model / 2)))")
    Integer minAppearancesPerModel;

    @Option(names = "--rule", defaultValue = "pooled", description = "pooled (paper: F_j > θ) or per-model (authors' code: F_jm ≥ θ in more than --min-models models)")
    String rule;

    @Option(names = "--min-models", description = "per-model rule: more than this many models must agree (default: half the models, rounded down)")
    Integer minModels;

    @Option(names = "--fixed-theta", description = "flag at θ as given, without Algorithm 1's search")
    boolean fixedTheta;

    @Option(names = "--replicate-authors", description = "FOR REPLICATION ONLY: choose each run's threshold on its own "
            + "test set (G-mean) and summarise Table 1 over the best --top-runs runs, as the authors' code did")
    boolean replicateAuthors;

    @Option(names = "--top-runs", description = "Table 1 over each model's N runs with the highest test AUC (replication "
            + "only; default 10 with --replicate-authors, else 0 = all runs)")
    Integer topRuns;

    AnalysisOptions build() {
        return new AnalysisOptions(theta, kappa, thetaFloor, maxFlaggedShare, auto(minAppearances), FlagRule.of(rule),
                auto(minModels), !fixedTheta, auto(minAppearancesPerModel), replicateAuthors, auto(topRuns));
    }

    private static int auto(Integer given) {
        return given == null ? AnalysisOptions.AUTO : given;
    }
}
