package pma.stats;

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
