package pma.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import pma.analysis.AnalysisResult;
import pma.analysis.ImageStats;
import pma.stats.Summary;

/** Plain-text summaries printed at the end of commands. */
final class Summaries {
    private Summaries() {}

    static void printAnalysis(AnalysisResult a, PrintWriter out, Path dir) {
        out.println("Test AUC per model (mean ± sd over runs, min–max):");
        for (Map.Entry<String, Summary> e : a.aucByModel().entrySet()) {
            Summary s = e.getValue();
            out.printf("  %-14s %.3f ± %.3f  (%.3f–%.3f, %d runs)%n", e.getKey(), s.mean(), s.sd(), s.min(), s.max(), s.n());
        }
        var a1 = a.algorithm1();
        var last = a1.trace().get(a1.trace().size() - 1);
        out.printf("Algorithm 1: %s; θ = %.2f flags %d image(s); mean AUC %.3f → %.3f after excluding them from the test predictions%n",
                a1.stopReason(), a1.theta(), a1.flagged().size(), last.aucBefore(),
                a1.reached() ? last.aucAfter() : a1.flagged().isEmpty() ? last.aucBefore() : a1.trace().get(0).aucAfter());
        long tooFew = a.images().stream().filter(s -> !s.enoughAppearances()).count();
        if (tooFew > 0) {
            out.printf("%d image(s) had too few test appearances (%s): reported, never flagged%n", tooFew,
                    a.options().rule() == pma.analysis.FlagRule.POOLED ? "fewer than " + a.options().minAppearances()
                            : "not more than " + a.options().minModels() + " model(s) with at least "
                            + a.options().minAppearancesPerModel());
        }
        if (a.options().replicationOnly()) out.println(pma.analysis.AnalysisWriter.replicationNote(a.options()));
        List<ImageStats> flagged = a.flagged();
        for (ImageStats s : flagged.subList(0, Math.min(10, flagged.size()))) {
            out.printf("  #%d %s (%s) F = %d/%d%n", s.rank(), s.image().id(), s.image().label(), s.pooled().errors(),
                    s.pooled().appearances());
        }
        if (flagged.size() > 10) out.printf("  ... and %d more in images.csv%n", flagged.size() - 10);
        out.println("tables in " + dir);
    }
}
