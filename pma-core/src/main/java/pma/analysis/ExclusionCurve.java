package pma.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The paper's Figure 1: mean test AUC per model against the number of images excluded, images
 * taken in order of persistent misclassification (most persistent first).
 */
public final class ExclusionCurve {
    /** Mean AUC of one model's runs with the {@code excluded} most persistent images left out. */
    public record Point(int excluded, String model, double meanAuc, int runs) {}

    private ExclusionCurve() {}

    /**
     * @param order image indices, most persistent first
     * @param maxExcluded largest number of images to exclude
     * @param runsByModel each model's runs ("all" for every run is added by the caller if wanted)
     */
    public static List<Point> compute(List<Integer> order, int maxExcluded, Map<String, List<RunData>> runsByModel,
                                      int[] targets) {
        int step = Math.max(1, maxExcluded / 100); // at most ~100 points per line
        List<Point> points = new ArrayList<>();
        for (int k = 0; k <= maxExcluded; k += step) {
            Set<Integer> excluded = new HashSet<>(order.subList(0, Math.min(k, order.size())));
            for (Map.Entry<String, List<RunData>> e : runsByModel.entrySet()) {
                double[] mean = RunAucs.meanWithout(e.getValue(), excluded, targets);
                points.add(new Point(k, e.getKey(), mean[0], (int) mean[1]));
            }
        }
        return points;
    }
}
