package pma.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pma.experiment.ExperimentConfig;
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

    @Option(names = "--threads", defaultValue = "0", description = "engine threads per task; 0 = all cores (default)")
    int threads;

    @Mixin
    CamOptionsMixin cams;

    @Override
    public Integer call() {
        ExperimentConfig config = resume && Files.exists(ledger) ? Ledger.open(ledger).config() : experiment.build();
        var camOptions = cams.build();
        ExperimentRunner.Outcome o = ExperimentRunner.run(data, ledger, config, resume, Version.current(), threads,
                camOptions, err());
        out().printf("%d of %d tasks trained now, %d were already done; ledger %s (%.0f s)%n",
                o.tasksRunNow(), o.tasksTotal(), o.tasksSkipped(), ledger, o.seconds());
        return 0;
    }
}
