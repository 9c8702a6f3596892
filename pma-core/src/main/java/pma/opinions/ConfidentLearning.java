package pma.opinions;

import java.util.ArrayList;
import java.util.List;

/**
 * Confident learning (Northcutt, Jiang and Chuang, JAIR 2021) from out-of-sample predicted
 * probabilities: which given labels the models' own probabilities contradict with confidence.
 * Flags and scores equal cleanlab's {@code filter.find_label_issues} (prune by noise rate, its
 * default) and {@code rank.get_label_quality_scores}; docs/opinions.md states the parity and how
 * it is tested.
 *
 * <p>The steps, as cleanlab takes them:
 * <ol>
 * <li>Threshold t_j: the mean probability of class j over the images labelled j (2 for a class
 *     nobody is labelled with, so that no image counts in it), at least 2e-6.
 * <li>Confident joint C[i][j]: an image labelled i counts in column j when p_j ≥ t_j − 1e-6 for
 *     that class alone; when several classes pass, it counts in its most probable class (which need
 *     not be one that passed); when none passes, it does not count. Every diagonal cell is then
 *     raised to at least 1.
 * <li>Calibration: each row is rescaled to the number of images with that given label, the whole
 *     to N, and each row rounded to whole numbers that keep the row's (rounded) total.
 * <li>Prune counts: a row whose diagonal is 0 is raised to 1 and the amount taken evenly from its
 *     nonzero off-diagonal cells; cells are then cut to whole numbers (truncated).
 * <li>Pruning by noise rate: within each given class i with more than one image, for each
 *     off-diagonal cell (i, j) the images with the largest margin p_j − p_i are issues, as many as
 *     the cell says.
 * <li>An image whose given label is still its most probable class once the given label's
 *     probability is raised by 1e-6 is never an issue.
 * </ol>
 *
 * <p>Images without probabilities (never tested) take no part: they count in no class, get NaN
 * scores and are never issues.
 */
public final class ConfidentLearning {
    /** cleanlab's slack for comparing probabilities. */
    static final double SLACK = 1e-6;
    /** Lower bound of every threshold (twice the slack, so a threshold minus the slack stays positive). */
    static final double THRESHOLD_FLOOR = 2 * SLACK;
    /** Threshold of a class that no image is labelled with: above every probability. */
    static final double ABSENT_CLASS_THRESHOLD = 2;

    private ConfidentLearning() {}

