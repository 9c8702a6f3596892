package pma.stats;

/**
 * Decision thresholds chosen on validation scores by G-mean or Youden's J.
 *
 * <p>A case is predicted positive iff its score is {@code >= threshold}. Candidates are every
 * distinct score (the lowest predicts everything positive) plus +∞ (predicts everything
 * negative), which together realise every achievable confusion matrix.
 *
 * <p>Ties in the criterion are broken by the candidate closest to 0.5, then by the lower one.
 * Why: on small validation sets the criterion is flat over a range of thresholds, and which end
 * of the plateau a sweep happens to hit swings wildly between folds and seeds; the candidate
 * nearest the neutral 0.5 of a probability output is the central, most stable pick. The final
 * tie-break towards the lower threshold favours sensitivity, the cheaper error in screening.
 */
public final class Thresholds {
    private Thresholds() {}

    /**
     * A chosen threshold with the rates it achieves on the data it was chosen from.
     *
     * @param threshold predict positive iff score {@code >= threshold}; may be +∞
     * @param tpr true-positive rate (sensitivity); NaN when there are no positives
     * @param tnr true-negative rate (specificity); NaN when there are no negatives
     */
    public record Choice(double threshold, double tpr, double tnr) {}

    /** Fallback when one class is absent and no rate trade-off exists: the neutral 0.5. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    /**
     * Threshold maximising the geometric mean {@code sqrt(TPR·TNR)}.
     *
     * <p>When one class is absent the threshold is 0.5, with the rates at 0.5 (NaN for the
     * absent class).
     *
     * @throws IllegalArgumentException on length mismatch, labels other than 0/1, or NaN scores
     */
    public static Choice gMean(double[] scores, int[] labels) {
        return choose(scores, labels, true);
    }

    /**
     * Threshold maximising Youden's {@code J = TPR + TNR - 1}.
     *
     * <p>When one class is absent the threshold is 0.5, with the rates at 0.5 (NaN for the
     * absent class).
     *
     * @throws IllegalArgumentException on length mismatch, labels other than 0/1, or NaN scores
     */
    public static Choice youden(double[] scores, int[] labels) {
        return choose(scores, labels, false);
    }

    private static Choice choose(double[] scores, int[] labels, boolean gMean) {
        Ranks.requireBinary(scores, labels);
        long positives = 0;
        for (int label : labels) positives += label;
        long negatives = labels.length - positives;
        if (positives == 0 || negatives == 0) return at(DEFAULT_THRESHOLD, scores, labels);

        Integer[] order = Ranks.order(scores);
        int n = scores.length;
        // Sweep thresholds upwards. At threshold = the i-th distinct score, everything below it is
        // predicted negative. Criteria are compared on integers (tp·tn for the G-mean, tp·N + tn·P
        // for Youden, both monotone in the real criterion) so exact ties are detected exactly.
        long tp = positives;
        long tn = 0;
        double best = Double.NaN;
        long bestValue = -1;
        long bestTp = 0;
        long bestTn = 0;
        int i = 0;
        while (true) {
            double threshold = i < n ? scores[order[i]] : Double.POSITIVE_INFINITY;
            long value = gMean ? tp * tn : tp * negatives + tn * positives;
            if (value > bestValue || (value == bestValue && closer(threshold, best))) {
                best = threshold;
                bestValue = value;
                bestTp = tp;
                bestTn = tn;
            }
            if (i >= n) break;
            int j = i;
            while (j < n && scores[order[j]] == threshold) {
                if (labels[order[j]] == 1) tp--; else tn++;
                j++;
            }
            i = j;
        }
        return new Choice(best, (double) bestTp / positives, (double) bestTn / negatives);
    }

    /** Whether {@code candidate} beats {@code incumbent} on the tie-break: nearer 0.5, then lower. */
    private static boolean closer(double candidate, double incumbent) {
        double dc = Math.abs(candidate - DEFAULT_THRESHOLD);
        double di = Math.abs(incumbent - DEFAULT_THRESHOLD);
        return dc < di || (dc == di && candidate < incumbent);
    }

    /** The rates at a fixed threshold; used when one class is absent. */
    static Choice at(double threshold, double[] scores, int[] labels) {
        long tp = 0, p = 0, tn = 0, q = 0;
        for (int k = 0; k < scores.length; k++) {
            boolean predicted = scores[k] >= threshold;
            if (labels[k] == 1) {
                p++;
                if (predicted) tp++;
            } else {
                q++;
                if (!predicted) tn++;
            }
        }
        return new Choice(threshold, p == 0 ? Double.NaN : (double) tp / p, q == 0 ? Double.NaN : (double) tn / q);
    }
}
