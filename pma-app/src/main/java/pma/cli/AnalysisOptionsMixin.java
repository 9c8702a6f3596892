package pma.cli;

import picocli.CommandLine.Option;
import pma.BadInputException;
import pma.analysis.AnalysisOptions;
import pma.analysis.FlagRule;

/** Options of the analysis, shared by {@code analyze}, {@code report} and {@code demo}. */
final class AnalysisOptionsMixin {
    @Option(names = "--theta", defaultValue = "0.9", description = "starting θ of Algorithm 1, a multiple of 0.01 (default ${DEFAULT-VALUE})")
    double theta;

    @Option(names = "--kappa", defaultValue = "0.05", description = "AUC gain κ that stops Algorithm 1 (default ${DEFAULT-VALUE})")
    double kappa;

    @Option(names = "--theta-floor", defaultValue = "0.5", description = "lowest θ Algorithm 1 tries, a multiple of 0.01 (default ${DEFAULT-VALUE})")
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
        onGrid("--theta", theta);
        onGrid("--theta-floor", thetaFloor);
        return new AnalysisOptions(theta, kappa, thetaFloor, maxFlaggedShare,
                auto("--min-appearances", minAppearances, 1, ""), FlagRule.of(rule), auto("--min-models", minModels, 0, ""),
                !fixedTheta, auto("--min-appearances-per-model", minAppearancesPerModel, 1, ""), replicateAuthors,
                auto("--top-runs", topRuns, 0, " (0 = all runs)"));
    }

    /**
     * Algorithm 1 steps θ by 0.01 from a start on that grid and reports θ in hundredths, so a value
     * between two steps would quietly run as its neighbour; refused instead.
     */
    private static void onGrid(String option, double value) {
        double hundredths = value * 100;
        if (Math.abs(hundredths - Math.rint(hundredths)) > 1e-6) {
            throw new BadInputException(option + " must be a multiple of 0.01 (Algorithm 1 steps θ by 0.01), got " + value);
        }
    }

    /** The value given, or {@link AnalysisOptions#AUTO} when none: a negative value must not pass for AUTO. */
    private static int auto(String option, Integer given, int least, String note) {
        if (given == null) return AnalysisOptions.AUTO;
        if (given < least) throw new BadInputException(option + " must be at least " + least + note + ", got " + given);
        return given;
    }
}
