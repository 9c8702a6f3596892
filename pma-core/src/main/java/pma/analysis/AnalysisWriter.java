package pma.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pma.io.CsvTable;
import pma.ledger.RunRecord;
import pma.stats.Interval;
import pma.opinions.ConfidentLearning;
import pma.opinions.LesionOutline;
import pma.opinions.SecondOpinions;
import pma.opinions.TrainingDynamics;
import pma.stats.Summary;

/** Writes an {@link AnalysisResult} as the CSV tables of DESIGN §4. */
public final class AnalysisWriter {
    private AnalysisWriter() {}

    /** Name of the note written beside tables computed in the replication mode. */
    public static final String REPLICATION_NOTE = "REPLICATION_ONLY.txt";

    /**
     * Writes images.csv, runs.csv, auc.csv, model_comparison.csv, features.csv, algorithm1.csv,
     * exclusion_curve.csv, detectors.csv, the pooled out-of-sample probabilities in cleanlab's
     * layout (pred_probs.csv, labels.csv) and, when the ledger holds retrained runs, retrain.csv
     * into {@code dir}.
     * In the replication mode it adds {@link #REPLICATION_NOTE}; otherwise it removes a stale one.
     */
    public static void write(AnalysisResult a, Path dir) throws IOException {
        write(a, dir, ImageColumns.NONE);
    }

    /** As {@link #write(AnalysisResult, Path)}, with {@code extra} columns at the end of images.csv. */
    public static void write(AnalysisResult a, Path dir, ImageColumns extra) throws IOException {
        images(a, extra).write(dir.resolve("images.csv"));
        detectors(a).write(dir.resolve("detectors.csv"));
        predProbs(a).write(dir.resolve("pred_probs.csv"));
        labels(a).write(dir.resolve("labels.csv"));
        runs(a).write(dir.resolve("runs.csv"));
        auc(a).write(dir.resolve("auc.csv"));
        modelComparison(a).write(dir.resolve("model_comparison.csv"));
        features(a).write(dir.resolve("features.csv"));
        algorithm1(a).write(dir.resolve("algorithm1.csv"));
        curve(a).write(dir.resolve("exclusion_curve.csv"));
        if (!a.retrain().isEmpty()) retrain(a.retrain()).write(dir.resolve("retrain.csv"));
        Path note = dir.resolve(REPLICATION_NOTE);
        if (a.options().replicationOnly()) Files.writeString(note, replicationNote(a.options()) + "\n", StandardCharsets.UTF_8);
        else Files.deleteIfExists(note);
    }

    /**
     * What the replication mode changed, in one paragraph: the tables it marks inflate the figures
     * and are for comparing with the authors' numbers only.
     */
    public static String replicationNote(AnalysisOptions o) {
        List<String> choices = new ArrayList<>();
        if (o.replicateAuthors()) {
            choices.add("each run's decision threshold was chosen by G-mean on its own test set (predictions, errors, "
                    + "F and the flags were recomputed with it; runs.csv shows that threshold)");
        }
        if (o.topRuns() > 0) {
            choices.add("Table 1 (auc.csv) summarises only each model's " + o.topRuns() + " runs with the highest test AUC");
        }
        return "FOR REPLICATION ONLY: " + String.join("; ", choices) + ". These are the choices of the authors' "
                + "published code; both inflate the figures. Do not report them as performance: rerun without "
                + "--replicate-authors and --top-runs for the honest analysis.";
    }

    public static CsvTable images(AnalysisResult a) {
        return images(a, ImageColumns.NONE);
    }

