package pma.cli;

import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pma.analysis.RetrainComparison;
import pma.execution.RetrainRunner;

@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Train again on the same splits without an exclusion set (and a random control of the same size), "
                + "and compare test AUC with the original runs, paired: the honest counterfactual.")
final class RetrainCommand extends PmaCommand {
    @Parameters(index = "0", description = "ledger file of a finished (or partial) run")
    Path ledger;

    @Option(names = "--exclude", required = true, description = "flagged (the current flags, from the analysis options), "
            + "suspect (the images at the cut of pma's order: images.csv's suspect column) "
            + "or a file of image ids: one per line, or a CSV with an 'image' column")
    String exclude;

    @Option(names = "--control", defaultValue = "random", description = "random: also retrain without a random set of "
            + "the same size and class mix; none (default ${DEFAULT-VALUE})")
    String control;

    @Option(names = "--out", description = "folder for retrain.csv (default: the ledger's folder)")
    Path out;

    @Option(names = "--data", description = "dataset folder (default: the folder recorded in the ledger)")
    Path data;

    @Mixin
    ParallelismMixin parallelism;

    @Mixin
    ExecutorMixin executor;

    @Mixin
    AnalysisOptionsMixin analysis;

    @Override
    public Integer call() {
        executor.applyDevice(); // before anything is read or written
        var options = analysis.build(); // options first: bad options never touch the ledger
        var placement = executor.placement(parallelism.processes(), parallelism.threads);
        Path dir = out != null ? out : ledger.toAbsolutePath().getParent();
        RetrainRunner.Outcome o = RetrainRunner.run(ledger, exclude, control, options, data, dir, placement, err());
        out().printf("%d of %d retraining tasks trained now, %d were already done (%.0f s)%n", o.tasksRunNow(),
                o.tasksTotal(), o.tasksSkipped(), o.seconds());
        out().println("Test AUC retrained − original, paired by iteration (mean, 95% bootstrap CI, Wilcoxon p):");
        for (RetrainComparison.Row r : o.rows()) {
            out().printf(Locale.ROOT, "  %-22s %-14s %-16s %+.4f [%+.4f, %+.4f]  p = %s  (%d iterations)%n", r.exclusion(),
                    r.model(), r.evaluation(), r.meanDifference(), r.ci().low(), r.ci().high(),
                    Double.isNaN(r.wilcoxonP()) ? "–" : String.format(Locale.ROOT, "%.3g", r.wilcoxonP()), r.iterations());
        }
        out().println("table: " + o.table());
        if (o.tasksFailed() > 0) {
            out().printf("%d tasks failed and are recorded as failed with their errors; running retrain again retries them%n",
                    o.tasksFailed());
            return 1;
        }
        return 0;
    }
}
