package pma.report;

import static pma.report.Html.esc;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import pma.analysis.Algorithm1;
import pma.analysis.AnalysisResult;
import pma.analysis.AnalysisWriter;
import pma.analysis.AucStatistics;
import pma.analysis.FeatureRarity;
import pma.analysis.ImageStats;
import pma.analysis.RetrainComparison;
import pma.analysis.RunData;
import pma.analysis.Tally;
import pma.dataset.Dataset;
import pma.dataset.ImageRecord;
import pma.dataset.Preprocessor;
import pma.config.ExperimentConfig;
import pma.io.TempFiles;
import pma.ledger.ExperimentInfo;
import pma.ledger.Ledger;
import pma.ledger.RunRecord;
import pma.ledger.Verdicts.Kind;
import pma.ledger.Verdicts.Verdict;
import pma.ledger.Verdicts;
import pma.split.Split;
import pma.stats.Summary;

/**
 * {@code report.html}: one self-contained file (charts and thumbnails embedded), readable offline,
 * fit for a paper's supplement.
 *
 * <p>{@link #render} is a list of section methods, one per heading; a section whose data the
 * ledger does not hold says so or leaves itself out. Section numbers and the table of contents
 * follow the order of the calls.
 */
public final class HtmlReport {
    /** Images listed in the ranking table besides the flagged ones. */
    static final int RANKING_ROWS = 25;
    /** Pooled F below this marks a control: an image the models reliably get right (as in {@code pma review}). */
    static final double CONTROL_MAX_F = 0.05;
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private HtmlReport() {}

    /**
     * What the report is drawn from: the analysis, plus what only the ledger holds.
     *
     * @param verdicts latest expert verdict per image (empty when none was recorded)
     * @param splits the split plan (empty when unknown)
     * @param codeVersion pma version that ran the experiment (empty when unknown)
     * @param created when the experiment was created, as the ledger recorded it (empty when unknown)
     * @param experiment what reproduces the experiment, as the ledger recorded it
     */
    record Inputs(AnalysisResult analysis, Map<Integer, Verdict> verdicts, List<Split> splits, String codeVersion,
                  String created, Overlays overlays, ExperimentInfo experiment) {}

    /**
     * Writes the report with everything the ledger holds beyond the analysis (expert verdicts, seeds,
     * provenance), read from one snapshot; pass the snapshot {@code a} was computed from, so the two agree.
     */
    public static Path write(Ledger ledger, AnalysisResult a, Path dir) throws IOException {
        try (Ledger.Snapshot s = ledger.snapshot()) {
            return writeFrom(s.ledger(), a, dir);
        }
    }

    private static Path writeFrom(Ledger ledger, AnalysisResult a, Path dir) throws IOException {
        ExperimentInfo experiment = ledger.experiment();
        // Seconds are enough; the ledger keeps the experiment's own clock time.
        String created = experiment.created().substring(0, Math.min(19, experiment.created().length()));
        return write(new Inputs(a, new Verdicts(ledger).latest(), ledger.splits(), experiment.codeVersion(), created,
                Overlays.load(ledger, a, "gradcam", "predicted"), experiment), dir);
    }

    /** Writes the report from the analysis alone. */
    public static Path write(AnalysisResult a, Path dir) throws IOException {
        return write(new Inputs(a, Map.of(), List.of(), "", "", Overlays.of(null), ExperimentInfo.NONE), dir);
    }

