package pma.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import pma.split.Seeds;
import pma.stats.Bootstrap;
import pma.stats.Interval;
import pma.stats.Wilcoxon;

/**
 * The honest counterfactual: test AUC of runs retrained without an exclusion set against the
 * original runs of the same model on the same iteration (same split, same seed), paired.
 *
 * <p>Each pair is evaluated twice: on the full test set, and on the test set without the
 * excluded images (which is where the paper's test-exclusion gain is measured). The difference
 * retrained − original is summarised over iterations by its mean, a seeded percentile bootstrap
 * 95% interval of the mean, and a Wilcoxon signed-rank p. With several models, a row
 * {@value #ALL_MODELS} does the same for the models' mean AUC per iteration.
 */
public final class RetrainComparison {
    public static final String FULL = "full";
    public static final String WITHOUT_EXCLUDED = "without_excluded";
    /** The model name of the rows that average the models' AUCs per iteration. */
    public static final String ALL_MODELS = "all";

    private static final long STREAM_RETRAIN = 0x5E7A1L;

    private RetrainComparison() {}

    /**
     * One exclusion set, model and evaluation.
     *
     * @param excludedImages size of the exclusion set
     * @param iterations iterations with both runs and both AUCs defined
     * @param meanDifference mean over iterations of AUC(retrained) − AUC(original)
     * @param ci percentile bootstrap 95% interval of {@code meanDifference}
     * @param wilcoxonP Wilcoxon signed-rank p of the differences; NaN when all are 0
     */
    public record Row(String exclusion, int excludedImages, String model, int iterations, String evaluation,
                      double meanAucOriginal, double meanAucRetrained, double meanDifference, Interval ci,
                      double wilcoxonP) {}

    /**
     * @param original the main experiment's runs
     * @param retrained runs with a non-empty exclusion name
     * @param sets images of each exclusion set, by name
     * @param seed the experiment's base seed; each row's bootstrap derives its own from it
     */
    static List<Row> compute(List<RunData> original, List<RunData> retrained, Map<String, ? extends Set<Integer>> sets,
                             int[] targets, long seed) {
        Map<String, RunData> originals = new HashMap<>();
        Set<String> models = new LinkedHashSet<>();
        for (RunData r : original) {
            originals.put(r.run().model() + "/" + r.run().iteration(), r);
            models.add(r.run().model());
        }
        TreeSet<String> exclusions = new TreeSet<>();
        for (RunData r : retrained) {
            exclusions.add(r.run().exclusion());
            models.add(r.run().model());
        }
        List<Row> rows = new ArrayList<>();
        for (String exclusion : exclusions) {
            Set<Integer> excluded = sets.containsKey(exclusion) ? sets.get(exclusion) : Set.of();
            // evaluation -> model -> iteration -> {original AUC, retrained AUC}
            Map<String, Map<String, TreeMap<Integer, double[]>>> byEvaluation = new LinkedHashMap<>();
            for (String model : models) {
                List<RunData[]> pairs = new ArrayList<>();
                retrained.stream().filter(r -> r.run().exclusion().equals(exclusion) && r.run().model().equals(model))
                        .sorted(java.util.Comparator.comparingInt(r -> r.run().iteration()))
                        .forEach(r -> {
                            RunData o = originals.get(model + "/" + r.run().iteration());
                            if (o != null) pairs.add(new RunData[] {o, r});
                        });
                if (pairs.isEmpty()) continue;
                for (String evaluation : List.of(FULL, WITHOUT_EXCLUDED)) {
                    Set<Integer> left = evaluation.equals(FULL) ? Set.of() : excluded;
                    TreeMap<Integer, double[]> aucs = new TreeMap<>();
                    for (RunData[] p : pairs) {
                        double a = RunAucs.auc(p[0], left, targets);
                        double b = RunAucs.auc(p[1], left, targets);
                        if (!Double.isNaN(a) && !Double.isNaN(b)) aucs.put(p[0].run().iteration(), new double[] {a, b});
                    }
                    byEvaluation.computeIfAbsent(evaluation, e -> new LinkedHashMap<>()).put(model, aucs);
                    rows.add(row(exclusion, excluded.size(), model, evaluation, aucs.values(), seed));
                }
            }
            // Several models: the mean over models per iteration, paired by iteration. The iteration
            // (one split) is the unit: the models' differences on one split are not independent.
            for (Map.Entry<String, Map<String, TreeMap<Integer, double[]>>> e : byEvaluation.entrySet()) {
                Map<String, TreeMap<Integer, double[]>> perModel = e.getValue();
                if (perModel.size() < 2) continue;
                TreeSet<Integer> common = null;
                for (TreeMap<Integer, double[]> m : perModel.values()) {
                    if (common == null) common = new TreeSet<>(m.keySet());
                    else common.retainAll(m.keySet());
                }
                List<double[]> means = new ArrayList<>();
                for (int it : common) {
                    double a = 0, b = 0;
                    for (TreeMap<Integer, double[]> m : perModel.values()) {
                        a += m.get(it)[0];
                        b += m.get(it)[1];
                    }
                    means.add(new double[] {a / perModel.size(), b / perModel.size()});
                }
                rows.add(row(exclusion, excluded.size(), ALL_MODELS, e.getKey(), means, seed));
            }
        }
        return rows;
    }

    private static Row row(String exclusion, int excludedImages, String model, String evaluation,
                           Collection<double[]> aucs, long seed) {
        double[] before = aucs.stream().mapToDouble(x -> x[0]).toArray();
        double[] after = aucs.stream().mapToDouble(x -> x[1]).toArray();
        long rowSeed = Seeds.derive(seed, STREAM_RETRAIN, exclusion.hashCode(), model.hashCode(), evaluation.hashCode());
        return summarise(exclusion, excludedImages, model, evaluation, before, after, rowSeed);
    }

    /** The paired statistics of one row from its per-iteration AUCs (same order in both arrays). */
    static Row summarise(String exclusion, int excludedImages, String model, String evaluation, double[] original,
                         double[] retrained, long seed) {
        double[] d = new double[original.length];
        for (int k = 0; k < d.length; k++) d[k] = retrained[k] - original[k];
        Interval ci = d.length == 0 ? new Interval(Double.NaN, Double.NaN)
                : Bootstrap.meanCi(d, AucStatistics.RESAMPLES, seed);
        double p = d.length == 0 ? Double.NaN : Wilcoxon.signedRank(d).p();
        return new Row(exclusion, excludedImages, model, d.length, evaluation, Bootstrap.mean(original),
                Bootstrap.mean(retrained), Bootstrap.mean(d), ci, p);
    }
}
