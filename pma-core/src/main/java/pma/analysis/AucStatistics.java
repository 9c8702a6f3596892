package pma.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pma.ledger.Prediction;
import pma.split.Seeds;
import pma.stats.Bootstrap;
import pma.stats.DeLong;
import pma.stats.Interval;
import pma.stats.Wilcoxon;

/**
 * How sure the AUC figures are: a DeLong 95% interval for each run, a bootstrap 95% interval of
 * each model's mean over runs, and paired DeLong comparisons of the models on each iteration.
 *
 * @param runCi DeLong 95% interval of each run's test AUC, by run id
 * @param modelCi percentile bootstrap 95% interval of the mean test AUC over Table 1's runs, by model
 * @param comparisons one per pair of models, in model order
 */
public record AucStatistics(Map<Integer, Interval> runCi, Map<String, Interval> modelCi, List<Comparison> comparisons) {
    /** Resamples of every bootstrap interval in the analysis. */
    public static final int RESAMPLES = 10_000;

    /** Two-sided level below which a per-iteration DeLong test counts as significant. */
    public static final double ALPHA = 0.05;

    private static final long STREAM_TABLE1 = 0x7AB1E1L;

    /**
     * Two models on the iterations both were tested on (identical test sets: the splits are shared).
     *
     * @param iterations iterations with both runs and a defined paired DeLong difference
     * @param meanDifference mean over those iterations of AUC(a) − AUC(b)
     * @param significantIterations iterations whose paired DeLong p is below {@link #ALPHA}
     * @param wilcoxonP Wilcoxon signed-rank p of the per-iteration differences
     */
    public record Comparison(String modelA, String modelB, int iterations, double meanDifference,
                             int significantIterations, double wilcoxonP) {}

    /**
     * @param runs every analysed run
     * @param table1 each model's runs summarised in Table 1
     * @param seed the experiment's base seed; each model's bootstrap derives its own from it
     */
    static AucStatistics compute(List<RunData> runs, Map<String, List<RunData>> table1, List<String> models, int[] targets,
                                 long seed) {
        Map<Integer, Interval> runCi = new LinkedHashMap<>();
        for (RunData r : runs) {
            double[] scores = r.test().stream().mapToDouble(Prediction::probability).toArray();
            int[] labels = r.test().stream().mapToInt(p -> targets[p.image()]).toArray();
            runCi.put(r.run().runId(), DeLong.auc(scores, labels).ci95());
        }
        Map<String, Interval> modelCi = new LinkedHashMap<>();
        for (Map.Entry<String, List<RunData>> e : table1.entrySet()) {
            double[] aucs = e.getValue().stream().mapToDouble(r -> r.run().testAuc()).toArray();
            modelCi.put(e.getKey(), Bootstrap.meanCi(aucs, RESAMPLES, Seeds.derive(seed, STREAM_TABLE1, e.getKey().hashCode())));
        }
        Map<String, Map<Integer, RunData>> byModel = new HashMap<>();
        for (RunData r : runs) byModel.computeIfAbsent(r.run().model(), k -> new HashMap<>()).put(r.run().iteration(), r);
        List<Comparison> comparisons = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            for (int j = i + 1; j < models.size(); j++) {
                comparisons.add(compare(models.get(i), models.get(j), byModel.getOrDefault(models.get(i), Map.of()),
                        byModel.getOrDefault(models.get(j), Map.of()), targets));
            }
        }
        return new AucStatistics(runCi, modelCi, comparisons);
    }

    static Comparison compare(String a, String b, Map<Integer, RunData> runsA, Map<Integer, RunData> runsB, int[] targets) {
        List<Double> differences = new ArrayList<>();
        int significant = 0;
        for (int iteration : runsA.keySet().stream().sorted().toList()) {
            RunData ra = runsA.get(iteration);
            RunData rb = runsB.get(iteration);
            if (rb == null) continue;
            DeLong.Paired p = paired(ra, rb, targets);
            if (p == null || Double.isNaN(p.difference())) continue;
            differences.add(p.difference());
            if (p.p() < ALPHA) significant++;
        }
        double[] d = differences.stream().mapToDouble(Double::doubleValue).toArray();
        return new Comparison(a, b, d.length, Bootstrap.mean(d), significant,
                d.length == 0 ? Double.NaN : Wilcoxon.signedRank(d).p());
    }

    /** Paired DeLong on the images both runs tested; null when they share none. */
    static DeLong.Paired paired(RunData a, RunData b, int[] targets) {
        Map<Integer, Double> scoreB = new HashMap<>();
        for (Prediction p : b.test()) scoreB.put(p.image(), p.probability());
        List<double[]> rows = new ArrayList<>();
        for (Prediction p : a.test()) {
            Double sb = scoreB.get(p.image());
            if (sb != null) rows.add(new double[] {p.probability(), sb, targets[p.image()]});
        }
        if (rows.isEmpty()) return null;
        double[] sa = new double[rows.size()];
        double[] sb = new double[rows.size()];
        int[] labels = new int[rows.size()];
        for (int k = 0; k < rows.size(); k++) {
            sa[k] = rows.get(k)[0];
            sb[k] = rows.get(k)[1];
            labels[k] = (int) rows.get(k)[2];
        }
        return DeLong.paired(sa, sb, labels);
    }
}
