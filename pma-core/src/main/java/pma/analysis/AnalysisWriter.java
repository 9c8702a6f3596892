package pma.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pma.io.CsvTable;
import pma.ledger.RunRecord;
import pma.stats.Summary;

/** Writes an {@link AnalysisResult} as the CSV tables of DESIGN §4. */
public final class AnalysisWriter {
    private AnalysisWriter() {}

    /** Writes images.csv, runs.csv, auc.csv, algorithm1.csv and exclusion_curve.csv into {@code dir}. */
    public static void write(AnalysisResult a, Path dir) throws IOException {
        images(a).write(dir.resolve("images.csv"));
        runs(a).write(dir.resolve("runs.csv"));
        auc(a).write(dir.resolve("auc.csv"));
        algorithm1(a).write(dir.resolve("algorithm1.csv"));
        curve(a).write(dir.resolve("exclusion_curve.csv"));
    }

    public static CsvTable images(AnalysisResult a) {
        List<String> header = new ArrayList<>(List.of("image", "label", "target", "patient", "subtype"));
        for (String m : a.models()) {
            header.addAll(List.of("appearances_" + m, "errors_" + m, "f_" + m));
        }
        header.addAll(List.of("appearances", "errors", "false_positives", "false_negatives", "f", "f_low", "f_high",
                "mean_true_class_prob", "enough_appearances", "flagged", "rank"));
        CsvTable t = new CsvTable(header);
        for (ImageStats s : a.images()) {
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
                    s.rank() == 0 ? "" : Integer.toString(s.rank())));
            t.row(row);
        }
        return t;
    }

    public static CsvTable runs(AnalysisResult a) {
        CsvTable t = new CsvTable(List.of("run_id", "model", "iteration", "exclusion", "seed", "epochs", "best_epoch",
                "val_auc", "test_auc", "threshold", "train_seconds", "test_images"));
        for (RunData d : a.runs()) {
            RunRecord r = d.run();
            t.row(r.runId(), r.model(), r.iteration(), r.exclusion(), r.seed(), r.epochs(), r.bestEpoch(), r.valAuc(),
                    r.testAuc(), r.threshold(), r.trainSeconds(), d.test().size());
        }
        return t;
    }

    public static CsvTable auc(AnalysisResult a) {
        CsvTable t = new CsvTable(List.of("model", "runs", "mean_auc", "sd_auc", "min_auc", "max_auc"));
        for (Map.Entry<String, Summary> e : a.aucByModel().entrySet()) {
            Summary s = e.getValue();
            t.row(e.getKey(), s.n(), s.mean(), s.sd(), s.min(), s.max());
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
