package pma.report;

import static pma.report.Format.duration;
import static pma.report.Format.f1;
import static pma.report.Format.f2;
import static pma.report.Format.f3;
import static pma.report.Format.meanRange;
import static pma.report.Format.meanSd;
import static pma.report.Format.num;
import static pma.report.Format.p;
import static pma.report.Format.pct;
import static pma.report.Format.ratio;
import static pma.report.Format.share;
import static pma.report.Format.shorten;
import static pma.report.Format.signed;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import pma.analysis.Algorithm1;
import pma.analysis.AnalysisResult;
import pma.analysis.AnalysisWriter;
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
import pma.triage.Reason;
import pma.triage.Triages;
import pma.ledger.RunRecord;
import pma.ledger.Verdicts.Kind;
import pma.ledger.Verdicts.Verdict;
import pma.ledger.Verdicts;
import pma.report.Sections.*;
import pma.split.Split;
import pma.stats.Summary;

/**
 * {@code report.html}: one self-contained file (charts and thumbnails embedded), readable offline,
 * fit for a paper's supplement.
 *
 * <p>{@link #render} is a list of section methods, one per heading, each returning the record its
 * template draws ({@link Sections}); a section whose data the ledger does not hold says so or
 * leaves itself out. Section numbers and the table of contents follow the order of the list
 * ({@code report.jte}).
 */
