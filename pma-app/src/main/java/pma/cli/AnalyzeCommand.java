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
import pma.report.Explanations;

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
        var analysisOptions = options.build(); // options first: bad options never touch the ledger
        // One snapshot for every table read: a run committing meanwhile shows in all of them or in none.
        try (Ledger.Snapshot s = Ledger.open(ledger).snapshot()) {
            Ledger l = s.ledger();
            AnalysisResult a = Analysis.of(l, analysisOptions);
            var reproduction = l.experiment().reproduction();
            if (!reproduction.isEmpty()) {
                out().println("experiment ran with " + reproduction.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(java.util.stream.Collectors.joining(", ")));
            }
            AnalysisWriter.write(a, out, pma.triage.Triages.of(l, a));
            if (Explanations.writeTables(l, a, out) != null) out().println("class-activation maps summarised in cam.csv (see pma explain)");
            Summaries.printAnalysis(a, out(), out);
        }
        return 0;
    }
}
