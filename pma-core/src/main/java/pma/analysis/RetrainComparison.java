package pma.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * 95% interval of the mean, and a Wilcoxon signed-rank p.
 */
public final class RetrainComparison {
    public static final String FULL = "full";
    public static final String WITHOUT_EXCLUDED = "without_excluded";

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
                    List<double[]> aucs = new ArrayList<>();
                    for (RunData[] p : pairs) {
                        double a = RunAucs.auc(p[0], left, targets);
                        double b = RunAucs.auc(p[1], left, targets);
                        if (!Double.isNaN(a) && !Double.isNaN(b)) aucs.add(new double[] {a, b});
                    }
                    double[] before = aucs.stream().mapToDouble(x -> x[0]).toArray();
                    double[] after = aucs.stream().mapToDouble(x -> x[1]).toArray();
                    long rowSeed = Seeds.derive(seed, STREAM_RETRAIN, exclusion.hashCode(), model.hashCode(),
                            evaluation.hashCode());
                    rows.add(summarise(exclusion, excluded.size(), model, evaluation, before, after, rowSeed));
                }
            }
        }
        return rows;
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