    /** images.csv with {@code extra} columns after the analysis' own. */
    public static CsvTable images(AnalysisResult a, ImageColumns extra) {
        List<String> header = new ArrayList<>(List.of("image", "label", "target", "patient", "subtype"));
        for (String m : a.models()) {
            header.addAll(List.of("appearances_" + m, "errors_" + m, "f_" + m));
        }
        header.addAll(List.of("appearances", "errors", "false_positives", "false_negatives", "f", "f_low", "f_high",
                "mean_true_class_prob", "enough_appearances", "flagged", "rank", "f_rank", "suspicion", "suspect"));
        header.addAll(List.of("cl_self_confidence", "cl_normalized_margin", "cl_label_issue", "training_runs",
                "forgetting_events", "never_learned", "aum", "cartography_confidence", "cartography_variability",
                "cartography_correctness", "detector_votes", "outline_solidity", "outline_aspect", "outline_other_class"));
        header.addAll(extra.names());
        ConfidentLearning.Result cl = a.opinions().confidentLearning();
        TrainingDynamics.Scores d = a.opinions().dynamics();
        List<SecondOpinions.Detector> detectors = a.detectors();
        SecondOpinions.Detector votes = SecondOpinions.consensus(detectors);
        boolean[] suspect = a.suspect(detectors);
        CsvTable t = new CsvTable(header);
        for (ImageStats s : a.images()) {
            int i = s.image().index();
            List<Object> row = new ArrayList<>(List.of(s.image().id(), s.image().label(), s.image().target(),
                    s.image().patient(), s.image().subtype()));
            for (String m : a.models()) {
                Tally tm = s.byModel().get(m);
                row.add(tm.appearances());
                row.add(tm.errors());
                row.add(tm.frequency());
            }
            Tally p = s.pooled();
            row.addAll(List.of(p.appearances(), p.errors(), p.falsePositives(), p.falseNegatives(), p.frequency(),
                    s.ci().low(), s.ci().high(), p.meanTrueClassProb(), s.enoughAppearances(), s.flagged(),
                    s.rank() == 0 ? "" : Integer.toString(s.rank()), s.fRank() == 0 ? "" : Integer.toString(s.fRank()),
                    s.suspicion(), suspect[i]));
            row.addAll(List.of(cl.selfConfidence()[i], cl.normalizedMargin()[i], cl.labelIssue()[i], d.runs()[i],
                    d.forgettingEvents()[i], d.neverLearned()[i], d.aum()[i], d.confidence()[i], d.variability()[i],
                    d.correctness()[i], (int) votes.suspicion()[i]));
            LesionOutline.Result o = a.opinions().outline();
            LesionOutline.Shape shape = o == null ? null : o.shapes()[i];
            row.addAll(List.of(shape == null ? Double.NaN : shape.solidity(), shape == null ? Double.NaN : shape.aspect(),
                    o == null ? Double.NaN : o.otherClass(i, s.image().target())));
            row.addAll(extra.values(i));
            t.row(row);
        }
        return t;
    }

    /**
     * The combined view: every image that at least one detector flags at its default cut, with which
     * ones flag it; images every detector agrees on first.
     */
    public static CsvTable detectors(AnalysisResult a) {
        List<SecondOpinions.Detector> all = a.detectors().stream()
                .filter(d -> SecondOpinions.AGREEMENT.contains(d.name())).toList();
        SecondOpinions.Detector consensus = SecondOpinions.consensus(all);
        List<String> header = new ArrayList<>(List.of("image", "label", "patient", "subtype", "f", "f_rank"));
        for (SecondOpinions.Detector d : all) header.add("flagged_by_" + d.name());
        header.addAll(List.of("votes", "all_agree"));
        CsvTable t = new CsvTable(header);
        List<ImageStats> rows = new ArrayList<>(a.images().stream()
                .filter(s -> consensus.suspicion()[s.image().index()] > 0).toList());
        rows.sort(java.util.Comparator.<ImageStats>comparingDouble(s -> -consensus.suspicion()[s.image().index()])
                .thenComparingInt(s -> s.fRank() == 0 ? Integer.MAX_VALUE : s.fRank()));
        for (ImageStats s : rows) {
            int i = s.image().index();
            List<Object> row = new ArrayList<>(List.of(s.image().id(), s.image().label(), s.image().patient(),
                    s.image().subtype(), s.pooled().frequency(), s.fRank() == 0 ? "" : Integer.toString(s.fRank())));
            for (SecondOpinions.Detector d : all) row.add(d.flagged()[i]);
            row.add((int) consensus.suspicion()[i]);
            row.add(consensus.flagged()[i]);
            t.row(row);
        }
        return t;
    }

    /**
     * Pooled out-of-sample probabilities as cleanlab reads them: one column per class in class
     * order (target 0, target 1), one row per tested image in manifest order (the rows of
     * labels.csv).
     */
    public static CsvTable predProbs(AnalysisResult a) {
        CsvTable t = new CsvTable(List.of(a.dataset().negativeClass(), a.dataset().positiveClass()));
        double[] p = a.opinions().probabilityPositive();
        for (ImageStats s : a.images()) {
            double q = p[s.image().index()];
            if (!Double.isNaN(q)) t.row(1 - q, q);
        }
        return t;
    }