public final class HtmlReport {
    /** Images listed in the ranking table besides the flagged ones. */
    static final int RANKING_ROWS = 25;
    /** Pooled F below this marks a control: an image the models reliably get right (as in {@code pma review}). */
    static final double CONTROL_MAX_F = 0.05;
    /** Images listed in the second-opinions table of images every detector flags; detectors.csv lists them all. */
    static final int AGREED_ROWS = 50;
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
                  String created, Overlays overlays, ExperimentInfo experiment, Triages.Result triage) {}

    /**
     * Writes the report with everything the ledger holds beyond the analysis (expert verdicts, seeds,
     * provenance), read from one snapshot; pass the snapshot {@code a} was computed from, so the two agree.
     */
    public static Path write(Ledger ledger, AnalysisResult a, Path dir) throws IOException {
        try (Ledger.Snapshot s = ledger.snapshot()) {
            return write(s.ledger(), a, Triages.of(s.ledger(), a), dir);
        }
    }

    /** As {@link #write(Ledger, AnalysisResult, Path)}, with the triage already computed from the same snapshot. */
    public static Path write(Ledger ledger, AnalysisResult a, Triages.Result triage, Path dir) throws IOException {
        try (Ledger.Snapshot s = ledger.snapshot()) {
            return writeFrom(s.ledger(), a, triage, dir);
        }
    }

    private static Path writeFrom(Ledger ledger, AnalysisResult a, Triages.Result triage, Path dir) throws IOException {
        ExperimentInfo experiment = ledger.experiment();
        // Seconds are enough; the ledger keeps the experiment's own clock time.
        String created = experiment.created().substring(0, Math.min(19, experiment.created().length()));
        return write(new Inputs(a, new Verdicts(ledger).latest(), ledger.splits(), experiment.codeVersion(), created,
                Overlays.load(ledger, a, "gradcam", "predicted"), experiment, triage), dir);
    }

    /** Writes the report from the analysis alone. */
    public static Path write(AnalysisResult a, Path dir) throws IOException {
        return write(new Inputs(a, Map.of(), List.of(), "", "", Overlays.of(null), ExperimentInfo.NONE, null), dir);
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
        AnalysisResult a = in.analysis();
        List<Section> sections = new ArrayList<>();
        sections.add(dataset(a));
        sections.add(configuration(in));
        sections.add(trainingRuns(a));
        sections.add(table1(a));
        sections.add(algorithm1(a));
        sections.add(statistics(a));
        sections.add(secondOpinions(a));
        if (in.triage() != null) sections.add(triage(a, in.triage())); // needs the ledger's maps and features
        sections.add(new Figure1Section(Charts.exclusionCurve(a.exclusionCurve(), a.algorithm1().flagged().size()),
                a.order().name()));
        sections.add(frequencies(a));
        sections.add(gallery(in));
        if (!in.verdicts().isEmpty()) sections.add(verdicts(in)); // nothing reviewed yet: no section
        sections.add(ranking(in));
        String written = UTC.format(Instant.now());
        sections.add(provenance(in, written));
        Dataset d = a.dataset();
        return Templates.render("report/report.jte", new Page(String.valueOf(d.root().getFileName()), String.valueOf(d.root()),
                a.runs().size(), String.join(", ", a.models()), a.config().profile(), glance(in), sections,
                in.codeVersion(), written, Templates.resource("/pma/report/report.css")));
    }

    private static List<Glance> glance(Inputs in) {
        AnalysisResult a = in.analysis();
        Dataset d = a.dataset();
        Algorithm1.Result a1 = a.algorithm1();
        Summary all = Summary.of(a.runs().stream().mapToDouble(r -> r.run().testAuc()).filter(x -> !Double.isNaN(x)).toArray());
        List<Glance> g = new ArrayList<>();
        g.add(new Glance(Integer.toString(d.size()), "images"));
        g.add(new Glance(Long.toString(d.patientCount()), "patients"));
        g.add(new Glance(Integer.toString(a.runs().size()), "runs"));
        g.add(new Glance(f3(all.mean()), "mean test AUC"));
        g.add(new Glance(Integer.toString(a1.flagged().size()), String.format(Locale.ROOT, "flagged at θ = %.2f", a1.theta())));
        g.add(new Glance(signed(a1.trace().stream().filter(s -> Math.abs(s.theta() - a1.theta()) < 1e-9)
                .mapToDouble(Algorithm1.Step::delta).findFirst().orElse(Double.NaN)), "ΔAUC without them"));
        if (!in.verdicts().isEmpty()) {
            long reviewed = a.flagged().stream().filter(s -> in.verdicts().containsKey(s.image().index())).count();
            g.add(new Glance(reviewed + "/" + a.flagged().size(), "flagged reviewed"));
        }
        return g;
    }

    // ---- sections ----

    /** Counts per reason among the flagged images and in all, then each flagged image's reasons. */
    static TriageSection triage(AnalysisResult a, Triages.Result t) {
        List<ImageStats> flagged = a.flagged();
        List<ReasonRow> reasons = new ArrayList<>();
        for (Reason r : Reason.values()) {
            int inFlagged = (int) flagged.stream().filter(s -> t.images().get(s.image().index()).has(r)).count();
            reasons.add(new ReasonRow(r.code(), REASON_MEANING.get(r), inFlagged, t.with(r).size()));
        }
        int without = (int) flagged.stream().filter(s -> t.images().get(s.image().index()).reasons().isEmpty()).count();
        List<TriageRow> rows = flagged.subList(0, Math.min(TRIAGE_ROWS, flagged.size())).stream().map(s -> new TriageRow(
                s.image().id(), s.image().label(), f3(s.pooled().frequency()),
                t.images().get(s.image().index()).reasons().stream().map(Reason::code).collect(Collectors.joining(", ")))).toList();
        return new TriageSection(reasons, flagged.size(), without, rows, Math.max(0, flagged.size() - TRIAGE_ROWS), t.notes());
    }

    static final int TRIAGE_ROWS = 50;

    static final Map<Reason, String> REASON_MEANING = Map.of(
            Reason.LABEL_ISSUE, "every model (or, where the lesion outline leads, the stacked networks and outline), and "
                    + "the other views of its patient, confidently say the other class",
            Reason.AMBIGUOUS, "probabilities close to the threshold and unstable across runs",
            Reason.ATYPICAL, "far from the training images in the networks' own feature space",
            Reason.DUPLICATE_CONFLICT, "a near-duplicate carries the other label",
            Reason.OFF_LESION, "the maps put less weight on the lesion than reliably correct images do");

    private static DatasetSection dataset(AnalysisResult a) {
        Dataset d = a.dataset();
        List<ClassRow> classes = new ArrayList<>();
        for (int target = 0; target <= 1; target++) {
            int t = target;
            classes.add(classRow(t == 0 ? d.negativeClass() : d.positiveClass(), t == 0 ? "negative" : "positive",
                    a.images().stream().filter(s -> s.image().target() == t).toList(), d.size()));
        }
        Map<String, List<ImageStats>> bySubtype = new TreeMap<>();
        for (ImageStats s : a.images()) {
            if (!s.image().subtype().isEmpty()) bySubtype.computeIfAbsent(s.image().subtype(), k -> new ArrayList<>()).add(s);
        }
        List<SubtypeRow> subtypes = new ArrayList<>();
        for (Map.Entry<String, List<ImageStats>> e : bySubtype.entrySet()) {
            List<ImageStats> rows = e.getValue();
            subtypes.add(new SubtypeRow(e.getKey(), rows.stream().filter(s -> s.image().target() == 0).count(),
                    rows.stream().filter(s -> s.image().target() == 1).count(), rows.stream().filter(ImageStats::flagged).count(),
                    f2(meanF(rows))));
        }
        List<FeatureRow> features = d.featureColumns().stream().map(f -> featureRow(f, a.images(), a.flagged())).toList();
        return new DatasetSection(d.size(), d.patientCount(), String.valueOf(d.root()), d.negativeClass(), d.positiveClass(),
                classes, classRow("all", "", a.images(), d.size()), subtypes, features, !d.featureColumns().isEmpty());
    }

    private static ConfigurationSection configuration(Inputs in) {
        AnalysisResult a = in.analysis();
        ExperimentConfig c = a.config();
        List<KeyValue> experiment = new ArrayList<>();
        experiment.add(new KeyValue("profile", c.profile()));
        experiment.add(new KeyValue("models", String.join(", ", c.models())));
        ExperimentConfig.Splits sp = c.splits();
        experiment.add(new KeyValue("split scheme", sp.scheme() == ExperimentConfig.Scheme.KFOLD
                ? sp.repeats() + " × " + sp.folds() + "-fold, validation " + pct(sp.valShare()) + " of training"
                : sp.iterations() + " Monte Carlo splits " + pct(sp.trainShare()) + "/" + pct(sp.valShare()) + "/"
                        + pct(sp.testShare())));
        experiment.add(new KeyValue("grouping", "stratified by label, grouped by patient"));
        Preprocessor.Options pre = c.preprocessing();
        experiment.add(new KeyValue("input", pre.size() + " px, " + (pre.channels() == 1 ? "grey" : pre.channels() + " channels")
                + (pre.crop() == Preprocessor.Crop.MASK ? ", cropped to the mask (margin " + pct(pre.margin()) + ")" : "")));
        ExperimentConfig.Training t = c.training();
        experiment.add(new KeyValue("training", t.optimizer().code() + ", lr " + num(t.learningRate()) + ", batch " + t.batchSize()
                + ", ≤ " + t.maxEpochs() + " epochs, patience " + t.patience()
                + (t.optimizer() == ExperimentConfig.Optimizer.SGD ? "" : ", momentum " + num(t.momentum()))
                + (t.weightDecay() > 0 ? ", weight decay " + num(t.weightDecay()) : "")
                + (t.precision() == ExperimentConfig.Precision.BF16 ? ", convolutions in bf16" : "")));
        experiment.add(new KeyValue("class weights / augmentation", (t.classWeights() ? "yes" : "no") + " / "
                + (t.augment() ? "yes" : "no")));
        experiment.add(new KeyValue("decision threshold", c.decision().thresholdRule().code() + " on validation"));
        experiment.add(new KeyValue("base seed", String.valueOf(c.seed())));
        var o = a.options();
        List<KeyValue> analysis = List.of(
                new KeyValue("θ start / floor", num(o.theta()) + " / " + num(o.thetaFloor()) + (o.algorithm1() ? "" : " (fixed, no search)")),
                new KeyValue("κ (AUC gain)", num(o.kappa())),
                new KeyValue("minimum test appearances", Integer.toString(o.minAppearances())),
                new KeyValue("maximum flagged share", pct(o.maxFlaggedShare())));
        List<String> runSeeds = a.runs().stream().map(RunData::run).map(r -> r.model() + "/" + r.iteration() + ": " + r.seed())
                .toList();
        return new ConfigurationSection(experiment, o.rule().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                o.rule().name().equals("POOLED"), o.minModels(), analysis,
                in.splits().stream().map(s -> s.iteration() + ": " + s.seed()).toList(), runSeeds);
    }

    private static RunsSection trainingRuns(AnalysisResult a) {
        List<RunRow> rows = new ArrayList<>();
        for (String m : a.models()) {
            List<RunRecord> rs = a.runs().stream().map(RunData::run).filter(r -> r.model().equals(m)).toList();
            if (rs.isEmpty()) continue;
            rows.add(new RunRow(m, rs.size(), meanRange(rs.stream().mapToDouble(RunRecord::epochs).toArray(), 1),
                    meanRange(rs.stream().mapToDouble(RunRecord::bestEpoch).toArray(), 1),
                    meanSd(rs.stream().mapToDouble(RunRecord::valAuc).filter(x -> !Double.isNaN(x)).toArray()),
                    meanRange(rs.stream().mapToDouble(RunRecord::threshold).toArray(), 2),
                    duration(rs.stream().mapToDouble(RunRecord::trainSeconds).sum())));
        }
        return new RunsSection(rows);
    }

    private static Table1Section table1(AnalysisResult a) throws IOException {
        List<AucRow> rows = new ArrayList<>();
        Map<String, double[]> perModel = new LinkedHashMap<>();
        for (Map.Entry<String, Summary> e : a.aucByModel().entrySet()) {
            Summary s = e.getValue();
            rows.add(new AucRow(e.getKey(), s.n(), f3(s.mean()), f3(s.sd()), f3(s.min()), f3(s.max())));
            perModel.put(e.getKey(), a.runs().stream().filter(r -> r.run().model().equals(e.getKey()))
                    .mapToDouble(r -> r.run().testAuc()).filter(x -> !Double.isNaN(x)).toArray());
        }
        boolean spread = perModel.values().stream().anyMatch(x -> x.length > 1);
        return new Table1Section(rows, spread ? Charts.aucByModel(perModel) : null);
    }

    private static Algorithm1Section algorithm1(AnalysisResult a) {
        Algorithm1.Result a1 = a.algorithm1();
        String outcome = a1.reached() ? "; excluding them gains at least κ."
                : a1.trace().get(0).flagged() > a1.flagged().size()
                        ? "; the starting θ already flags more than the cap allows, so none is flagged."
                        : "; κ was not reached, so the flags of the starting θ are kept.";
        List<StepRow> steps = a1.trace().stream().map(s -> new StepRow(Math.abs(s.theta() - a1.theta()) < 1e-9, f2(s.theta()),
                s.flagged(), String.format(Locale.ROOT, "%.1f%%", 100 * s.flaggedShare()), f3(s.aucBefore()),
                f3(s.aucAfter()), signed(s.delta()))).toList();
        return new Algorithm1Section(a1.stopReason(), f2(a1.theta()), a1.flagged().size(), outcome, steps);
    }

    private static FrequencySection frequencies(AnalysisResult a) throws IOException {
        List<ImageStats> tested = a.images().stream().filter(s -> s.pooled().appearances() > 0).toList();
        double[] f = tested.stream().mapToDouble(s -> s.pooled().frequency()).toArray();
        String chart = Charts.frequencyHistogram(f, a.algorithm1().theta());
        int n = a.images().size();
        long few = a.images().stream().filter(s -> s.pooled().appearances() > 0 && !s.enoughAppearances()).count();
        Summary appearances = Summary.of(tested.stream().mapToDouble(s -> s.pooled().appearances()).toArray());
        List<KeyValue> counts = List.of(
                count("never tested", n - tested.size(), n),
                count("tested fewer than " + a.options().minAppearances() + " times (never flagged)", few, n),
                count("F = 0", tested.stream().filter(s -> s.pooled().errors() == 0).count(), n),
                count("F ≥ 0.5", tested.stream().filter(s -> s.pooled().frequency() >= 0.5).count(), n),
                count("F = 1", tested.stream().filter(s -> s.pooled().appearances() > 0
                        && s.pooled().errors() == s.pooled().appearances()).count(), n),
                count("flagged", a.flagged().size(), n));
        return new FrequencySection(chart, appearances.n() == 0 ? Format.NONE : String.format(Locale.ROOT, "%.1f (%.0f–%.0f)",
                appearances.mean(), appearances.min(), appearances.max()), counts);
    }

    private static KeyValue count(String label, long count, int total) {
        return new KeyValue(label, count + " (" + share(count, total) + ")");
    }

    private static GallerySection gallery(Inputs in) {
        return new GallerySection(in.analysis().flagged().stream().map(s -> card(in, s)).toList(), !in.verdicts().isEmpty());
    }

    private static VerdictsSection verdicts(Inputs in) {
        AnalysisResult a = in.analysis();
        Map<String, Predicate<ImageStats>> groups = new LinkedHashMap<>();
        groups.put("flagged", ImageStats::flagged);
        groups.put("controls (F < " + num(CONTROL_MAX_F) + ")", s -> !s.flagged() && s.enoughAppearances()
                && s.pooled().frequency() < CONTROL_MAX_F);
        groups.put("other", s -> !s.flagged() && !(s.enoughAppearances() && s.pooled().frequency() < CONTROL_MAX_F));
        List<VerdictRow> rows = new ArrayList<>();
        for (Kind k : Kind.values()) {
            rows.add(new VerdictRow(k, groups.values().stream().map(g -> a.images().stream().filter(g).filter(s -> {
                Verdict v = in.verdicts().get(s.image().index());
                return v != null && v.kind() == k;
            }).count()).toList()));
        }
        List<String> reviewed = new ArrayList<>();
        for (Predicate<ImageStats> g : groups.values()) {
            List<ImageStats> members = a.images().stream().filter(g).toList();
            reviewed.add(members.stream().filter(s -> in.verdicts().containsKey(s.image().index())).count() + " / " + members.size());
        }
        long reviewers = in.verdicts().values().stream().map(Verdict::reviewer).distinct().count();
        return new VerdictsSection(List.copyOf(groups.keySet()), rows, reviewed, reviewers);
    }

    /** The ranking table's flag cell: Algorithm 1's flag, the cut of pma's order, or too few tests for either. */
    private static String flag(ImageStats s, boolean suspect) {
        if (s.flagged()) return suspect ? "flagged, suspect" : "flagged";
        return suspect ? "suspect" : s.enoughAppearances() ? "" : "too few tests";
    }

    private static RankingSection ranking(Inputs in) {
        AnalysisResult a = in.analysis();
        boolean[] suspect = a.suspect();
        List<RankRow> rows = a.images().stream().filter(s -> s.rank() > 0)
                .sorted(java.util.Comparator.comparingInt(ImageStats::rank))
                .filter(s -> s.flagged() || suspect[s.image().index()] || s.rank() <= RANKING_ROWS).map(s -> {
                    Tally t = s.pooled();
                    Verdict v = in.verdicts().get(s.image().index());
                    return new RankRow(s.flagged(), s.rank(), s.image().id(), s.image().label(), s.image().subtype(),
                            a.models().stream().map(m -> ratio(s.byModel().getOrDefault(m, Tally.EMPTY))).toList(),
                            f2(t.frequency()), Format.interval(s.ci()), t.falsePositives(), t.falseNegatives(),
                            f2(t.meanTrueClassProb()), flag(s, suspect[s.image().index()]),
                            v == null ? null : v.kind());
                }).toList();
        return new RankingSection(a.models(), !in.verdicts().isEmpty(), rows, RANKING_ROWS, a.order().name(),
                a.order().words());
    }

    private static ProvenanceSection provenance(Inputs in, String written) {
        AnalysisResult a = in.analysis();
        List<KeyValue> reproduction = new ArrayList<>();
        in.experiment().reproduction().forEach((name, value) -> {
            if (!name.equals("pma version")) reproduction.add(new KeyValue(name + " (experiment)", value));
        });
        return new ProvenanceSection(String.valueOf(a.dataset().root()), a.dataset().fingerprint(), in.codeVersion(),
                reproduction, in.created(), written, a.config().toJson());
    }

    /** Retraining, AUC intervals, model comparisons and Table 2, from the analysis. */
    static StatisticsSection statistics(AnalysisResult a) {
        List<RetrainRow> retrain = new ArrayList<>();
        List<RetrainComparison.Row> rows = a.retrain();
        // Rows come in pairs per exclusion set and model: full test sets, then test sets without the set.
        for (int k = 0; k + 1 < rows.size(); k += 2) {
            RetrainComparison.Row full = rows.get(k);
            RetrainComparison.Row without = rows.get(k + 1);
            retrain.add(new RetrainRow(full.exclusion(), full.excludedImages(), full.model(), full.iterations(),
                    signed(without.meanAucOriginal() - full.meanAucOriginal()),
                    signed(full.meanDifference()) + " [" + signed(full.ci().low()) + ", " + signed(full.ci().high()) + "]",
                    p(full.wilcoxonP()),
                    signed(without.meanDifference()) + " [" + signed(without.ci().low()) + ", " + signed(without.ci().high()) + "]",
                    p(without.wilcoxonP())));
        }
        Algorithm1.Result a1 = a.algorithm1();
        Algorithm1.Step last = a1.trace().get(a1.trace().size() - 1);
        String a1Delta = f3(a1.reached() ? last.delta() : a1.trace().get(0).delta());

        List<AucCiRow> cis = new ArrayList<>();
        for (Map.Entry<String, Summary> e : a.aucByModel().entrySet()) {
            var ci = a.aucStatistics().modelCi().get(e.getKey());
            double width = a.runs().stream().filter(r -> r.run().model().equals(e.getKey()))
                    .mapToDouble(r -> a.aucStatistics().runCi().get(r.run().runId()).width()).filter(w -> !Double.isNaN(w))
                    .average().orElse(Double.NaN);
            cis.add(new AucCiRow(e.getKey(), e.getValue().n(), f3(e.getValue().mean()), f3(ci.low()) + "–" + f3(ci.high()),
                    f3(width)));
        }
        List<ComparisonRow> comparisons = a.aucStatistics().comparisons().stream().map(c -> new ComparisonRow(c.modelA(),
                c.modelB(), c.iterations(), signed(c.meanDifference()), c.significantIterations(), p(c.wilcoxonP()))).toList();
        List<RarityRow> rarity = a.features().stream().map(r -> new RarityRow(r.feature(), r.value(), r.images(),
                f3(r.shareDataset()), f3(r.meanShareTrain()), r.flaggedWith(), f3(r.shareFlagged()),
                Double.isNaN(r.oddsRatio()) ? Format.NONE : String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", r.oddsRatio(),
                        r.orCi().low(), r.orCi().high()), p(r.fisherP()), p(r.bhQ()))).toList();
        int left = a.features().stream().mapToInt(FeatureRarity.Row::notFlaggable).max().orElse(0);
        return new StatisticsSection(a.options().replicationOnly() ? AnalysisWriter.replicationNote(a.options()) : null,
                retrain, a1Delta, cis, comparisons, rarity, left);
    }

    /** Confident learning and training dynamics beside F_j, and the images every detector agrees on. */
    private static OpinionsSection secondOpinions(AnalysisResult a) {
        pma.opinions.SecondOpinions o = a.opinions();
        pma.opinions.ConfidentLearning.Result cl = o.confidentLearning();
        List<pma.opinions.SecondOpinions.Detector> detectors = a.detectors();
        pma.opinions.SecondOpinions.Detector consensus = pma.opinions.SecondOpinions.consensus(detectors);
        boolean dynamics = !o.dynamics().empty();
        String neg = a.dataset().negativeClass(), pos = a.dataset().positiveClass();
        double[][] q = cl.calibratedJoint();
        List<JointRow> joint = new ArrayList<>();
        for (int i = 0; i < 2; i++) joint.add(new JointRow(i == 0 ? neg : pos, f1(q[i][0]), f1(q[i][1]), f3(cl.thresholds()[i])));

        boolean[] f = detectors.stream().filter(d -> d.name().equals("algorithm1")).findFirst().orElseThrow().flagged();
        List<DetectorRow> rows = new ArrayList<>();
        for (pma.opinions.SecondOpinions.Detector d : detectors) {
            int n = 0, both = 0;
            for (int i = 0; i < f.length; i++) {
                if (d.flagged()[i]) {
                    n++;
                    if (f[i]) both++;
                }
            }
            rows.add(new DetectorRow(d.name(), d.cut(), n, both));
        }

        List<ImageStats> agreed = a.images().stream().filter(s -> consensus.flagged()[s.image().index()])
                .sorted(java.util.Comparator.comparingInt(s -> s.rank() == 0 ? Integer.MAX_VALUE : s.rank())).toList();
        List<AgreedRow> agreedRows = agreed.subList(0, Math.min(AGREED_ROWS, agreed.size())).stream().map(s -> {
            int i = s.image().index();
            List<String> dyn = dynamics ? List.of(f3(o.dynamics().neverLearned()[i]), f3(o.dynamics().aum()[i]),
                    f3(o.dynamics().confidence()[i]), f3(o.dynamics().variability()[i])) : List.of();
            return new AgreedRow(s.image().id(), s.image().label(), f3(s.pooled().frequency()), f3(cl.selfConfidence()[i]), dyn);
        }).toList();
        return new OpinionsSection(dynamics, neg, pos, joint, cl.issues(), rows,
                consensus.cut().substring(0, consensus.cut().indexOf(';')), agreed.size(), agreedRows,
                Math.max(0, agreed.size() - AGREED_ROWS));
    }

    // ---- gallery cards ----

    private static Card card(Inputs in, ImageStats s) {
        ImageRecord r = s.image();
        List<Overlay> overlays = gradCamOverlays(in, r).entrySet().stream().map(e -> new Overlay(e.getKey(), e.getValue())).toList();
        Tally p = s.pooled();
        List<KeyValue> perModel = s.byModel().entrySet().stream().map(e -> new KeyValue(e.getKey(), ratio(e.getValue()))).toList();
        String present = r.features().entrySet().stream().filter(e -> e.getValue().equals("1")).map(Map.Entry::getKey)
                .collect(Collectors.joining(", "));
        Verdict v = in.verdicts().get(r.index());
        return new Card(s.rank(), r.id(), r.label(), r.subtype(), thumbnail(in.analysis().dataset(), r.id()), overlays,
                p.errors(), p.appearances(), f2(p.frequency()), Format.interval(s.ci()), p.falsePositives(), p.falseNegatives(),
                perModel, present, v == null ? null : new CardVerdict(v.kind(), v.reviewer(), shorten(v.note(), 160)));
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

    private static ClassRow classRow(String name, String role, List<ImageStats> rows, int total) {
        return new ClassRow(name, role, rows.size(), pct((double) rows.size() / Math.max(1, total)),
                rows.stream().map(s -> s.image().patient()).distinct().count(),
                rows.stream().filter(s -> s.image().hasMask()).count(),
                rows.stream().filter(s -> s.pooled().appearances() > 0).count(),
                rows.stream().filter(ImageStats::flagged).count(), f2(meanF(rows)));
    }

    private static FeatureRow featureRow(String feature, List<ImageStats> all, List<ImageStats> flagged) {
        List<String> values = all.stream().map(s -> s.image().features().getOrDefault(feature, "")).toList();
        boolean binary = values.stream().allMatch(v -> v.isEmpty() || v.equals("0") || v.equals("1"));
        long annotated = values.stream().filter(v -> !v.isEmpty()).count();
        if (!binary) {
            Map<String, Long> counts = values.stream().filter(v -> !v.isEmpty())
                    .collect(Collectors.groupingBy(v -> v, TreeMap::new, Collectors.counting()));
            String common = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
            return new FeatureRow(feature, annotated, false, 0, "", "", "", "", counts.size(), common,
                    counts.getOrDefault(common, 0L));
        }
        long present = values.stream().filter("1"::equals).count();
        String[] byClass = new String[2];
        for (int target = 0; target <= 1; target++) {
            int t = target;
            List<String> v = all.stream().filter(s -> s.image().target() == t)
                    .map(s -> s.image().features().getOrDefault(feature, "")).filter(x -> !x.isEmpty()).toList();
            byClass[t] = share(v.stream().filter("1"::equals).count(), v.size());
        }
        List<String> fv = flagged.stream().map(s -> s.image().features().getOrDefault(feature, ""))
                .filter(x -> !x.isEmpty()).toList();
        long fp = fv.stream().filter("1"::equals).count();
        return new FeatureRow(feature, annotated, true, present, share(present, annotated), byClass[0], byClass[1],
                fv.isEmpty() ? Format.NONE : fp + " of " + fv.size() + " (" + share(fp, fv.size()) + ")", 0, "", 0);
    }

    private static double meanF(List<ImageStats> rows) {
        return rows.stream().filter(s -> s.pooled().appearances() > 0).mapToDouble(s -> s.pooled().frequency())
                .average().orElse(Double.NaN);
    }
}
