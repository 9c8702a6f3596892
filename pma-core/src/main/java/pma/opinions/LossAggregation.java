package pma.opinions;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pma.ledger.Prediction;
import pma.stats.Ranks;

/**
 * Rankings built from each image's out-of-sample loss: standardized loss aggregation (SLA; Park and
 * Park 2026, "Task-Agnostic Noisy Label Detection via Standardized Loss Aggregation", arXiv
 * 2605.10165), its pooling over patient groups, and a mean of normalised ranks across detectors.
 *
 * <p>SLA: in each run (a model trained on one iteration's split), every test image's cross-entropy
 * loss of its given label, −ln p(given) with p clipped to [1e-7, 1 − 1e-7], is standardized within
 * that run, z = (loss − mean) / sd over the run's test images (sd with the n denominator; z = 0 when
 * every loss of the run is equal). An image's score is its mean z over the runs that tested it.
 * Standardizing removes what differs from run to run (a better or worse model, an easier or harder
 * test fold), so that the runs can be averaged. Higher = more suspect.
 */
public final class LossAggregation {
    private LossAggregation() {}

    /** Probabilities are clipped to [CLIP, 1 − CLIP] before the logarithm, so a loss is at most −ln 1e-7 ≈ 16.1. */
    public static final double CLIP = 1e-7;

    /**
     * SLA score of every image; NaN where an image was never tested.
     *
     * @param targets given label (0/1) of each image, in manifest order
     * @param runs each run's test predictions ({@link Prediction#probability()} is P(positive))
     */
    public static double[] sla(int[] targets, List<List<Prediction>> runs) {
        int n = targets.length;
        double[] sum = new double[n];
        int[] count = new int[n];
        for (List<Prediction> run : runs) {
            int m = run.size();
            if (m == 0) continue;
            double[] loss = new double[m];
            double mean = 0;
            for (int k = 0; k < m; k++) {
                Prediction p = run.get(k);
                double given = targets[p.image()] == 1 ? p.probability() : 1 - p.probability();
                loss[k] = -Math.log(Math.min(1 - CLIP, Math.max(CLIP, given)));
                mean += loss[k];
            }
            mean /= m;
            double ss = 0;
            for (double l : loss) ss += (l - mean) * (l - mean);
            double sd = Math.sqrt(ss / m);
            for (int k = 0; k < m; k++) {
                int i = run.get(k).image();
                sum[i] += sd > 0 ? (loss[k] - mean) / sd : 0;
                count[i]++;
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
        return out;
    }

    /**
     * Each image's group mean of {@code score} (NaN scores left out; NaN when the whole group is):
     * the views of one nodule share one true label, so their evidence is pooled.
     *
     * @param groups group (patient) of each image, in the order of {@code score}
     */
    public static double[] groupMean(double[] score, List<String> groups) {
        Map<String, double[]> sums = new HashMap<>();
        for (int i = 0; i < score.length; i++) {
            if (Double.isNaN(score[i])) continue;
            double[] s = sums.computeIfAbsent(groups.get(i), g -> new double[2]);
            s[0] += score[i];
            s[1]++;
        }
        double[] out = new double[score.length];
        for (int i = 0; i < score.length; i++) {
            double[] s = sums.get(groups.get(i));
            out[i] = s == null ? Double.NaN : s[0] / s[1];
        }
        return out;
    }

    /**
     * Mean over {@code scores} of each image's normalised rank: within one score, the scored images'
     * mid-ranks (ties share their average rank, the most suspect last) divided by how many are
     * scored, so 1 is the most suspect. A score that is NaN for an image is left out of that image's
     * mean; NaN when every score is.
     *
     * @param scores each higher = more suspect, NaN = no score
     */
    public static double[] meanNormalisedRank(List<double[]> scores) {
        int n = scores.get(0).length;
        double[] sum = new double[n];
        int[] count = new int[n];
        for (double[] s : scores) {
            double[] r = normalisedRanks(s);
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(r[i])) continue;
                sum[i] += r[i];
                count[i]++;
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
        return out;
    }

    /** Mid-rank (1-based, ascending) over the scored values, divided by their number; NaN stays NaN. */
    static double[] normalisedRanks(double[] v) {
        double[] scored = Arrays.stream(v).filter(x -> !Double.isNaN(x)).toArray();
        double[] ranks = Ranks.mid(scored);
        double[] out = new double[v.length];
        for (int i = 0, k = 0; i < v.length; i++) out[i] = Double.isNaN(v[i]) ? Double.NaN : ranks[k++] / scored.length;
        return out;
    }

    /** The {@code k} highest scores (ties at the boundary included; none when k is 0). */
    public static boolean[] top(double[] v, int k) {
        boolean[] out = new boolean[v.length];
        double[] scored = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (k <= 0 || scored.length == 0) return out;
        double limit = scored[scored.length - Math.min(k, scored.length)];
        for (int i = 0; i < v.length; i++) out[i] = v[i] >= limit;
        return out;
    }
}
