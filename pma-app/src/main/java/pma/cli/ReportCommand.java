package pma.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pma.analysis.Analysis;
import pma.analysis.AnalysisResult;
import pma.ledger.Ledger;
import pma.report.HtmlReport;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a self-contained HTML report (tables, charts, flagged-image gallery).")
final class ReportCommand extends PmaCommand {
    @Parameters(index = "0", description = "ledger file")
    Path ledger;

    @Option(names = "--out", required = true, description = "folder for report.html")
    Path out;

    @Mixin
    AnalysisOptionsMixin options;

    @Override
    public Integer call() throws IOException {
        var analysisOptions = options.build(); // options first: bad options never touch the ledger
        // One snapshot for every table read: a run committing meanwhile shows in all of them or in none.
        try (Ledger.Snapshot s = Ledger.open(ledger).snapshot()) {
            AnalysisResult a = Analysis.of(s.ledger(), analysisOptions);
            Path file = HtmlReport.write(s.ledger(), a, out);
            out().println("report: " + file);
        }
        return 0;
    }
}
