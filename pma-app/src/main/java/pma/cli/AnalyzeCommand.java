package pma.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pma.analysis.Analysis;
import pma.analysis.AnalysisResult;
import pma.analysis.AnalysisWriter;
import pma.ledger.Ledger;

@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Compute misclassification frequencies, flags, Algorithm 1 and the exclusion curve; write CSV tables.")
final class AnalyzeCommand extends PmaCommand {
    @Parameters(index = "0", description = "ledger file")
    Path ledger;

    @Option(names = "--out", required = true, description = "folder for images.csv, runs.csv, auc.csv, algorithm1.csv, exclusion_curve.csv")
    Path out;

    @Mixin
    AnalysisOptionsMixin options;

    @Override
    public Integer call() throws IOException {
        var analysisOptions = options.build(); // options first: a bad option is reported before the ledger is touched
        AnalysisResult a = Analysis.of(Ledger.open(ledger), analysisOptions);
        AnalysisWriter.write(a, out);
        Summaries.printAnalysis(a, out(), out);
        return 0;
    }
}
