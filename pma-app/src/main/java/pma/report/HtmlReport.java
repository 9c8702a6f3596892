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

        h.append(secondOpinions(a));

        h.append("<h2>8. Configuration</h2><pre>").append(Html.esc(a.config().toJson())).append("</pre>");
        h.append("<p class=\"note\">Dataset fingerprint ").append(Html.esc(d.fingerprint())).append("</p>");
        h.append("</body></html>\n");
        return h.toString();
    }

    /**
     * Section 7: confident learning and training dynamics beside F, each detector's default cut, and
     * the images they all agree on.
     */
    private static String secondOpinions(AnalysisResult a) {
        pma.opinions.SecondOpinions o = a.opinions();
        pma.opinions.ConfidentLearning.Result cl = o.confidentLearning();
        List<pma.opinions.SecondOpinions.Detector> detectors = a.detectors();
        pma.opinions.SecondOpinions.Detector consensus = pma.opinions.SecondOpinions.consensus(detectors);
        boolean dynamics = !o.dynamics().empty();
        StringBuilder h = new StringBuilder("<h2>7. Second opinions</h2>");
        h.append("<p>Confident learning reads the same out-of-sample probabilities as F (the mean over an image's "
                + "test appearances); training dynamics read each image's per-epoch probability while it was a "
                + "training image. ").append(dynamics ? "" : "<b>This ledger holds no epoch records</b> (the "
                + "experiment ran with <code>--epoch-records off</code>), so only confident learning is shown. ")
                .append("Columns of every score are in <code>images.csv</code>; <code>detectors.csv</code> lists "
                        + "each image any detector flags.</p>");
        double[][] q = cl.calibratedJoint();
        String neg = Html.esc(a.dataset().negativeClass()), pos = Html.esc(a.dataset().positiveClass());
        h.append("<table><tr><th>confident joint (calibrated)</th><th>true ").append(neg).append("</th><th>true ")
                .append(pos).append("</th><th>threshold t</th></tr>");
        for (int i = 0; i < 2; i++) {
            h.append("<tr><td class=\"l\">given ").append(i == 0 ? neg : pos).append("</td>")
                    .append(td(String.format(Locale.ROOT, "%.1f", q[i][0])))
                    .append(td(String.format(Locale.ROOT, "%.1f", q[i][1]))).append(td(f3(cl.thresholds()[i])))
                    .append("</tr>");
        }
        h.append("</table><p class=\"note\">Rows sum to the images with that given label; off-diagonal cells estimate "
                + "how many labels are wrong (").append(cl.issues()).append(" label issues by prune-by-noise-rate).</p>");

        h.append("<table><tr><th>detector</th><th class=\"l\">default cut</th><th>flagged</th><th>also flagged by "
                + "Algorithm 1</th></tr>");
        boolean[] f = detectors.stream().filter(d -> d.name().equals("algorithm1")).findFirst().orElseThrow().flagged();
        for (pma.opinions.SecondOpinions.Detector d : detectors) {
            int n = 0, both = 0;
            for (int i = 0; i < f.length; i++) {
                if (d.flagged()[i]) {
                    n++;
                    if (f[i]) both++;
                }
            }
            h.append("<tr><td class=\"l\">").append(Html.esc(d.name())).append("</td><td class=\"l\">")
                    .append(Html.esc(d.cut())).append("</td>").append(td(n)).append(td(both)).append("</tr>");
        }
        h.append("</table>");

        List<ImageStats> agreed = a.images().stream().filter(s -> consensus.flagged()[s.image().index()])
                .sorted(java.util.Comparator.comparingInt(s -> s.rank() == 0 ? Integer.MAX_VALUE : s.rank())).toList();
        h.append("<p>Images ").append(Html.esc(consensus.cut().substring(0, consensus.cut().indexOf(';'))))
                .append(": <b>").append(agreed.size()).append("</b> image(s).</p>");
        if (!agreed.isEmpty()) {
            h.append("<table><tr><th class=\"l\">image</th><th class=\"l\">label</th><th>F</th><th>self-confidence</th>")
                    .append(dynamics ? "<th>never learned</th><th>AUM</th><th>confidence</th><th>variability</th>" : "")
                    .append("</tr>");
            for (ImageStats s : agreed.subList(0, Math.min(50, agreed.size()))) {
                int i = s.image().index();
                h.append("<tr><td class=\"l\">").append(Html.esc(s.image().id())).append("</td><td class=\"l\">")
                        .append(Html.esc(s.image().label())).append("</td>").append(td(f3(s.pooled().frequency())))
                        .append(td(f3(cl.selfConfidence()[i])));
                if (dynamics) {
                    h.append(td(f3(o.dynamics().neverLearned()[i]))).append(td(f3(o.dynamics().aum()[i])))
                            .append(td(f3(o.dynamics().confidence()[i]))).append(td(f3(o.dynamics().variability()[i])));
                }
                h.append("</tr>");
            }
            h.append("</table>");
            if (agreed.size() > 50) h.append("<p class=\"note\">… and ").append(agreed.size() - 50).append(" more in detectors.csv.</p>");
        }
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
