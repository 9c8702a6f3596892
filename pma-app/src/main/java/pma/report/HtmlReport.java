package pma.report;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import pma.analysis.Algorithm1;
import pma.analysis.AnalysisResult;
import pma.analysis.AnalysisWriter;
import pma.analysis.AucStatistics;
import pma.analysis.FeatureRarity;
import pma.analysis.RetrainComparison;
import pma.analysis.ImageStats;
import pma.analysis.Tally;
import pma.dataset.Dataset;
import pma.dataset.Preprocessor;
import pma.stats.Summary;

/**
 * {@code report.html}: one self-contained file (charts and thumbnails embedded), readable offline.
 */
public final class HtmlReport {
    private HtmlReport() {}

    public static Path write(AnalysisResult a, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("report.html");
        Path tmp = Files.createTempFile(dir, ".report", ".tmp");
        Files.writeString(tmp, render(a), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    static String render(AnalysisResult a) throws IOException {
        Dataset d = a.dataset();
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>pma report</title><style>")
                .append(CSS).append("</style></head><body>");
        h.append("<h1>Persistent misclassification analysis</h1>");
        h.append("<p class=\"sub\">").append(Html.esc(d.root())).append(" &middot; ")
                .append(a.runs().size()).append(" runs of ").append(Html.esc(String.join(", ", a.models())))
                .append(" &middot; profile ").append(Html.esc(a.config().profile())).append("</p>");
        h.append(replicationBanner(a));

        h.append("<h2>1. Dataset</h2><table><tr><th>images</th><th>patients</th><th>")
                .append(Html.esc(d.negativeClass())).append(" (negative)</th><th>").append(Html.esc(d.positiveClass()))
                .append(" (positive)</th><th>with mask</th><th>annotated features</th></tr><tr>")
                .append(td(d.size())).append(td(d.patientCount())).append(td(d.count(0))).append(td(d.count(1)))
                .append(td(d.images().stream().filter(r -> r.hasMask()).count()))
                .append("<td class=\"l\">").append(Html.esc(d.featureColumns().isEmpty() ? "none"
                        : String.join(", ", d.featureColumns()))).append("</td></tr></table>");

        h.append("<h2>2. Table 1: test AUC per model</h2><table><tr><th>model</th><th>runs</th><th>mean</th><th>sd</th>"
                + "<th>min</th><th>max</th></tr>");
        for (Map.Entry<String, Summary> e : a.aucByModel().entrySet()) {
            Summary s = e.getValue();
            h.append("<tr><td class=\"l\">").append(Html.esc(e.getKey())).append("</td>").append(td(s.n()))
                    .append(td(f3(s.mean()))).append(td(f3(s.sd()))).append(td(f3(s.min()))).append(td(f3(s.max())))
                    .append("</tr>");
        }
        h.append("</table>");

        Algorithm1.Result a1 = a.algorithm1();
        h.append("<h2>3. Algorithm 1</h2><p>").append(Html.esc(a1.stopReason())).append(String.format(Locale.ROOT,
                ". Flags at θ = %.2f: <b>%d</b> image(s). Rule: %s, κ = %.2f, at least %d test appearances.</p>",
                a1.theta(), a1.flagged().size(), a.options().rule().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                a.options().kappa(), a.options().minAppearances()));
        h.append("<table><tr><th>θ</th><th>flagged</th><th>share</th><th>AUC before</th><th>AUC after</th><th>ΔAUC</th></tr>");
        for (Algorithm1.Step s : a1.trace()) {
            h.append("<tr>").append(td(String.format(Locale.ROOT, "%.2f", s.theta()))).append(td(s.flagged()))
                    .append(td(String.format(Locale.ROOT, "%.1f%%", 100 * s.flaggedShare()))).append(td(f3(s.aucBefore())))
                    .append(td(f3(s.aucAfter()))).append(td(f3(s.delta()))).append("</tr>");
        }
        h.append("</table><p class=\"note\">AUC after = mean test AUC with the flagged images removed from the logged "
                + "test predictions (the paper's measure). It rises almost by construction; retraining without them is "
                + "the honest test.</p>");
        h.append(statisticsSections(a));

        h.append("<h2>4. Figure 1: AUC against images excluded</h2><img class=\"chart\" alt=\"exclusion curve\" src=\"")
                .append(Charts.exclusionCurve(a.exclusionCurve(), a1.flagged().size())).append("\">");
        double[] f = a.images().stream().filter(s -> s.pooled().appearances() > 0)
                .mapToDouble(s -> s.pooled().frequency()).toArray();
        h.append("<h2>5. Distribution of F</h2><img class=\"chart\" alt=\"histogram of F\" src=\"")
                .append(Charts.frequencyHistogram(f)).append("\">");

        List<ImageStats> flagged = a.flagged();
        h.append("<h2>6. Flagged images (").append(flagged.size()).append(")</h2>");
        if (flagged.isEmpty()) h.append("<p>No image is flagged.</p>");
        h.append("<div class=\"gallery\">");
        for (ImageStats s : flagged) h.append(card(a, s));
        h.append("</div>");

        h.append("<h2>7. Configuration</h2><pre>").append(Html.esc(a.config().toJson())).append("</pre>");
        h.append("<p class=\"note\">Dataset fingerprint ").append(Html.esc(d.fingerprint())).append("</p>");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String card(AnalysisResult a, ImageStats s) {
        StringBuilder c = new StringBuilder("<figure>");
        String thumb = thumbnail(a.dataset(), s.image().id());
        if (thumb != null) c.append("<img alt=\"").append(Html.esc(s.image().id())).append("\" src=\"").append(thumb).append("\">");
        else c.append("<div class=\"missing\">image unavailable</div>");
        Tally p = s.pooled();
        c.append("<figcaption><b>#").append(s.rank()).append("</b> ").append(Html.esc(s.image().id()))
                .append("<br>label ").append(Html.esc(s.image().label()))
                .append(s.image().subtype().isEmpty() ? "" : " &middot; " + Html.esc(s.image().subtype()))
                .append(String.format(Locale.ROOT, "<br>F = %d/%d (%.2f–%.2f)", p.errors(), p.appearances(),
                        s.ci().low(), s.ci().high()))
                .append("<br>FP ").append(p.falsePositives()).append(" &middot; FN ").append(p.falseNegatives());
        for (Map.Entry<String, Tally> e : s.byModel().entrySet()) {
            c.append("<br><span class=\"m\">").append(Html.esc(e.getKey())).append("</span> ")
                    .append(e.getValue().errors()).append('/').append(e.getValue().appearances());
        }
        String present = s.image().features().entrySet().stream()
                .filter(e -> e.getValue().equals("1")).map(Map.Entry::getKey).reduce((x, y) -> x + ", " + y).orElse("");
        if (!present.isEmpty()) c.append("<br><span class=\"feat\">").append(Html.esc(present)).append("</span>");
        return c.append("</figcaption></figure>").toString();
    }

    /** A small PNG of the image as a data URI, or null when the file cannot be read. */
    static String thumbnail(Dataset d, String id) {
        try {
            BufferedImage src = Preprocessor.decode(d.resolve(id), id);
            int side = 128;
            double scale = Math.min((double) side / src.getWidth(), (double) side / src.getHeight());
            int w = Math.max(1, (int) Math.round(src.getWidth() * scale));
            int hh = Math.max(1, (int) Math.round(src.getHeight() * scale));
            BufferedImage out = new BufferedImage(w, hh, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, w, hh, null);
            g.dispose();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            ImageIO.write(out, "png", b);
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(b.toByteArray());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A warning at the top when the tables use the authors' inflating choices; empty otherwise. */
    static String replicationBanner(AnalysisResult a) {
        if (!a.options().replicationOnly()) return "";
        return "<p style=\"background:#fff3cd;border:1px solid #e0c36a;padding:.6em .8em\"><b>Replication mode.</b> " + Html.esc(AnalysisWriter.replicationNote(a.options())) + "</p>";
    }

    /**
     * The honest counterfactual (retraining without an exclusion set, beside the paper's
     * test-exclusion gain), Table 1 with intervals and paired model comparisons, and Table 2.
     */
    static String statisticsSections(AnalysisResult a) {
        StringBuilder h = new StringBuilder();
        h.append("<h2>Retraining without the excluded images</h2>");
        List<RetrainComparison.Row> rows = a.retrain();
        if (rows.isEmpty()) {
            h.append("<p>No retraining in this ledger yet. <code>pma retrain LEDGER --exclude flagged</code> trains every "
                    + "model again on the same splits and seeds without the flagged images (and without a random set of "
                    + "the same size and class mix, as a control), then compares test AUC with the original runs.</p>");
        } else {
            h.append("<table><tr><th>exclusion set</th><th>images</th><th>model</th><th>iterations</th>"
                    + "<th>test-exclusion gain<br>(original runs, paper)</th><th>retrained − original<br>full test sets</th>"
                    + "<th>p</th><th>retrained − original<br>test sets without the set</th><th>p</th></tr>");
            for (int k = 0; k + 1 < rows.size(); k += 2) {
                RetrainComparison.Row full = rows.get(k);
                RetrainComparison.Row without = rows.get(k + 1);
                h.append("<tr><td class=\"l\">").append(Html.esc(full.exclusion())).append("</td>").append(td(full.excludedImages()))
                        .append("<td class=\"l\">").append(Html.esc(full.model())).append("</td>").append(td(full.iterations()))
                        .append(td(signed(without.meanAucOriginal() - full.meanAucOriginal())))
                        .append(td(signed(full.meanDifference()) + " [" + signed(full.ci().low()) + ", " + signed(full.ci().high()) + "]"))
                        .append(td(p(full.wilcoxonP())))
                        .append(td(signed(without.meanDifference()) + " [" + signed(without.ci().low()) + ", "
                                + signed(without.ci().high()) + "]"))
                        .append(td(p(without.wilcoxonP()))).append("</tr>");
            }
            Algorithm1.Result a1 = a.algorithm1();
            Algorithm1.Step last = a1.trace().get(a1.trace().size() - 1);
            h.append("</table><p class=\"note\">Test-exclusion gain: mean AUC of the original runs with the set removed "
                    + "from their test predictions minus their mean AUC on the full test sets; it rises almost by "
                    + "construction (Algorithm 1's own ΔAUC over all models: ").append(f3(a1.reached() ? last.delta()
                    : a1.trace().get(0).delta())).append("). Retrained − original: the same model, split and seed trained "
                    + "without the set, paired by iteration; mean, percentile bootstrap 95% interval and Wilcoxon "
                    + "signed-rank p. A gain for the excluded set that the random set of the same size does not show is "
                    + "evidence that the images were harmful to training, not just hard to classify.</p>");
        }

        h.append("<h2>Table 1 with 95% intervals, and the models compared</h2><table><tr><th>model</th><th>runs</th>"
                + "<th>mean AUC</th><th>95% CI (bootstrap over runs)</th><th>runs' DeLong 95% CI, mean width</th></tr>");
        for (Map.Entry<String, Summary> e : a.aucByModel().entrySet()) {
            var ci = a.aucStatistics().modelCi().get(e.getKey());
            double width = a.runs().stream().filter(r -> r.run().model().equals(e.getKey()))
                    .mapToDouble(r -> a.aucStatistics().runCi().get(r.run().runId()).width()).filter(w -> !Double.isNaN(w))
                    .average().orElse(Double.NaN);
            h.append("<tr><td class=\"l\">").append(Html.esc(e.getKey())).append("</td>").append(td(e.getValue().n()))
                    .append(td(f3(e.getValue().mean()))).append(td(f3(ci.low()) + "–" + f3(ci.high()))).append(td(f3(width)))
                    .append("</tr>");
        }
        h.append("</table>");
        if (!a.aucStatistics().comparisons().isEmpty()) {
            h.append("<table><tr><th>model A</th><th>model B</th><th>iterations</th><th>mean AUC(A) − AUC(B)</th>"
                    + "<th>iterations with DeLong p &lt; 0.05</th><th>Wilcoxon p over iterations</th></tr>");
            for (AucStatistics.Comparison c : a.aucStatistics().comparisons()) {
                h.append("<tr><td class=\"l\">").append(Html.esc(c.modelA())).append("</td><td class=\"l\">")
                        .append(Html.esc(c.modelB())).append("</td>").append(td(c.iterations())).append(td(signed(c.meanDifference())))
                        .append(td(c.significantIterations())).append(td(p(c.wilcoxonP()))).append("</tr>");
            }
            h.append("</table><p class=\"note\">Paired DeLong test of the two models on each iteration's test set "
                    + "(the splits are shared); the Wilcoxon signed-rank test combines the per-iteration differences.</p>");
        }

        h.append("<h2>Table 2: feature rarity among flagged images</h2>");
        if (a.features().isEmpty()) {
            h.append("<p>The dataset has no annotated features or subtypes.</p>");
        } else {
            h.append("<table><tr><th>feature</th><th>value</th><th>images</th><th>share of dataset</th>"
                    + "<th>mean share in training sets</th><th>flagged with it</th><th>share of flagged</th>"
                    + "<th>odds ratio (95% CI)</th><th>Fisher p</th><th>BH q</th></tr>");
            for (FeatureRarity.Row r : a.features()) {
                h.append("<tr><td class=\"l\">").append(Html.esc(r.feature())).append("</td><td class=\"l\">")
                        .append(Html.esc(r.value())).append("</td>").append(td(r.images())).append(td(f3(r.shareDataset())))
                        .append(td(f3(r.meanShareTrain()))).append(td(r.flaggedWith())).append(td(f3(r.shareFlagged())))
                        .append(td(Double.isNaN(r.oddsRatio()) ? "–" : String.format(Locale.ROOT, "%.2f (%.2f–%.2f)",
                                r.oddsRatio(), r.orCi().low(), r.orCi().high())))
                        .append(td(p(r.fisherP()))).append(td(p(r.bhQ()))).append("</tr>");
            }
            h.append("</table><p class=\"note\">Flagged against not flagged annotated images (empty cells = not "
                    + "annotated, left out); Fisher exact test, odds ratio with Woolf's interval (0.5 added to every "
                    + "cell when one is 0), Benjamini–Hochberg over all rows. A share in training sets far below the "
                    + "dataset's says the models rarely saw the value.</p>");
        }
        return h.toString();
    }

    private static String signed(double x) {
        return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%+.3f", x);
    }

    private static String p(double x) {
        return Double.isNaN(x) ? "–" : x < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", x);
    }

    private static String td(Object o) {
        return "<td>" + Html.esc(o) + "</td>";
    }

    private static String f3(double x) {
        return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.3f", x);
    }

    private static final String CSS = """
            body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}
            h1{font-size:1.6em;margin-bottom:.1em}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ccc;padding-bottom:.2em}
            .sub{color:#666;margin-top:0}.note{color:#666;font-size:.9em}
            table{border-collapse:collapse;font-size:.9em;font-variant-numeric:tabular-nums}
            th,td{border-bottom:1px solid #e3e3e3;padding:.25em .7em;text-align:right}th{background:#f5f5f5}td.l{text-align:left}
            img.chart{max-width:100%;border:1px solid #eee}
            .gallery{display:flex;flex-wrap:wrap;gap:12px}
            figure{margin:0;width:150px;font-size:.78em;border:1px solid #e3e3e3;padding:6px;background:#fafafa}
            figure img{width:128px;height:auto;display:block;margin:0 auto 4px;image-rendering:auto}
            .m{color:#555}.feat{color:#8a4b00}.missing{height:96px;color:#999;text-align:center;padding-top:40px}
            pre{background:#f7f7f7;padding:.8em;font-size:.8em;overflow:auto}
            """;
}
