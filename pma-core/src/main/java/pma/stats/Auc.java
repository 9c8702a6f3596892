package pma.stats;

import java.util.Arrays;

/** Area under the ROC curve by ranks (Mann–Whitney U), ties counted half. */
public final class Auc {
    private Auc() {}

    /**
     * AUC of {@code scores} for binary {@code labels} (1 = positive).
     *
     * @return the AUC, or NaN when one class is absent
     */
    public static double of(double[] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("scores and labels differ in length");
        }
        int n = scores.length;
        int positives = 0;
        for (int label : labels) if (label == 1) positives++;
        int negatives = n - positives;
        if (positives == 0 || negatives == 0) return Double.NaN;
        double[] pos = new double[positives], neg = new double[negatives];
        int p = 0, q = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) return byRanks(scores, labels);
            if (labels[i] == 1) pos[p++] = scores[i];
            else neg[q++] = scores[i];
        }
        // U counts, for each positive, the negatives below it and half of those equal to it: the
        // rank-sum statistic exactly (both are sums of halves), from two primitive sorts, which the
        // analysis needs by the hundred thousand (once per run and per image left out).
        Arrays.sort(pos);
        Arrays.sort(neg);
        double u = 0;
        int below = 0;
        for (int i = 0; i < positives; ) {
            double score = pos[i];
            int j = i;
            while (j < positives && pos[j] == score) j++;
            while (below < negatives && neg[below] < score) below++;
            int equal = 0;
            while (below + equal < negatives && neg[below + equal] == score) equal++;
            u += (j - i) * (below + equal / 2.0);
            i = j;
        }
        return u / ((double) positives * negatives);
    }

    /** The rank-sum form, for scores with NaN (which sorts last and ties with nothing). */
    private static double byRanks(double[] scores, int[] labels) {
        double[] ranks = Ranks.mid(scores);
        double rankSumPositive = 0; // a sum of half-integers, exact in any order
        long positives = 0;
        for (int i = 0; i < ranks.length; i++) {
            if (labels[i] == 1) {
                rankSumPositive += ranks[i];
                positives++;
            }
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) return Double.NaN;
        double u = rankSumPositive - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }
}
