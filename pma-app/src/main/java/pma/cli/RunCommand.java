package pma.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pma.config.ExperimentConfig;
import pma.ledger.Ledger;
import pma.train.ExperimentRunner;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train every model on every split and record each test prediction in the ledger.")
final class RunCommand extends PmaCommand {
    @Parameters(index = "0", description = "dataset folder with manifest.csv")
    Path data;

    @Option(names = "--ledger", required = true, description = "ledger file (DuckDB) to create, or to continue with --resume")
    Path ledger;

    @Option(names = "--resume", description = "continue an existing ledger with its recorded settings, skipping finished tasks")
    boolean resume;

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
        int processes = parallelism.processes();
        ExperimentConfig config = resume && Files.exists(ledger) ? Ledger.open(ledger).config() : experiment.build();
        var camOptions = cams.build();
        ExperimentRunner.Outcome o = ExperimentRunner.run(data, ledger, config, resume, Version.code(), parallelism.threads,
                processes, executor.executor, executor.master, camOptions, err());
        out().printf("%d of %d tasks trained now, %d were already done; ledger %s (%.0f s)%n",
                o.tasksRunNow() - o.tasksFailed(), o.tasksTotal(), o.tasksSkipped(), ledger, o.seconds());
        if (o.tasksFailed() > 0) {
            out().printf("%d tasks failed and are recorded as failed with their errors; --resume retries them%n", o.tasksFailed());
            return 1;
        }
        return 0;
    }
}
