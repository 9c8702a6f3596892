package pma.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pma.io.CsvTable;
import pma.stats.SignTest;
import pma.stats.Summary;
import pma.stats.Wilcoxon;

/**
 * The detection benchmark over several seeds (flip sets, or synthetic datasets): each detector's
 * mean and standard deviation over seeds, and its average precision paired with confident
 * learning's seed by seed. One seed decides nothing: on BUSI one flip set against another moves a
 * detector's average precision by as much as 0.25.
 */
public final class DetectionSeeds {
    private DetectionSeeds() {}

    /** The detector every other one is compared with. */
    public static final String BASELINE = "cl";

    /** One detector against one truth under one seed. */
    public record SeedRow(long seed, DetectionBenchmark.Row row) {}

    /**
     * One detector against one truth over the seeds. Means and standard deviations (n − 1) are over
     * the seeds where the value is defined (precision is undefined when nothing is flagged).
     *
     * @param seeds seeds with a row for this detector and truth
     * @param differences per seed (in seed order), this detector's average precision minus
     *     {@link #BASELINE}'s, where both are defined
     * @param better seeds where the difference is positive
     * @param worse seeds where it is negative
     * @param wilcoxonP two-sided Wilcoxon signed-rank p of the differences (exact without ties or zeros)
     * @param signP two-sided exact sign-test p of the differences
     */
    public record Row(String detector, String truth, int seeds, Summary averagePrecision, Summary precision,
                      Summary recall, Summary f1, double[] differences, int better, int worse, double wilcoxonP,
                      double signP) {
        /** Mean of {@link #differences()}; NaN when there are none. */
        public double differenceMean() {
            return Arrays.stream(differences).average().orElse(Double.NaN);
        }
    }

    /** Rows in order of each (truth, detector) pair's first appearance. */
    public static List<Row> summarise(List<SeedRow> rows) {
        Map<String, Double> baseline = new HashMap<>();
        Map<List<String>, List<SeedRow>> by = new LinkedHashMap<>();
        for (SeedRow r : rows) {
            if (r.row().detector().equals(BASELINE)) {
                baseline.put(r.seed() + "/" + r.row().truth(), r.row().score().averagePrecision());
            }
            by.computeIfAbsent(List.of(r.row().truth(), r.row().detector()), k -> new ArrayList<>()).add(r);
        }
        List<Row> out = new ArrayList<>();
        for (List<SeedRow> group : by.values()) {
            List<SeedRow> sorted = group.stream().sorted((a, b) -> Long.compare(a.seed(), b.seed())).toList();
            List<Double> d = new ArrayList<>();
            for (SeedRow r : sorted) {
                Double base = baseline.get(r.seed() + "/" + r.row().truth());
                double ap = r.row().score().averagePrecision();
                if (base != null && !base.isNaN() && !Double.isNaN(ap)) d.add(ap - base);
            }
            double[] diff = d.stream().mapToDouble(Double::doubleValue).toArray();
            DetectionBenchmark.Row first = sorted.get(0).row();
            out.add(new Row(first.detector(), first.truth(), sorted.size(),
                    summary(sorted, s -> s.averagePrecision()), summary(sorted, s -> s.precision()),
                    summary(sorted, s -> s.recall()), summary(sorted, s -> s.f1()), diff,
                    (int) Arrays.stream(diff).filter(x -> x > 0).count(), (int) Arrays.stream(diff).filter(x -> x < 0).count(),
                    Wilcoxon.signedRank(diff).p(), SignTest.p(diff)));
        }
        return out;
    }

    private static Summary summary(List<SeedRow> rows, java.util.function.ToDoubleFunction<Detection.Score> value) {
        return Summary.of(rows.stream().mapToDouble(r -> value.applyAsDouble(r.row().score()))
                .filter(x -> !Double.isNaN(x)).toArray());
    }

    /** {@code detection_seeds.csv}: one row per seed, detector and truth. */
    public static CsvTable seedsTable(List<SeedRow> rows) {
        Map<String, Double> baseline = new HashMap<>();
        for (SeedRow r : rows) {
            if (r.row().detector().equals(BASELINE)) baseline.put(r.seed() + "/" + r.row().truth(), r.row().score().averagePrecision());
        }
        CsvTable t = new CsvTable(List.of("seed", "detector", "truth", "images", "positives", "flagged", "true_positives",
                "precision", "recall", "f1", "average_precision", "average_precision_minus_cl", "cut"));
        for (SeedRow sr : rows) {
            DetectionBenchmark.Row r = sr.row();
            Detection.Score s = r.score();
            Double base = baseline.get(sr.seed() + "/" + r.truth());
            t.row(sr.seed(), r.detector(), r.truth(), s.images(), s.positives(), s.flagged(), s.truePositives(), s.precision(),
                    s.recall(), s.f1(), s.averagePrecision(), base == null ? Double.NaN : s.averagePrecision() - base, r.cut());
        }
        return t;
    }

    /** {@code detection_summary.csv}: one row per detector and truth. */
    public static CsvTable summaryTable(List<Row> rows) {
        CsvTable t = new CsvTable(List.of("detector", "truth", "seeds", "average_precision_mean", "average_precision_sd",
                "precision_mean", "precision_sd", "recall_mean", "recall_sd", "f1_mean", "f1_sd",
                "average_precision_minus_cl_mean", "better_than_cl", "worse_than_cl", "wilcoxon_p", "sign_p"));
        for (Row r : rows) {
            t.row(r.detector(), r.truth(), r.seeds(), r.averagePrecision().mean(), r.averagePrecision().sd(),
                    r.precision().mean(), r.precision().sd(), r.recall().mean(), r.recall().sd(), r.f1().mean(), r.f1().sd(),
                    r.differenceMean(), r.better(), r.worse(), r.wilcoxonP(), r.signP());
        }
        return t;
    }
}