    /**
     * The outcome, per image in input order.
     *
     * @param thresholds t_j per class
     * @param confidentJoint C[given][true], diagonal raised to at least 1 (cleanlab's
     *     {@code compute_confident_joint(calibrate=False)})
     * @param calibratedJoint the calibrated joint (whole numbers; rows sum to the given-label counts
     *     after rounding)
     * @param selfConfidence p of the given label (lower = more suspect)
     * @param normalizedMargin (p of the given label − the largest other p + 1) / 2, in [0, 1]
     *     (lower = more suspect)
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
     * @param classes number of classes, at least 2
     */
    public static Result of(int[] labels, double[][] probabilities, int classes) {
        int n = labels.length;
        if (probabilities.length != n) {
            throw new IllegalArgumentException(n + " labels but " + probabilities.length + " probability rows");
        }
        if (classes < 2) throw new IllegalArgumentException("confident learning needs at least 2 classes, got " + classes);
        // The images that take part, in input order.
        List<Integer> scored = new ArrayList<>();
        int[] count = new int[classes];
        for (int x = 0; x < n; x++) {
            if (probabilities[x] == null) continue;
            if (probabilities[x].length != classes || labels[x] < 0 || labels[x] >= classes) {
                throw new IllegalArgumentException("image " + x + ": label or probabilities do not fit " + classes + " classes");
            }
            scored.add(x);
            count[labels[x]]++;
        }

        double[] t = thresholds(labels, probabilities, scored, count, classes);
        int[][] joint = confidentJoint(labels, probabilities, scored, t, classes);
        double[][] calibrated = calibrate(joint, count, scored.size());
        int[][] prune = pruneCounts(calibrated);

        boolean[] issue = new boolean[n];
        for (int i = 0; i < classes; i++) {
            // cleanlab prunes nothing in a class of one image.
            if (count[i] <= 1) continue;
            List<Integer> members = new ArrayList<>();
            for (int x : scored) if (labels[x] == i) members.add(x);
            for (int j = 0; j < classes; j++) {
                if (j == i || prune[i][j] <= 0) continue;
                final int fi = i, fj = j;
                List<Integer> order = new ArrayList<>(members);
                // Largest margin first; equal margins in image order (a stable sort). numpy's argsort
                // agrees for classes of up to 16 images; for larger ones its order of exact ties is
                // numpy's own (docs/opinions.md).
                order.sort((a, b) -> compare(probabilities[b][fj] - probabilities[b][fi],
                        probabilities[a][fj] - probabilities[a][fi]));
                for (int k = 0; k < Math.min(prune[i][j], order.size()); k++) issue[order.get(k)] = true;
            }
        }
        for (int x : scored) {
            if (issue[x] && givenLabelWins(probabilities[x], labels[x])) issue[x] = false;
        }

        double[] self = new double[n];
        double[] margin = new double[n];
        java.util.Arrays.fill(self, Double.NaN);
        java.util.Arrays.fill(margin, Double.NaN);
        for (int x : scored) {
            double[] p = probabilities[x];
            double other = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) if (j != labels[x]) other = Math.max(other, p[j]);
            self[x] = p[labels[x]];
            margin[x] = (self[x] - other + 1) / 2;
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

    private static double[] thresholds(int[] labels, double[][] p, List<Integer> scored, int[] count, int classes) {
        double[] t = new double[classes];
        for (int j = 0; j < classes; j++) {
            if (count[j] == 0) {
                t[j] = ABSENT_CLASS_THRESHOLD;
                continue;
            }
            double[] own = new double[count[j]];
            int k = 0;
            for (int x : scored) if (labels[x] == j) own[k++] = p[x][j];
            t[j] = Math.max(NumpySum.of(own) / count[j], THRESHOLD_FLOOR);
        }
        return t;
    }

    private static int[][] confidentJoint(int[] labels, double[][] probabilities, List<Integer> scored, double[] t,
                                          int classes) {
        int[][] joint = new int[classes][classes];
        for (int x : scored) {
            double[] p = probabilities[x];
            int passing = 0, onlyPassing = -1;
            for (int j = 0; j < classes; j++) {
                if (p[j] >= t[j] - SLACK) {
                    passing++;
                    if (onlyPassing < 0) onlyPassing = j;
                }
            }
            if (passing == 0) continue;
            joint[labels[x]][passing == 1 ? onlyPassing : argmax(p)]++;
        }
        for (int i = 0; i < classes; i++) joint[i][i] = Math.max(joint[i][i], 1);
        return joint;
    }

    /**
     * Rows rescaled to the given-label counts, the whole to {@code total}, then rounded row by row
     * keeping each row's rounded sum. The operations and their order follow cleanlab's, so that
     * halves and near-halves round the same way.
     */
    static double[][] calibrate(int[][] joint, int[] count, int total) {
        int k = joint.length;
        double[][] c = new double[k][k];
        for (int i = 0; i < k; i++) {
            long rowSum = 0;
            for (int j = 0; j < k; j++) rowSum += joint[i][j];
            for (int j = 0; j < k; j++) c[i][j] = (double) joint[i][j] / Math.max(rowSum, 1e-100) * count[i];
        }
        // numpy sums the transposed array in memory order: column by column.
        double[] byColumn = new double[k * k];
        for (int j = 0; j < k; j++) for (int i = 0; i < k; i++) byColumn[j * k + i] = c[i][j];
        double sum = Math.max(NumpySum.of(byColumn), 1e-100);
        double[][] out = new double[k][];
        for (int i = 0; i < k; i++) {
            double[] row = new double[k];
            for (int j = 0; j < k; j++) row[j] = c[i][j] / sum * total;
            out[i] = roundPreservingSum(row);
        }
        return out;
    }

    /**
     * Whole numbers with the row's rounded sum: each value rounded half to even, then, while the
     * sum is off, the values with the largest (or smallest) rounding remainders moved by one.
     */
    static double[] roundPreservingSum(double[] row) {
        int k = row.length;
        double[] ints = new double[k];
        for (int j = 0; j < k; j++) ints[j] = Math.rint(row[j]);
        double target = Math.rint(NumpySum.of(row));
        double intSum = Math.rint(NumpySum.of(ints));
        while (Math.abs(intSum - target) > SLACK) {
            double diff = Math.rint(target - intSum);
            int step = diff < 0 ? -1 : 1;
            int changes = (int) Math.min(Math.abs(diff), k);
            List<Integer> order = new ArrayList<>();
            for (int j = 0; j < k; j++) order.add(j);
            double[] remainder = new double[k];
            for (int j = 0; j < k; j++) remainder[j] = row[j] - ints[j];
            order.sort((a, b) -> compare(remainder[a], remainder[b]));
            // Raising: largest remainders first (the ascending order reversed); lowering: smallest first.
            if (step > 0) java.util.Collections.reverse(order);
            for (int m = 0; m < changes; m++) ints[order.get(m)] += step;
            intSum = Math.rint(NumpySum.of(ints));
        }
        return ints;
    }

    /**
     * How many images to prune per cell (row = given label): a zero diagonal is raised to 1, the
     * amount taken evenly from the row's nonzero off-diagonal cells (none below 0), and cells are
     * truncated to whole numbers.
     */
    static int[][] pruneCounts(double[][] calibrated) {
        int k = calibrated.length;
        int[][] prune = new int[k][k];
        for (int i = 0; i < k; i++) {
            double diagonal = calibrated[i][i];
            double raised = Math.max(diagonal, 1) - diagonal;
            int nonzero = 0;
            for (int j = 0; j < k; j++) if (calibrated[i][j] != 0) nonzero++;
            double cells = Math.max(nonzero - 1.0, 1.0);
            for (int j = 0; j < k; j++) {
                if (j == i) continue;
                prune[i][j] = (int) Math.max(calibrated[i][j] - raised / cells, 0);
            }
        }
        return prune;
    }

    /** The given label is the most probable class (first of equals) once raised by the slack. */
    private static boolean givenLabelWins(double[] p, int label) {
        double[] q = p.clone();
        q[label] += SLACK;
        return argmax(q) == label;
    }

    /** Index of the largest value, the first of equals (numpy's argmax). */
    static int argmax(double[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
        return best;
    }

    /** Numeric order in which −0.0 equals 0.0, as numpy compares. */
    private static int compare(double a, double b) {
        return a < b ? -1 : a > b ? 1 : 0;
    }

    /** numpy's sum of a float64 array: pairwise, eight running sums per block of up to 128 values. */
    static final class NumpySum {
        private NumpySum() {}

        static double of(double[] a) {
            return pairwise(a, 0, a.length);
        }

        private static double pairwise(double[] a, int from, int n) {
            if (n < 8) {
                double s = 0;
                for (int i = 0; i < n; i++) s += a[from + i];
                return s;
            }
            if (n <= 128) {
                double[] r = new double[8];
                for (int j = 0; j < 8; j++) r[j] = a[from + j];
                int i = 8;
                for (; i < n - n % 8; i += 8) for (int j = 0; j < 8; j++) r[j] += a[from + i + j];
                double s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
                for (; i < n; i++) s += a[from + i];
                return s;
            }
            int half = n / 2;
            half -= half % 8;
            return pairwise(a, from, half) + pairwise(a, from + half, n - half);
        }
    }
}
