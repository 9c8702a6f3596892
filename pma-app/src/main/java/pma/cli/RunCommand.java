package pma.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import java.util.List;
import java.util.stream.IntStream;
import pma.BadInputException;
import pma.analysis.Analysis;
import pma.analysis.AnalysisOptions;
import pma.analysis.AnalysisResult;
import pma.analysis.ImageStats;
import pma.analysis.Undecided;
import pma.config.ExperimentConfig;
import pma.explain.CamOptions;
import pma.split.Split;
import pma.split.SplitPlanner;
import pma.ledger.Ledger;
import pma.execution.ExperimentRunner;
import pma.execution.Placement;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train every model on every split and record each test prediction in the ledger.")
final class RunCommand extends PmaCommand {
    @Parameters(index = "0", description = "dataset folder with manifest.csv")
    Path data;

    @Option(names = "--ledger", required = true, description = "ledger file (DuckDB) to create, or to continue with --resume")
    Path ledger;

    @Option(names = "--resume", description = "continue an existing ledger with its recorded settings, skipping finished tasks")
    boolean resume;

    @Option(names = "--until-decided", description = "add K-fold repeats, one at a time, while some image's flag is undecided "
            + "(the 95%% interval of its F straddles θ) and the top of the ranking still moves; stop when no flag is undecided, "
            + "when 90%% of the top k by rank (k = the number flagged) stayed there over the last repeat, or at --max-repeats")
    boolean untilDecided;

    @Option(names = "--max-repeats", defaultValue = "10", description = "most K-fold repeats --until-decided trains (default ${DEFAULT-VALUE})")
    int maxRepeats;

    @Mixin
    ExperimentOptions experiment;

    @Mixin
    CamOptionsMixin cams;

    @Mixin
    ParallelismMixin parallelism;

    @Mixin
    ExecutorMixin executor;

    @Override
    public Integer call() {
        executor.applyDevice(); // before anything is read or written
        var placement = executor.placement(parallelism.processes(), parallelism.threads);
        ExperimentConfig config = resume && Files.exists(ledger) ? Ledger.open(ledger).config() : experiment.build();
        var camOptions = cams.build();
        if (untilDecided) return untilDecided(config, camOptions, placement);
        if (maxRepeats != 10) throw new BadInputException("--max-repeats needs --until-decided");
        ExperimentRunner.Outcome o = ExperimentRunner.run(data, ledger, config, resume, Version.code(), placement,
                camOptions, err());
        out().printf("%d of %d tasks trained now, %d were already done; ledger %s (%.0f s)%n",
                o.tasksRunNow() - o.tasksFailed(), o.tasksTotal(), o.tasksSkipped(), ledger, o.seconds());
        if (o.tasksFailed() > 0) {
            out().printf("%d tasks failed and are recorded as failed with their errors; --resume retries them%n", o.tasksFailed());
            return 1;
        }
        return 0;
    }

    /** Share of the top k of pma's ranking that must stay in it over one added repeat for the ranking to count as settled. */
    static final double TOP_KEPT = 0.9;

    /**
     * Trains the configured repeats, then adds one K-fold repeat at a time while the analysis (default
     * θ and κ) leaves some image's flag undecided at Algorithm 1's θ and pma's ranking has not settled:
     * it stops once no flag is undecided, or once at least {@link #TOP_KEPT} of the k most suspect images
     * by rank (k = the number flagged) were among the k most suspect one repeat earlier. Each repeat's
     * split depends only on the seed and the repeat's number, so the plan grows without moving a split
     * already trained.
     */
    private int untilDecided(ExperimentConfig config, CamOptions camOptions, Placement placement) {
        if (config.splits().scheme() != ExperimentConfig.Scheme.KFOLD) {
            throw new BadInputException("--until-decided adds K-fold repeats: it needs --scheme kfold");
        }
        if (maxRepeats < config.splits().repeats()) {
            throw new BadInputException("--max-repeats " + maxRepeats + " is below the " + config.splits().repeats() + " repeats to start with");
        }
        ExperimentConfig c = config;
        boolean resumeNow = resume;
        int trainings = 0;
        List<ImageStats> before = null;
        while (true) {
            ExperimentRunner.Outcome o = ExperimentRunner.run(data, ledger, c, resumeNow, Version.code(), placement,
                    camOptions, err());
            resumeNow = true;
            trainings += o.tasksRunNow();
            if (o.tasksFailed() > 0) {
                out().printf("%d tasks failed and are recorded as failed with their errors; --resume retries them%n", o.tasksFailed());
                return 1;
            }
            Ledger l = Ledger.open(ledger);
            AnalysisResult a = Analysis.of(l, AnalysisOptions.defaults());
            double theta = a.algorithm1().theta();
            int undecided = Undecided.of(a.images(), theta).size();
            int k = a.flagged().size();
            int kept = before == null ? -1 : Undecided.keptInTop(before, a.images(), k);
            boolean settled = kept >= 0 && k > 0 && kept >= TOP_KEPT * k;
            out().printf("%d repeats (%d tasks): %d flagged at θ = %.2f, %d undecided%s%n",
                    c.splits().repeats(), o.tasksTotal(), k, theta, undecided,
                    kept < 0 ? "" : String.format(java.util.Locale.ROOT, "; top %d by rank: %d kept from the repeat before", k, kept));
            out().flush();
            if (undecided == 0 || settled || c.splits().repeats() >= maxRepeats) {
                String why = undecided == 0 ? "every flag decided"
                        : settled ? "the top " + k + " by rank settled (" + kept + " kept), " + undecided + " flags undecided,"
                        : "stopped at --max-repeats with " + undecided + " undecided";
                out().printf("%s after %d repeats; %d tasks trained now; ledger %s%n", why, c.splits().repeats(), trainings, ledger);
                return 0;
            }
            before = a.images();
            ExperimentConfig next = c.toBuilder().optRepeats(c.splits().repeats() + 1).build();
            SplitPlanner planner = next.planner(l.dataset());
            List<Split> added = IntStream.range(planner.iterations() - next.splits().folds(), planner.iterations())
                    .mapToObj(planner::plan).toList();
            l.extendPlan(next, added);
            c = next;
        }
    }
}
