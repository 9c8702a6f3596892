package pma.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pma.analysis.cam.CamAnalysis;
import pma.ledger.Ledger;
import pma.report.Explanations;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Aggregate the stored class-activation maps (mean map, stability across runs, agreement across "
                + "models, lesion focus) into cam.csv, cam_agreement.csv and lesion_focus.csv, and draw overlays of "
                + "flagged and reliably correct images.")
final class ExplainCommand extends PmaCommand {
    @Parameters(index = "0", description = "ledger file")
    Path ledger;

    @Option(names = "--out", required = true, description = "folder for the tables and overlays/")
    Path out;

    @Option(names = "--images", arity = "1..*", paramLabel = "flagged|controls|ID",
            description = "images to draw: flagged, controls (reliably correct), or image ids (default: flagged controls)")
    List<String> images;

    @Option(names = "--method", defaultValue = "gradcam", description = "gradcam, gradcampp or hirescam (default ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--target", defaultValue = "predicted", description = "maps of the predicted or the true class (default ${DEFAULT-VALUE})")
    String target;

    @Option(names = "--controls", defaultValue = "-1", description = "control images to draw (default: as many as flagged, at least 4)")
    int controls;

    @Mixin
    AnalysisOptionsMixin analysis;

    @Override
    public Integer call() throws IOException {
        var analysisOptions = analysis.build(); // options first: bad options never touch the ledger
        var options = new Explanations.Options(method, target, images, controls);
        Explanations.Outcome o = Explanations.write(Ledger.open(ledger), analysisOptions, options, out);
        print(o);
        return 0;
    }

    private void print(Explanations.Outcome o) {
        CamAnalysis.Result r = o.cams();
        out().printf("%s maps of the %s class; %s%n", r.method(), r.target(),
                r.maskNote().isEmpty() ? "lesion focus from the masks" : r.maskNote());
        for (String model : r.analysis().models()) {
            var mine = r.images().stream().filter(c -> c.model().equals(model)).toList();
            if (mine.isEmpty()) continue;
            int maps = mine.stream().mapToInt(CamAnalysis.ImageCam::runs).sum();
            int empty = mine.stream().mapToInt(CamAnalysis.ImageCam::emptyMaps).sum();
            double stability = mine.stream().mapToDouble(CamAnalysis.ImageCam::stability).filter(v -> !Double.isNaN(v))
                    .average().orElse(Double.NaN);
            double focus = mine.stream().mapToDouble(CamAnalysis.ImageCam::lesionFocus).filter(v -> !Double.isNaN(v))
                    .average().orElse(Double.NaN);
            out().printf(Locale.ROOT, "  %-14s %d×%d maps: %d of %d images, %d maps (%d empty); mean stability %.2f, "
                    + "mean lesion focus %.2f%n", model, mine.get(0).height(), mine.get(0).width(), mine.size(),
                    r.analysis().images().size(), maps, empty, stability, focus);
        }
        out().println("Lesion focus (share of map energy inside the lesion), median per group, Mann–Whitney:");
        for (CamAnalysis.Comparison c : o.comparisons()) {
            out().printf(Locale.ROOT, "  %-34s %-14s %.2f (n=%d) vs %.2f (n=%d), p = %s%n", c.comparison(), c.model(),
                    c.median(c.a()), c.a().length, c.median(c.b()), c.b().length,
                    Double.isNaN(c.test().p()) ? "n/a" : String.format(Locale.ROOT, "%.3g", c.test().p()));
        }
        out().printf("%d overlay(s): %d flagged, %d control and %d chosen image(s) in %s%n", o.overlays().size(),
                o.flagged().size(), o.controls().size(), o.chosen().size(), out.resolve("overlays"));
        out().println("tables in " + out);
    }
}
