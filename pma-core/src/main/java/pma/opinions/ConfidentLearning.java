package pma.opinions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Confident learning (Northcutt, Jiang and Chuang, JAIR 2021) from out-of-sample predicted
 * probabilities: which given labels the models' own probabilities contradict with confidence.
 *
 * <p>For class j the threshold t_j is the mean probability of class j over the images labelled j
 * (the class's mean self-confidence). An image labelled i is counted in cell (i, j) of the
 * confident joint when p_j ≥ t_j; when several classes pass, the most probable of them wins, and
 * an image that passes none is not counted. Each row is then rescaled to the number of images with
 * that given label, so the calibrated joint sums to N; a row with no confident count at all keeps
 * its whole mass on the diagonal. Label issues are found by pruning by noise rate: for every
 * off-diagonal cell (i, j), the round(C̃[i][j]) images labelled i with the largest margin
 * p_j − p_i are issues.
 *
 * <p>Images without probabilities (never tested) take no part: they count in no class, get NaN
 * scores and are never issues.
 */
public final class ConfidentLearning {
    private ConfidentLearning() {}

    /**
     * The outcome, per image in input order.
     *
     * @param thresholds t_j per class: mean self-confidence of the images labelled j (NaN when none)
     * @param confidentJoint raw counts C[given][true]
     * @param calibratedJoint C̃, rows rescaled to the given-label counts; sums to N (scored images)
     * @param selfConfidence p of the given label (lower = more suspect)
     * @param normalizedMargin p of the given label minus the largest other p, in [-1, 1] (lower = more suspect)
     * @param labelIssue found by prune-by-noise-rate
     */
    public record Result(double[] thresholds, int[][] confidentJoint, double[][] calibratedJoint,
                         double[] selfConfidence, double[] normalizedMargin, boolean[] labelIssue) {
        /** Number of label issues. */
        public int issues() {
            int n = 0;
            for (boolean b : labelIssue) if (b) n++;
            return n;
        }
    }

    /**
     * @param labels given label per image, 0..classes-1
     * @param probabilities per image, one probability per class (summing to 1), or null when the
     *     image has none
     */
    public static Result of(int[] labels, double[][] probabilities, int classes) {
        int n = labels.length;
        if (probabilities.length != n) {
            throw new IllegalArgumentException(n + " labels but " + probabilities.length + " probability rows");
        }
        double[] sum = new double[classes];
        int[] count = new int[classes];
        for (int x = 0; x < n; x++) {
            if (probabilities[x] == null) continue;
            if (probabilities[x].length != classes || labels[x] < 0 || labels[x] >= classes) {
                throw new IllegalArgumentException("image " + x + ": label or probabilities do not fit " + classes + " classes");
            }
            sum[labels[x]] += probabilities[x][labels[x]];
            count[labels[x]]++;
        }
        double[] t = new double[classes];
        for (int j = 0; j < classes; j++) t[j] = count[j] == 0 ? Double.NaN : sum[j] / count[j];

        int[][] joint = new int[classes][classes];
        for (int x = 0; x < n; x++) {
            double[] p = probabilities[x];
            if (p == null) continue;
            int best = -1;
            for (int j = 0; j < classes; j++) {
                if (p[j] >= t[j] && (best < 0 || p[j] > p[best])) best = j;
            }
            if (best >= 0) joint[labels[x]][best]++;
        }
        double[][] calibrated = new double[classes][classes];
        for (int i = 0; i < classes; i++) {
            int rowSum = 0;
            for (int j = 0; j < classes; j++) rowSum += joint[i][j];
            for (int j = 0; j < classes; j++) {
                calibrated[i][j] = rowSum == 0 ? (i == j ? count[i] : 0) : (double) joint[i][j] / rowSum * count[i];
            }
        }

        double[] self = new double[n];
        double[] margin = new double[n];
        for (int x = 0; x < n; x++) {
            double[] p = probabilities[x];
            if (p == null) {
                self[x] = Double.NaN;
                margin[x] = Double.NaN;
                continue;
            }
            double other = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) if (j != labels[x]) other = Math.max(other, p[j]);
            self[x] = p[labels[x]];
            margin[x] = p[labels[x]] - other;
        }

        boolean[] issue = new boolean[n];
        for (int i = 0; i < classes; i++) {
            for (int j = 0; j < classes; j++) {
                if (i == j) continue;
                int remove = (int) Math.round(calibrated[i][j]);
                if (remove == 0) continue;
                List<Integer> candidates = new ArrayList<>();
                for (int x = 0; x < n; x++) if (probabilities[x] != null && labels[x] == i) candidates.add(x);
                final int fi = i, fj = j;
                // Largest margin p_j - p_i first; ties in image order, so the choice is reproducible.
                candidates.sort(Comparator.<Integer>comparingDouble(x -> -(probabilities[x][fj] - probabilities[x][fi]))
                        .thenComparingInt(x -> x));
                for (int k = 0; k < Math.min(remove, candidates.size()); k++) issue[candidates.get(k)] = true;
            }
        }
        return new Result(t, joint, calibrated, self, margin, issue);
    }

    /** Two classes from P(positive) per image (NaN = no probability); labels are targets 0/1. */
    public static Result ofBinary(int[] targets, double[] probabilityPositive) {
        double[][] p = new double[targets.length][];
        for (int x = 0; x < targets.length; x++) {
            double q = probabilityPositive[x];
            p[x] = Double.isNaN(q) ? null : new double[] {1 - q, q};
        }
        return of(targets, p, 2);
    }
}