    /** The given label index (the target) of each row of pred_probs.csv, with the image id. */
    public static CsvTable labels(AnalysisResult a) {
        CsvTable t = new CsvTable(List.of("label", "image"));
        double[] p = a.opinions().probabilityPositive();
        for (ImageStats s : a.images()) {
            if (!Double.isNaN(p[s.image().index()])) t.row(s.image().target(), s.image().id());
        }
        return t;
    }

    public static CsvTable runs(AnalysisResult a) {
        CsvTable t = new CsvTable(List.of("run_id", "model", "iteration", "exclusion", "seed", "epochs", "best_epoch",
                "val_auc", "test_auc", "auc_low", "auc_high", "threshold", "train_seconds", "test_images"));
        for (RunData d : a.runs()) {
            RunRecord r = d.run();
            Interval ci = a.aucStatistics().runCi().getOrDefault(r.runId(), new Interval(Double.NaN, Double.NaN));
            t.row(r.runId(), r.model(), r.iteration(), r.exclusion(), r.seed(), r.epochs(), r.bestEpoch(), r.valAuc(),
                    r.testAuc(), ci.low(), ci.high(), r.threshold(), r.trainSeconds(), d.test().size());
        }
        return t;
    }

    public static CsvTable auc(AnalysisResult a) {
        CsvTable t = new CsvTable(List.of("model", "runs", "mean_auc", "sd_auc", "min_auc", "max_auc", "ci_low", "ci_high",
                "runs_selected"));
        String selected = a.options().topRuns() > 0 ? "top " + a.options().topRuns() + " by test AUC (replication only)" : "all";
        for (Map.Entry<String, Summary> e : a.aucByModel().entrySet()) {
            Summary s = e.getValue();
            Interval ci = a.aucStatistics().modelCi().get(e.getKey());
            t.row(e.getKey(), s.n(), s.mean(), s.sd(), s.min(), s.max(), ci.low(), ci.high(), selected);
        }
        return t;
    }

    public static CsvTable modelComparison(AnalysisResult a) {
        CsvTable t = new CsvTable(List.of("model_a", "model_b", "iterations", "mean_difference", "significant_iterations",
                "wilcoxon_p"));
        for (AucStatistics.Comparison c : a.aucStatistics().comparisons()) {
            t.row(c.modelA(), c.modelB(), c.iterations(), c.meanDifference(), c.significantIterations(), c.wilcoxonP());
        }
        return t;
    }

    public static CsvTable features(AnalysisResult a) {
        CsvTable t = new CsvTable(List.of("feature", "value", "images", "share_dataset", "mean_share_train", "flagged_with",
                "share_flagged", "odds_ratio", "or_low", "or_high", "fisher_p", "bh_q", "not_flaggable"));
        for (FeatureRarity.Row r : a.features()) {
            t.row(r.feature(), r.value(), r.images(), r.shareDataset(), r.meanShareTrain(), r.flaggedWith(), r.shareFlagged(),
                    r.oddsRatio(), r.orCi().low(), r.orCi().high(), r.fisherP(), r.bhQ(), r.notFlaggable());
        }
        return t;
    }

    public static CsvTable retrain(List<RetrainComparison.Row> rows) {
        CsvTable t = new CsvTable(List.of("exclusion", "model", "iterations", "evaluation", "mean_auc_original",
                "mean_auc_retrained", "mean_difference", "ci_low", "ci_high", "wilcoxon_p"));
        for (RetrainComparison.Row r : rows) {
            t.row(r.exclusion(), r.model(), r.iterations(), r.evaluation(), r.meanAucOriginal(), r.meanAucRetrained(),
                    r.meanDifference(), r.ci().low(), r.ci().high(), r.wilcoxonP());
        }
        return t;
    }

    public static CsvTable algorithm1(AnalysisResult a) {
        CsvTable t = new CsvTable(List.of("theta", "flagged", "flagged_share", "auc_before", "auc_after", "delta_auc",
                "reached_kappa"));
        for (Algorithm1.Step s : a.algorithm1().trace()) {
            t.row(s.theta(), s.flagged(), s.flaggedShare(), s.aucBefore(), s.aucAfter(), s.delta(),
                    s.delta() >= a.options().kappa());
        }
        return t;
    }

    public static CsvTable curve(AnalysisResult a) {
        CsvTable t = new CsvTable(List.of("excluded", "model", "mean_auc", "runs"));
        for (ExclusionCurve.Point p : a.exclusionCurve()) t.row(p.excluded(), p.model(), p.meanAuc(), p.runs());
        return t;
    }
}
