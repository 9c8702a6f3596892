package pma.triage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pma.analysis.RunData;
import pma.ledger.Prediction;

/**
 * Label issues: images that every model, and the other images of the same patient group,
 * confidently place in the class they are not labelled with.
 *
 * <p>"Confidently in class c" is confident learning's per-class threshold (Northcutt et al. 2021):
 * the mean probability of c is at least the average, over the images labelled c, of their own
 * mean probability of c. It adapts to each model's calibration instead of a fixed 0.5. For image i
 * labelled y, with c the other class: each model that tested i must have its mean probability of c
 * over its runs at or above that model's threshold for c; and every other tested image of i's
 * patient group must have its pooled (all models) mean probability of c at or above the pooled
 * threshold for c. A group of one image passes the group condition. And the image must be
 * misclassified in most of its test predictions (more than half), so that a barely trained model,
 * whose probabilities all sit near its thresholds, names no label issues. Probabilities must be
 * out-of-sample (test predictions).
 */
public final class LabelIssues {
    private LabelIssues() {}

    /**
     * @param issue whether image i is a label issue
     * @param otherClassMinModel lowest over models of the mean probability of the other class (NaN when untested)
     * @param otherClassGroup lowest pooled mean probability of i's other class among the rest of its group (NaN when none)
     */
    public record Result(boolean[] issue, double[] otherClassMinModel, double[] otherClassGroup) {}

    /**
     * @param targets given class (0/1) per image
     * @param groups patient group per image
     * @param runs the runs and their test predictions (probability of class 1)
     */
    public static Result of(int[] targets, List<String> groups, List<RunData> runs) {
        int n = targets.length;
        Map<String, double[][]> byModel = new LinkedHashMap<>(); // model -> {sum, count}
        double[][] pooled = new double[2][n];
        int[] errors = new int[n];
        for (RunData r : runs) {
            double[][] m = byModel.computeIfAbsent(r.run().model(), k -> new double[2][n]);
            for (Prediction p : r.test()) {
                m[0][p.image()] += p.probability();
                m[1][p.image()]++;
                pooled[0][p.image()] += p.probability();
                pooled[1][p.image()]++;
                if (!p.correct()) errors[p.image()]++;
            }
        }
        List<double[]> modelMeans = new ArrayList<>();
        for (double[][] m : byModel.values()) modelMeans.add(means(m));
        double[] pooledMean = means(pooled);

        boolean[] issue = new boolean[n];
        double[] minModel = new double[n], group = new double[n];
        Arrays.fill(minModel, Double.NaN);
        Arrays.fill(group, Double.NaN);
        List<double[]> modelCuts = modelMeans.stream().map(m -> thresholds(m, targets)).toList();
        double[] pooledCut = thresholds(pooledMean, targets);
        Map<String, List<Integer>> members = new HashMap<>();
        for (int i = 0; i < n; i++) members.computeIfAbsent(groups.get(i), k -> new ArrayList<>()).add(i);

        for (int i = 0; i < n; i++) {
            int other = 1 - targets[i];
            boolean models = false, allModels = true;
            for (int m = 0; m < modelMeans.size(); m++) {
                double mean = modelMeans.get(m)[i];
                if (Double.isNaN(mean)) continue;
                double p = classProbability(mean, other);
                minModel[i] = Double.isNaN(minModel[i]) ? p : Math.min(minModel[i], p);
                models = true;
                if (!(p >= modelCuts.get(m)[other])) allModels = false;
            }
            group[i] = restOfGroup(i, members.get(groups.get(i)), pooledMean, other);
            boolean allGroup = !(group[i] < pooledCut[other]); // NaN (no one else tested) passes
            issue[i] = models && allModels && allGroup && 2 * errors[i] > pooled[1][i];
        }
        return new Result(issue, minModel, group);
    }

    /**
     * Label issues by the stacked views, where the lesion outline leads pma's order
     * ({@link pma.opinions.LesionOutline.Result#leads}): the networks and the outline together, as one
     * stacked model, place the image in the other class at or above confident learning's threshold for
     * that class (on the stacked probabilities), and so every other image of its patient group that
     * both views score. The networks' majority-of-errors condition does not apply: the stack's
     * probabilities are out of fold and its thresholds adapt to its calibration.
     *
     * @param views stacked P(class 1) per image (NaN where not scored)
     * @return {@code otherClassMinModel}: the stack's probability of the other class (it is the one
     *     model); {@code otherClassGroup}: the lowest among the rest of the group
     */
    public static Result ofViews(int[] targets, List<String> groups, double[] views) {
        int n = targets.length;
        double[] cut = thresholds(views, targets);
        Map<String, List<Integer>> members = new HashMap<>();
        for (int i = 0; i < n; i++) members.computeIfAbsent(groups.get(i), k -> new ArrayList<>()).add(i);
        boolean[] issue = new boolean[n];
        double[] stack = new double[n], group = new double[n];
        Arrays.fill(stack, Double.NaN);
        Arrays.fill(group, Double.NaN);
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(views[i])) continue;
            int other = 1 - targets[i];
            stack[i] = classProbability(views[i], other);
            group[i] = restOfGroup(i, members.get(groups.get(i)), views, other);
            issue[i] = stack[i] >= cut[other] && !(group[i] < cut[other]); // NaN (no one else scored) passes
        }
        return new Result(issue, stack, group);
    }

    /**
     * Confident learning's per-class thresholds: for class c, the mean over images labelled c (and
     * tested) of their mean probability of c; NaN when no such image was tested.
     *
     * @param meanPositive mean probability of class 1 per image (NaN when untested)
     */
    public static double[] thresholds(double[] meanPositive, int[] targets) {
        double[] sum = new double[2], count = new double[2];
        for (int i = 0; i < targets.length; i++) {
            if (Double.isNaN(meanPositive[i])) continue;
            sum[targets[i]] += classProbability(meanPositive[i], targets[i]);
            count[targets[i]]++;
        }
        return new double[] {sum[0] / count[0], sum[1] / count[1]};
    }

    /** The lowest probability of class {@code c} among the group's other scored images; NaN when there is none. */
    private static double restOfGroup(int i, List<Integer> members, double[] meanPositive, int c) {
        double lowest = Double.NaN;
        for (int j : members) {
            if (j == i || Double.isNaN(meanPositive[j])) continue;
            double p = classProbability(meanPositive[j], c);
            lowest = Double.isNaN(lowest) ? p : Math.min(lowest, p);
        }
        return lowest;
    }

    private static double classProbability(double positive, int c) {
        return c == 1 ? positive : 1 - positive;
    }

    private static double[] means(double[][] sumCount) {
        double[] out = new double[sumCount[0].length];
        for (int i = 0; i < out.length; i++) out[i] = sumCount[1][i] == 0 ? Double.NaN : sumCount[0][i] / sumCount[1][i];
        return out;
    }
}
