package pma.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Rank helpers shared by the rank-based statistics: midranks and tie corrections. The one place
 * pma computes midranks; AUC, Mann–Whitney, Wilcoxon, DeLong and the Spearman correlation of
 * class-activation maps all take them from here.
 */
public final class Ranks {
    private Ranks() {}

    /**
     * 1-based ranks of {@code values}, tied values sharing the average of their ranks (scipy's
     * {@code rankdata(method="average")}). NaN is not checked: callers that may see it refuse it first.
     */
    public static double[] mid(double[] values) {
        int n = values.length;
        Integer[] order = order(values);
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && values[order[j + 1]] == values[order[i]]) j++;
            double midRank = (i + j) / 2.0 + 1.0;
            for (int k = i; k <= j; k++) ranks[order[k]] = midRank;
            i = j + 1;
        }
        return ranks;
    }

    /** Sum over groups of tied values of {@code t^3 - t}, t the group size (0 without ties). */
    static double tieSum(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[i]) j++;
            double t = j - i + 1;
            sum += t * t * t - t;
            i = j + 1;
        }
        return sum;
    }

    /** Indices of {@code values} in ascending order of value. */
    static Integer[] order(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        return order;
    }

    /** Throws unless no value is NaN; NaN has no rank and would silently corrupt the result. */
    static void requireNoNaN(double[] values, String name) {
        for (double v : values) {
            if (Double.isNaN(v)) throw new IllegalArgumentException(name + " contains NaN");
        }
    }

    /** Throws unless scores and labels have equal length, labels are 0/1 and no score is NaN. */
    static void requireBinary(double[] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(
                    "scores and labels differ in length: " + scores.length + " vs " + labels.length);
        }
        for (int label : labels) {
            if (label != 0 && label != 1) {
                throw new IllegalArgumentException("label " + label + " is not 0 or 1");
            }
        }
        requireNoNaN(scores, "scores");
    }
}