    static Path write(Inputs in, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("report.html");
        Path tmp = TempFiles.newFile(dir, ".report", ".tmp");
        try {
            Files.writeString(tmp, render(in), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }

    static String render(Inputs in) throws IOException {
        Page p = new Page();
        dataset(p, in);
        configuration(p, in);
        trainingRuns(p, in);
        table1(p, in);
        algorithm1(p, in);
        statistics(p, in);
        secondOpinions(p, in);
        figure1(p, in);
        frequencies(p, in);
        gallery(p, in);
        verdicts(p, in);
        ranking(p, in);
        provenance(p, in);
        return p.html(in);
    }

    // ---- sections ----

    private static void dataset(Page p, Inputs in) {
        AnalysisResult a = in.analysis();
        Dataset d = a.dataset();
        StringBuilder h = p.section("dataset", "Dataset");
        h.append("<p>").append(d.size()).append(" images of ").append(d.patientCount()).append(" patients in <code>")
                .append(esc(d.root())).append("</code>; positive class <b>").append(esc(d.positiveClass()))
                .append("</b>.</p>");
        h.append("<table><thead><tr><th class=\"l\">class</th><th>images</th><th>share</th><th>patients</th>"
                + "<th>with mask</th><th>tested</th><th>flagged</th><th>mean F</th></tr></thead><tbody>");
        for (int target = 0; target <= 1; target++) {
            int t = target;
            List<ImageStats> rows = a.images().stream().filter(s -> s.image().target() == t).toList();
            h.append("<tr><td class=\"l\">").append(esc(t == 0 ? d.negativeClass() : d.positiveClass()))
                    .append(t == 0 ? " <span class=\"muted\">(negative)</span>" : " <span class=\"muted\">(positive)</span>")
                    .append("</td>").append(classRow(rows, d.size())).append("</tr>");
        }
        h.append("</tbody><tfoot><tr><td class=\"l\">all</td>").append(classRow(a.images(), d.size()))
                .append("</tr></tfoot></table>");

        Map<String, List<ImageStats>> bySubtype = new TreeMap<>();
        for (ImageStats s : a.images()) {
            if (!s.image().subtype().isEmpty()) bySubtype.computeIfAbsent(s.image().subtype(), k -> new ArrayList<>()).add(s);
        }
        if (!bySubtype.isEmpty()) {
            h.append("<h3>Subtypes</h3><table><thead><tr><th class=\"l\">subtype</th><th>").append(esc(d.negativeClass()))
                    .append("</th><th>").append(esc(d.positiveClass()))
                    .append("</th><th>flagged</th><th>mean F</th></tr></thead><tbody>");
            for (Map.Entry<String, List<ImageStats>> e : bySubtype.entrySet()) {
                List<ImageStats> rows = e.getValue();
                h.append("<tr><td class=\"l\">").append(esc(e.getKey())).append("</td>")
                        .append(td(rows.stream().filter(s -> s.image().target() == 0).count()))
                        .append(td(rows.stream().filter(s -> s.image().target() == 1).count()))
                        .append(td(rows.stream().filter(ImageStats::flagged).count()))
                        .append(td(f2(meanF(rows)))).append("</tr>");
            }
            h.append("</tbody></table>");
        }

        h.append("<h3>Annotated features</h3>");
        if (d.featureColumns().isEmpty()) {
            h.append("<p class=\"muted\">The manifest has no feature columns.</p>");
        } else {
            List<ImageStats> flagged = a.flagged();
            h.append("<table><thead><tr><th class=\"l\">feature</th><th>annotated</th><th>present</th><th>prevalence</th>"
                    + "<th>in ").append(esc(d.negativeClass())).append("</th><th>in ").append(esc(d.positiveClass()))
                    .append("</th><th>among flagged</th></tr></thead><tbody>");
            for (String f : d.featureColumns()) h.append(featureRow(f, a.images(), flagged, d));
            h.append("</tbody></table><p class=\"note\">Prevalence = images with the feature present (value 1) among "
                    + "images annotated for it. Categorical features list their most common value.</p>");
        }
        p.end();
    }

    private static void configuration(Page p, Inputs in) {
        AnalysisResult a = in.analysis();
        ExperimentConfig c = a.config();
        StringBuilder h = p.section("configuration", "Configuration and seeds");
        h.append("<div class=\"cols\"><table class=\"kv\"><caption>Experiment</caption>");
        kv(h, "profile", esc(c.profile()));
        kv(h, "models", esc(String.join(", ", c.models())));
        ExperimentConfig.Splits sp = c.splits();
        kv(h, "split scheme", sp.scheme() == ExperimentConfig.Scheme.KFOLD
                ? esc(sp.repeats() + " × " + sp.folds() + "-fold, validation " + pct(sp.valShare()) + " of training")
                : esc(sp.iterations() + " Monte Carlo splits " + pct(sp.trainShare()) + "/" + pct(sp.valShare()) + "/"
                        + pct(sp.testShare())));
        kv(h, "grouping", "stratified by label, grouped by patient");
        Preprocessor.Options pre = c.preprocessing();
        kv(h, "input", esc(pre.size() + " px, " + (pre.channels() == 1 ? "grey" : pre.channels() + " channels")
                + (pre.crop() == Preprocessor.Crop.MASK ? ", cropped to the mask (margin " + pct(pre.margin()) + ")" : "")));
        ExperimentConfig.Training t = c.training();
        kv(h, "training", esc(t.optimizer().code() + ", lr " + num(t.learningRate()) + ", batch " + t.batchSize() + ", ≤ "
                + t.maxEpochs() + " epochs, patience " + t.patience()
                + (t.optimizer() == ExperimentConfig.Optimizer.SGD ? "" : ", momentum " + num(t.momentum()))
                + (t.weightDecay() > 0 ? ", weight decay " + num(t.weightDecay()) : "")));
        kv(h, "class weights / augmentation", (t.classWeights() ? "yes" : "no") + " / " + (t.augment() ? "yes" : "no"));
        kv(h, "decision threshold", esc(c.decision().thresholdRule().code()) + " on validation");
        kv(h, "base seed", esc(c.seed()));
        h.append("</table><table class=\"kv\"><caption>Analysis</caption>");
        var o = a.options();
        kv(h, "flag rule", esc(o.rule().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                + (o.rule().name().equals("POOLED") ? " (F<sub>j</sub> &gt; θ)" : " (F<sub>jm</sub> ≥ θ in more than "
                        + o.minModels() + " models)"));
        kv(h, "θ start / floor", num(o.theta()) + " / " + num(o.thetaFloor()) + (o.algorithm1() ? "" : " (fixed, no search)"));
        kv(h, "κ (AUC gain)", num(o.kappa()));
        kv(h, "minimum test appearances", Integer.toString(o.minAppearances()));
        kv(h, "maximum flagged share", pct(o.maxFlaggedShare()));
        h.append("</table></div>");
        if (!in.splits().isEmpty()) {
            h.append("<details><summary>Split seeds (").append(in.splits().size())
                    .append(" iterations, derived from the base seed)</summary><p class=\"mono\">");
            h.append(in.splits().stream().map(s -> s.iteration() + ": " + s.seed()).collect(Collectors.joining(" · ")));
            h.append("</p></details>");
        }
        List<RunRecord> runs = a.runs().stream().map(RunData::run).toList();
        if (!runs.isEmpty()) {
            h.append("<details><summary>Training seeds per run</summary><p class=\"mono\">");
            h.append(runs.stream().map(r -> esc(r.model()) + "/" + r.iteration() + ": " + r.seed())
                    .collect(Collectors.joining(" · ")));
            h.append("</p></details>");
        }
        p.end();
    }

    private static void trainingRuns(Page p, Inputs in) {
        AnalysisResult a = in.analysis();
        StringBuilder h = p.section("runs", "Training runs");
        h.append("<table><thead><tr><th class=\"l\">model</th><th>runs</th><th>epochs</th><th>best epoch</th>"
                + "<th>validation AUC</th><th>threshold</th><th>training time</th></tr></thead><tbody>");
        for (String m : a.models()) {
            List<RunRecord> rs = a.runs().stream().map(RunData::run).filter(r -> r.model().equals(m)).toList();
            if (rs.isEmpty()) continue;
            h.append("<tr><td class=\"l\">").append(esc(m)).append("</td>").append(td(rs.size()))
                    .append(td(meanRange(rs.stream().mapToDouble(RunRecord::epochs).toArray(), 1)))
                    .append(td(meanRange(rs.stream().mapToDouble(RunRecord::bestEpoch).toArray(), 1)))
                    .append(td(meanSd(rs.stream().mapToDouble(RunRecord::valAuc).filter(x -> !Double.isNaN(x)).toArray())))
                    .append(td(meanRange(rs.stream().mapToDouble(RunRecord::threshold).toArray(), 2)))
                    .append(td(duration(rs.stream().mapToDouble(RunRecord::trainSeconds).sum()))).append("</tr>");
        }
        h.append("</tbody></table><p class=\"note\">Epochs and thresholds: mean (min–max) over runs; validation AUC: "
                + "mean ± sd. Thresholds that swing widely between runs are a source of noise in F.</p>");
        p.end();
    }

    private static void table1(Page p, Inputs in) throws IOException {
        AnalysisResult a = in.analysis();
        StringBuilder h = p.section("table1", "Table 1 · Test AUC per model");
        h.append("<table><thead><tr><th class=\"l\">model</th><th>runs</th><th>mean ± sd</th><th>min</th><th>max</th>"
                + "</tr></thead><tbody>");
        Map<String, double[]> perModel = new LinkedHashMap<>();
        for (Map.Entry<String, Summary> e : a.aucByModel().entrySet()) {
            Summary s = e.getValue();
            h.append("<tr><td class=\"l\">").append(esc(e.getKey())).append("</td>").append(td(s.n()))
                    .append("<td><b>").append(f3(s.mean())).append("</b> ± ").append(f3(s.sd())).append("</td>")
                    .append(td(f3(s.min()))).append(td(f3(s.max()))).append("</tr>");
            perModel.put(e.getKey(), a.runs().stream().filter(r -> r.run().model().equals(e.getKey()))
                    .mapToDouble(r -> r.run().testAuc()).filter(x -> !Double.isNaN(x)).toArray());
        }
        h.append("</tbody></table><p class=\"note\">Test AUC of each run on its own test fold, summarised over runs. "
                + "No confidence interval is given: the runs share training data, so their spread understates the "
                + "uncertainty of a mean.</p>");
        if (perModel.values().stream().anyMatch(x -> x.length > 1)) {
            h.append("<figure><img class=\"chart\" alt=\"test AUC per run, by model\" src=\"")
                    .append(Charts.aucByModel(perModel)).append("\"><figcaption>Test AUC of every run, by model "
                            + "(box: quartiles and median; whiskers: range within 1.5 IQR).</figcaption></figure>");
        }
        p.end();
    }

    private static void algorithm1(Page p, Inputs in) {
        AnalysisResult a = in.analysis();
        Algorithm1.Result a1 = a.algorithm1();
        StringBuilder h = p.section("algorithm1", "Algorithm 1 · choosing θ");
        h.append("<p><b>").append(esc(a1.stopReason())).append(".</b> ")
                .append(String.format(Locale.ROOT, "At θ = %.2f, <b>%d</b> image(s) are flagged", a1.theta(),
                        a1.flagged().size()))
                .append(a1.reached() ? "; excluding them gains at least κ."
                        : a1.trace().get(0).flagged() > a1.flagged().size() ? "; the starting θ already flags more than "
                        + "the cap allows, so none is flagged." : "; κ was not reached, so the flags of the starting θ are kept.")
                .append("</p>");
        h.append("<table><thead><tr><th>θ</th><th>flagged</th><th>share</th><th>AUC before</th><th>AUC after</th>"
                + "<th>ΔAUC</th></tr></thead><tbody>");
        for (Algorithm1.Step s : a1.trace()) {
            boolean chosen = Math.abs(s.theta() - a1.theta()) < 1e-9;
            h.append("<tr").append(chosen ? " class=\"chosen\"" : "").append(">")
                    .append(td(String.format(Locale.ROOT, "%.2f", s.theta()))).append(td(s.flagged()))
                    .append(td(String.format(Locale.ROOT, "%.1f%%", 100 * s.flaggedShare()))).append(td(f3(s.aucBefore())))
                    .append(td(f3(s.aucAfter()))).append(td(signed(s.delta()))).append("</tr>");
        }
        h.append("</tbody></table><p class=\"note\">AUC after = mean test AUC with the flagged images removed from the "
                + "logged test predictions (the paper's measure). It rises almost by construction; retraining without "
                + "them is the honest test.</p>");
        p.end();
    }

    private static void figure1(Page p, Inputs in) throws IOException {
        AnalysisResult a = in.analysis();
        StringBuilder h = p.section("figure1", "Figure 1 · AUC against images excluded");
        h.append("<figure><img class=\"chart\" alt=\"mean test AUC per model against the number of images excluded\" src=\"")
                .append(Charts.exclusionCurve(a.exclusionCurve(), a.algorithm1().flagged().size()))
                .append("\"><figcaption>Mean test AUC per model as the most persistently misclassified images are "
                        + "left out of the logged test predictions, one at a time in order of F (\"all\": every run). "
                        + "The dashed line marks the flagged count.</figcaption></figure>");
        p.end();
    }

    private static void frequencies(Page p, Inputs in) throws IOException {
        AnalysisResult a = in.analysis();
        StringBuilder h = p.section("frequency", "Misclassification frequency F");
        List<ImageStats> tested = a.images().stream().filter(s -> s.pooled().appearances() > 0).toList();
        double[] f = tested.stream().mapToDouble(s -> s.pooled().frequency()).toArray();
        h.append("<figure><img class=\"chart\" alt=\"histogram of F\" src=\"")
                .append(Charts.frequencyHistogram(f, a.algorithm1().theta()))
                .append("\"><figcaption>Pooled F<sub>j</sub> = errors / test appearances over every model's runs, for "
                        + "the images tested at least once. The dashed line marks the chosen θ.</figcaption></figure>");
        int n = a.images().size();
        long never = n - tested.size();
        long few = a.images().stream().filter(s -> s.pooled().appearances() > 0 && !s.enoughAppearances()).count();
        Summary appearances = Summary.of(tested.stream().mapToDouble(s -> s.pooled().appearances()).toArray());
        h.append("<table><tbody>");
        h.append("<tr><td class=\"l\">test appearances per image</td>").append(td(appearances.n() == 0 ? "–"
                : String.format(Locale.ROOT, "%.1f (%.0f–%.0f)", appearances.mean(), appearances.min(), appearances.max())))
                .append("</tr>");
        countRow(h, "never tested", never, n);
        countRow(h, "tested fewer than " + a.options().minAppearances() + " times (never flagged)", few, n);
        countRow(h, "F = 0", tested.stream().filter(s -> s.pooled().errors() == 0).count(), n);
        countRow(h, "F ≥ 0.5", tested.stream().filter(s -> s.pooled().frequency() >= 0.5).count(), n);
        countRow(h, "F = 1", tested.stream().filter(s -> s.pooled().appearances() > 0
                && s.pooled().errors() == s.pooled().appearances()).count(), n);
        countRow(h, "flagged", a.flagged().size(), n);
        h.append("</tbody></table>");
        p.end();
    }

    private static void gallery(Page p, Inputs in) {
        AnalysisResult a = in.analysis();
        List<ImageStats> flagged = a.flagged();
        StringBuilder h = p.section("gallery", "Flagged images (" + flagged.size() + ")");
        if (flagged.isEmpty()) {
            h.append("<p>No image is flagged.</p>");
        } else {
            h.append("<p class=\"note\">Most persistent first. F per model = errors/test appearances; FP/FN = errors "
                    + "on negative/positive images")
                    .append(in.verdicts().isEmpty() ? "." : "; the latest expert verdict is shown where one was recorded.")
                    .append("</p><div class=\"gallery\">");
            for (ImageStats s : flagged) h.append(card(in, s));
            h.append("</div>");
        }
        p.end();
    }

    private static void verdicts(Page p, Inputs in) {
        if (in.verdicts().isEmpty()) return; // nothing reviewed yet: no section
        AnalysisResult a = in.analysis();
        StringBuilder h = p.section("verdicts", "Expert verdicts");
        Map<String, Predicate<ImageStats>> groups = new LinkedHashMap<>();
        groups.put("flagged", ImageStats::flagged);
        groups.put("controls (F < " + num(CONTROL_MAX_F) + ")", s -> !s.flagged() && s.enoughAppearances()
                && s.pooled().frequency() < CONTROL_MAX_F);
        groups.put("other", s -> !s.flagged() && !(s.enoughAppearances() && s.pooled().frequency() < CONTROL_MAX_F));
        h.append("<table><thead><tr><th class=\"l\">latest verdict</th>");
        for (String g : groups.keySet()) h.append("<th>").append(esc(g)).append("</th>");
        h.append("</tr></thead><tbody>");
        for (Kind k : Kind.values()) {
            h.append("<tr><td class=\"l\">").append(badge(k)).append("</td>");
            for (Predicate<ImageStats> g : groups.values()) {
                h.append(td(a.images().stream().filter(g).filter(s -> {
                    Verdict v = in.verdicts().get(s.image().index());
                    return v != null && v.kind() == k;
                }).count()));
            }
            h.append("</tr>");
        }
        h.append("</tbody><tfoot><tr><td class=\"l\">reviewed / in group</td>");
        for (Predicate<ImageStats> g : groups.values()) {
            List<ImageStats> members = a.images().stream().filter(g).toList();
            long reviewed = members.stream().filter(s -> in.verdicts().containsKey(s.image().index())).count();
            h.append(td(reviewed + " / " + members.size()));
        }
        h.append("</tr></tfoot></table>");
        long reviewers = in.verdicts().values().stream().map(Verdict::reviewer).distinct().count();
        h.append("<p class=\"note\">Latest verdict per image from ").append(reviewers).append(" reviewer(s), recorded with "
                + "<code>pma review</code>; <code>pma review --export</code> writes the full history.</p>");
        p.end();
    }

    private static void ranking(Page p, Inputs in) {
        AnalysisResult a = in.analysis();
        List<ImageStats> top = a.images().stream().filter(s -> s.rank() > 0)
                .sorted(java.util.Comparator.comparingInt(ImageStats::rank))
                .filter(s -> s.flagged() || s.rank() <= RANKING_ROWS).toList();
        StringBuilder h = p.section("ranking", "Most persistent images");
        h.append("<div class=\"scroll\"><table class=\"wide\"><thead><tr><th>rank</th><th class=\"l\">image</th><th class=\"l\">label</th>"
                + "<th class=\"l\">subtype</th>");
        for (String m : a.models()) h.append("<th>F ").append(esc(m)).append("</th>");
        h.append("<th>F pooled</th><th>95% CI</th><th>FP</th><th>FN</th><th>p(label)</th><th class=\"l\">flag</th>")
                .append(in.verdicts().isEmpty() ? "" : "<th class=\"l\">verdict</th>").append("</tr></thead><tbody>");
        for (ImageStats s : top) {
            Tally t = s.pooled();
            h.append("<tr").append(s.flagged() ? " class=\"flagged\"" : "").append(">").append(td(s.rank()))
                    .append("<td class=\"l\">").append(esc(s.image().id())).append("</td><td class=\"l\">")
                    .append(esc(s.image().label())).append("</td><td class=\"l\">").append(esc(s.image().subtype()))
                    .append("</td>");
            for (String m : a.models()) h.append(td(ratio(s.byModel().getOrDefault(m, Tally.EMPTY))));
            h.append(td(f2(t.frequency()))).append("<td class=\"nowrap\">").append(ci(s)).append("</td>").append(td(t.falsePositives())).append(td(t.falseNegatives()))
                    .append(td(f2(t.meanTrueClassProb()))).append("<td class=\"l nowrap\">")
                    .append(s.flagged() ? "flagged" : s.enoughAppearances() ? "" : "too few tests").append("</td>");
            if (!in.verdicts().isEmpty()) {
                Verdict v = in.verdicts().get(s.image().index());
                h.append("<td class=\"l\">").append(v == null ? "" : badge(v.kind())).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</tbody></table></div><p class=\"note\">Flagged images and the top ").append(RANKING_ROWS)
                .append(" by rank (pooled F, ties broken by the lower mean probability of the given label). "
                        + "<code>images.csv</code> from <code>pma analyze</code> lists every image.</p>");
        p.end();
    }

    private static void provenance(Page p, Inputs in) {
        AnalysisResult a = in.analysis();
        StringBuilder h = p.section("provenance", "Provenance");
        h.append("<table class=\"kv\">");
        kv(h, "dataset folder", "<code>" + esc(a.dataset().root()) + "</code>");
        kv(h, "dataset fingerprint", "<code>" + esc(a.dataset().fingerprint()) + "</code>");
        if (!in.codeVersion().isEmpty()) kv(h, "pma version (experiment)", esc(in.codeVersion()));
        in.experiment().reproduction().forEach((name, value) -> {
            if (!name.equals("pma version")) kv(h, name + " (experiment)", esc(value));
        });
        if (!in.created().isEmpty()) kv(h, "experiment created", esc(in.created()));
        kv(h, "report written", esc(UTC.format(Instant.now())));
        h.append("</table><details><summary>Configuration as recorded in the ledger (JSON)</summary><pre>")
                .append(esc(a.config().toJson())).append("</pre></details>");
        p.end();
    }

    // ---- gallery cards ----

    private static String card(Inputs in, ImageStats s) {
        ImageRecord r = s.image();
        StringBuilder c = new StringBuilder("<figure class=\"card\">");
        String thumb = thumbnail(in.analysis().dataset(), r.id());
        c.append("<div class=\"thumbs\">");
        if (thumb != null) c.append("<img alt=\"").append(esc(r.id())).append("\" src=\"").append(thumb).append("\">");
        else c.append("<div class=\"missing\">image unavailable</div>");
        for (Map.Entry<String, String> o : gradCamOverlays(in, r).entrySet()) {
            c.append("<img class=\"cam\" alt=\"Grad-CAM ").append(esc(o.getKey())).append("\" title=\"Grad-CAM, ")
                    .append(esc(o.getKey())).append("\" src=\"").append(o.getValue()).append("\">");
        }
        c.append("</div>");
        Tally p = s.pooled();
        c.append("<figcaption><div class=\"title\"><b>#").append(s.rank()).append("</b> <span class=\"id\">")
                .append(esc(r.id())).append("</span></div><div>").append(esc(r.label()))
                .append(r.subtype().isEmpty() ? "" : " · " + esc(r.subtype())).append("</div>")
                .append(String.format(Locale.ROOT, "<div class=\"f\">F = %d/%d = <b>%.2f</b> <span class=\"muted\">(%s)</span></div>",
                        p.errors(), p.appearances(), p.frequency(), ci(s)))
                .append("<div>FP ").append(p.falsePositives()).append(" · FN ").append(p.falseNegatives()).append("</div>")
                .append("<table class=\"permodel\">");
        for (Map.Entry<String, Tally> e : s.byModel().entrySet()) {
            c.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(ratio(e.getValue())).append("</td></tr>");
        }
        c.append("</table>");
        String present = r.features().entrySet().stream().filter(e -> e.getValue().equals("1")).map(Map.Entry::getKey)
                .collect(Collectors.joining(", "));
        if (!present.isEmpty()) c.append("<div class=\"feat\">").append(esc(present)).append("</div>");
        Verdict v = in.verdicts().get(r.index());
        if (v != null) {
            c.append("<div class=\"verdict-line\">").append(badge(v.kind())).append(" <span class=\"muted\">")
                    .append(esc(v.reviewer())).append("</span>");
            if (!v.note().isEmpty()) c.append("<div class=\"vnote\">").append(esc(shorten(v.note(), 160))).append("</div>");
            c.append("</div>");
        }
        return c.append("</figcaption></figure>").toString();
    }

    /**
     * Grad-CAM overlays of one image (the predicted class's map averaged over the runs that tested
     * it), one per model, as PNG data URIs keyed by model name; empty when the ledger holds no maps.
     * The gallery shows each beside the thumbnail.
     */
    static Map<String, String> gradCamOverlays(Inputs in, ImageRecord image) {
        return in.overlays().overlayDataUris(image.index());
    }

    /** A small JPEG of the image as a data URI, or null when the file cannot be read. */
    static String thumbnail(Dataset d, String id) {
        try {
            BufferedImage src = Preprocessor.decode(d.resolve(id), id);
            int side = 144;
            // Never upscale: small images are embedded as they are and the browser scales them.
            double scale = Math.min(1, Math.min((double) side / src.getWidth(), (double) side / src.getHeight()));
            int w = Math.max(1, (int) Math.round(src.getWidth() * scale));
            int hh = Math.max(1, (int) Math.round(src.getHeight() * scale));
            BufferedImage out = new BufferedImage(w, hh, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, w, hh, null);
            g.dispose();
            return Overlays.jpegDataUri(out);
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---- helpers ----

    private static String classRow(List<ImageStats> rows, int total) {
        return td(rows.size()) + td(pct((double) rows.size() / Math.max(1, total)))
                + td(rows.stream().map(s -> s.image().patient()).distinct().count())
                + td(rows.stream().filter(s -> s.image().hasMask()).count())
                + td(rows.stream().filter(s -> s.pooled().appearances() > 0).count())
                + td(rows.stream().filter(ImageStats::flagged).count()) + td(f2(meanF(rows)));
    }

    private static String featureRow(String feature, List<ImageStats> all, List<ImageStats> flagged, Dataset d) {
        List<String> values = all.stream().map(s -> s.image().features().getOrDefault(feature, "")).toList();
        boolean binary = values.stream().allMatch(v -> v.isEmpty() || v.equals("0") || v.equals("1"));
        long annotated = values.stream().filter(v -> !v.isEmpty()).count();
        StringBuilder row = new StringBuilder("<tr><td class=\"l\">").append(esc(feature)).append("</td>").append(td(annotated));
        if (!binary) {
            Map<String, Long> counts = values.stream().filter(v -> !v.isEmpty())
                    .collect(Collectors.groupingBy(v -> v, TreeMap::new, Collectors.counting()));
            String common = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
            return row.append("<td class=\"l\" colspan=\"5\">categorical, ").append(counts.size())
                    .append(" values; most common ").append(esc(common)).append(" (").append(counts.getOrDefault(common, 0L))
                    .append(")</td></tr>").toString();
        }
        long present = values.stream().filter("1"::equals).count();
        row.append(td(present)).append(td(share(present, annotated)));
        for (int target = 0; target <= 1; target++) {
            int t = target;
            List<String> v = all.stream().filter(s -> s.image().target() == t)
                    .map(s -> s.image().features().getOrDefault(feature, "")).filter(x -> !x.isEmpty()).toList();
            row.append(td(share(v.stream().filter("1"::equals).count(), v.size())));
        }
        List<String> fv = flagged.stream().map(s -> s.image().features().getOrDefault(feature, ""))
                .filter(x -> !x.isEmpty()).toList();
        long fp = fv.stream().filter("1"::equals).count();
        row.append(td(fv.isEmpty() ? "–" : fp + " of " + fv.size() + " (" + share(fp, fv.size()) + ")"));
        return row.append("</tr>").toString();
    }

    private static void countRow(StringBuilder h, String label, long count, int total) {
        h.append("<tr><td class=\"l\">").append(esc(label)).append("</td>").append(td(count + " (" + share(count, total) + ")"))
                .append("</tr>");
    }

    private static double meanF(List<ImageStats> rows) {
        return rows.stream().filter(s -> s.pooled().appearances() > 0).mapToDouble(s -> s.pooled().frequency())
                .average().orElse(Double.NaN);
    }

    private static void kv(StringBuilder h, String key, String valueHtml) {
        h.append("<tr><th>").append(esc(key)).append("</th><td>").append(valueHtml).append("</td></tr>");
    }

    static String badge(Kind k) {
        return "<span class=\"verdict v-" + esc(k.code()) + "\">" + esc(k.label()) + "</span>";
    }

    private static String ratio(Tally t) {
        return t.appearances() == 0 ? "–" : t.errors() + "/" + t.appearances();
    }

    private static String ci(ImageStats s) {
        return Double.isNaN(s.ci().low()) ? "–" : String.format(Locale.ROOT, "%.2f–%.2f", s.ci().low(), s.ci().high());
    }

    private static String meanRange(double[] x, int decimals) {
        if (x.length == 0) return "–";
        Summary s = Summary.of(x);
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " (" + f + "–" + f + ")", s.mean(), s.min(), s.max());
    }

    private static String meanSd(double[] x) {
        if (x.length == 0) return "–";
        Summary s = Summary.of(x);
        return f3(s.mean()) + (x.length > 1 ? " ± " + f3(s.sd()) : "");
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String share(long k, long n) {
        return n == 0 ? "–" : String.format(Locale.ROOT, "%.1f%%", 100.0 * k / n);
    }

    private static String pct(double x) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * x);
    }

    private static String num(double x) {
        return pma.io.CsvTable.number(x);
    }

    /** Retraining, AUC intervals, model comparisons and Table 2, from the analysis. */
    private static void statistics(Page p, Inputs in) {
        StringBuilder h = p.section("statistics", "Retraining, intervals and feature rarity");
        h.append(replicationBanner(in.analysis()));
        h.append(statisticsSections(in.analysis()).replace("<h2>", "<h3>").replace("</h2>", "</h3>"));
        p.end();
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
            int left = a.features().stream().mapToInt(FeatureRarity.Row::notFlaggable).max().orElse(0);
            h.append("</table><p class=\"note\">Flagged against not flagged annotated images (empty cells = not "
                    + "annotated, left out); ").append(left == 0 ? "" : "up to " + left + " annotated image(s) that were "
                    + "never tested or tested too few times to be flagged are left out too; ").append("Fisher exact test, odds ratio with Woolf's interval (0.5 added to every "
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
        return "<td>" + esc(o) + "</td>";
    }

    private static String f2(double x) {
        return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.2f", x);
    }

    private static String f3(double x) {
        return Double.isNaN(x) ? "–" : String.format(Locale.ROOT, "%.3f", x);
    }

    /** The document being built: numbered sections and the table of contents that lists them. */
    private static final class Page {
        private final StringBuilder body = new StringBuilder(1 << 16);
        private final List<String[]> toc = new ArrayList<>();

        /** Opens a numbered section and returns the builder to write its content into. */
        StringBuilder section(String id, String title) {
            toc.add(new String[] {id, title});
            body.append("<section id=\"").append(esc(id)).append("\"><h2><span class=\"num\">").append(toc.size())
                    .append("</span>").append(esc(title)).append("</h2>");
            return body;
        }

        void end() {
            body.append("</section>");
        }

        String html(Inputs in) {
            AnalysisResult a = in.analysis();
            Dataset d = a.dataset();
            StringBuilder h = new StringBuilder(body.length() + 16384);
            h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                    .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                    .append("<title>Persistent misclassification analysis · ").append(esc(d.root().getFileName()))
                    .append("</title><style>").append(CSS).append("</style></head><body><header>")
                    .append("<h1>Persistent misclassification analysis</h1><p class=\"sub\">")
                    .append(esc(d.root())).append(" · ").append(a.runs().size()).append(" runs of ")
                    .append(esc(String.join(", ", a.models()))).append(" · profile ").append(esc(a.config().profile()))
                    .append("</p>");
            Algorithm1.Result a1 = a.algorithm1();
            Summary all = Summary.of(a.runs().stream().mapToDouble(r -> r.run().testAuc()).filter(x -> !Double.isNaN(x))
                    .toArray());
            h.append("<div class=\"glance\">");
            glance(h, Integer.toString(d.size()), "images");
            glance(h, Long.toString(d.patientCount()), "patients");
            glance(h, Integer.toString(a.runs().size()), "runs");
            glance(h, f3(all.mean()), "mean test AUC");
            glance(h, Integer.toString(a1.flagged().size()), String.format(Locale.ROOT, "flagged at θ = %.2f", a1.theta()));
            glance(h, signed(a1.trace().stream().filter(s -> Math.abs(s.theta() - a1.theta()) < 1e-9).mapToDouble(
                    Algorithm1.Step::delta).findFirst().orElse(Double.NaN)), "ΔAUC without them");
            if (!in.verdicts().isEmpty()) {
                long reviewed = a.flagged().stream().filter(s -> in.verdicts().containsKey(s.image().index())).count();
                glance(h, reviewed + "/" + a.flagged().size(), "flagged reviewed");
            }
            h.append("</div><nav><b>Contents</b><ol>");
            for (String[] t : toc) h.append("<li><a href=\"#").append(esc(t[0])).append("\">").append(esc(t[1])).append("</a></li>");
            h.append("</ol></nav></header><main>").append(body).append("</main><footer>Written by pma")
                    .append(in.codeVersion().isEmpty() ? "" : " " + esc(in.codeVersion())).append(" on ")
                    .append(esc(UTC.format(Instant.now()))).append(".</footer></body></html>\n");
            return h.toString();
        }

        private static void glance(StringBuilder h, String value, String label) {
            h.append("<div><span class=\"v\">").append(esc(value)).append("</span><span class=\"k\">").append(esc(label))
                    .append("</span></div>");
        }
    }

    private static final String CSS = """
            *{box-sizing:border-box}
            body{font:15px/1.45 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;max-width:1160px;margin:0 auto;
              padding:1.5em 1.5em 3em;color:#1d232a;background:#fff}
            h1{font-size:1.7em;margin:0 0 .1em}h2{font-size:1.2em;margin:2em 0 .6em;padding-bottom:.25em;border-bottom:2px solid #d9e2ec}
            h2 .num{display:inline-block;min-width:1.7em;color:#829ab1}h3{font-size:1em;margin:1.3em 0 .4em;color:#334e68}
            .sub{color:#627d98;margin:0 0 1em;word-break:break-all}.note,.muted{color:#627d98}.note{font-size:.88em;max-width:60em}
            code,.mono{font:.86em ui-monospace,SFMono-Regular,Menlo,monospace}.mono{word-break:break-word;color:#334e68}
            .glance{display:flex;flex-wrap:wrap;gap:.6em;margin:.8em 0 1.2em}
            .glance div{background:#f0f4f8;border-radius:6px;padding:.5em .9em;min-width:7.5em}
            .glance .v{display:block;font-size:1.35em;font-weight:700;color:#102a43;font-variant-numeric:tabular-nums}
            .glance .k{display:block;font-size:.78em;color:#627d98}
            nav{background:#f8fafc;border:1px solid #e4e7eb;border-radius:6px;padding:.6em 1em;font-size:.9em}
            nav ol{margin:.3em 0 0;padding-left:1.6em;columns:2;column-gap:2.5em}nav a{color:#243b53;text-decoration:none}
            nav a:hover{text-decoration:underline}
            table{border-collapse:collapse;font-size:.88em;font-variant-numeric:tabular-nums;margin:.4em 0}
            th,td{border-bottom:1px solid #e4e7eb;padding:.28em .7em;text-align:right;vertical-align:top}
            thead th{background:#f0f4f8;font-weight:600;color:#243b53}tfoot td{font-weight:600;border-top:2px solid #d9e2ec}
            td.l,th.l{text-align:left}tr.chosen td{background:#fff3c4;font-weight:600}tr.flagged td{background:#fff5f5}
            table.kv th{text-align:left;font-weight:500;color:#486581;background:none}table.kv td{text-align:left}
            table.kv caption{text-align:left;font-weight:600;color:#334e68;padding-bottom:.2em}
            table.wide{width:100%;font-size:.82em}table.wide th,table.wide td{padding:.25em .45em}
            .scroll{overflow-x:auto}.nowrap{white-space:nowrap}
            .cols{display:flex;flex-wrap:wrap;gap:2.5em;align-items:flex-start}
            details{margin:.6em 0;font-size:.9em}summary{cursor:pointer;color:#334e68}
            figure{margin:.6em 0}figcaption{font-size:.85em;color:#627d98;max-width:52em}
            img.chart{max-width:100%;display:block}
            .gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(176px,1fr));gap:12px}
            figure.card{margin:0;border:1px solid #e4e7eb;border-radius:6px;padding:8px;background:#fafbfc;font-size:.78em;
              break-inside:avoid}
            .thumbs{display:flex;flex-wrap:wrap;gap:4px;justify-content:center;background:#111;border-radius:4px;padding:4px}
            .thumbs img{width:144px;height:auto;display:block}.thumbs img.cam{width:68px}
            figure.card figcaption{color:#1d232a;font-size:1em;margin-top:6px;line-height:1.35}
            .card .title{margin-bottom:2px}.card .id{word-break:break-all}.card .f{margin-top:2px}
            table.permodel{font-size:1em;margin:3px 0;width:100%}table.permodel td{padding:0 .2em;border:0}
            table.permodel td:first-child{text-align:left;color:#486581}
            .feat{color:#8a4b00;margin-top:2px}.missing{height:96px;color:#999;text-align:center;padding-top:40px}
            .verdict-line{margin-top:4px;padding-top:4px;border-top:1px dashed #d9e2ec}.vnote{color:#334e68;font-style:italic}
            .verdict{display:inline-block;padding:0 .4em;border-radius:3px;font-weight:600;white-space:nowrap}
            .v-label_error{background:#facdcd;color:#7a0c0c}.v-atypical{background:#eae2f8;color:#44056e}
            .v-poor_quality{background:#fff3c4;color:#5c4813}.v-artifact{background:#ffe8d9;color:#841003}
            .v-model_failure{background:#dceefb;color:#0b4f8a}.v-no_problem{background:#e3f9e5;color:#05400a}
            pre{background:#f8fafc;padding:.8em;font-size:.8em;overflow:auto;border-radius:4px}
            footer{margin-top:3em;color:#9fb3c8;font-size:.8em}
            @media print{body{max-width:none;padding:0}nav{display:none}h2{break-after:avoid}
              .gallery{grid-template-columns:repeat(4,1fr)}}
            """;
    /** Confident learning and training dynamics beside F_j, and the images every detector agrees on. */
    private static void secondOpinions(Page p, Inputs in) {
        StringBuilder h = p.section("opinions", "Second opinions");
        h.append(secondOpinions(in.analysis()).replace("<h2>", "<h3>").replace("</h2>", "</h3>"));
        p.end();
    }

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

}
