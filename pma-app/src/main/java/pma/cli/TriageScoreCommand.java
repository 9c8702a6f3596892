package pma.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pma.analysis.Analysis;
import pma.analysis.AnalysisResult;
import pma.analysis.AnalysisWriter;
import pma.detection.DetectionBenchmark;
import pma.ledger.Ledger;
import pma.triage.Reason;
import pma.triage.TriageScore;
import pma.triage.Triages;

@Command(name = "triage-score", mixinStandardHelpOptions = true,
        description = "Score the triage reasons against known answers (truth files with image and kind columns, as the "
                + "synthetic dataset's truth.csv): write triage_confusion.csv and images.csv with the triage columns.")
final class TriageScoreCommand extends PmaCommand {
    @Parameters(index = "0", description = "ledger file")
    Path ledger;

    @Option(names = "--truth", required = true, description = "truth file (columns image and kind); repeat to merge several")
    List<Path> truth;

    @Option(names = "--out", required = true, description = "folder for triage_confusion.csv and images.csv")
    Path out;

    @Mixin
    AnalysisOptionsMixin options;

    @Override
    public Integer call() throws IOException {
        var analysisOptions = options.build();
        Map<String, Set<String>> known = new HashMap<>();
        for (Path t : truth) {
            DetectionBenchmark.readTruth(t).forEach((image, kinds) -> known.computeIfAbsent(image, k -> new TreeSet<>()).addAll(kinds));
        }
        try (Ledger.Snapshot s = Ledger.open(ledger).snapshot()) {
            AnalysisResult a = Analysis.of(s.ledger(), analysisOptions);
            Triages.Result triage = Triages.of(s.ledger(), a);
            List<TriageScore.Row> rows = TriageScore.confusion(triage.images(), known);
            Files.createDirectories(out);
            TriageScore.table(rows).write(out.resolve("triage_confusion.csv"));
            AnalysisWriter.write(a, out, triage);
            for (String note : triage.notes()) err().println("note: " + note);
            out().printf(Locale.ROOT, "triage cuts: ambiguous when mean |p - threshold| <= %.4f and sd >= %.4f; "
                    + "off lesion when lesion focus / area < %.4f (%s)%n", triage.ambiguousDistance(), triage.ambiguousSd(),
                    triage.offLesionLift(), triage.cams().isEmpty() ? "no maps" : triage.cams());
            out().printf(Locale.ROOT, "%-8s %-20s %6s", "scope", "planted_kind", "images");
            for (Reason r : Reason.values()) out().printf(" %18s", r.code());
            out().printf(" %9s%n", "no_reason");
            for (TriageScore.Row r : rows) {
                out().printf(Locale.ROOT, "%-8s %-20s %6d", r.scope(), r.plantedKind(), r.images());
                for (int c : r.counts()) out().printf(" %18d", c);
                out().printf(" %9d%n", r.noReason());
            }
            out().println("triage_confusion.csv and images.csv in " + out);
        }
        return 0;
    }
}
