package pma.triage;

import java.util.Arrays;
import java.util.List;
import pma.analysis.RunData;
import pma.ledger.Prediction;
import pma.stats.Bootstrap;

/**
 * Ambiguous images: test probabilities close to the decision threshold on average and unstable
 * from run to run.
 *
 * <p>For each image tested at least twice: the mean over its test predictions of |probability -
 * the run's threshold| and the standard deviation (n - 1) of the probability. The cuts are
 * quartiles over those images, so they follow the data and no seed: ambiguous when the mean
 * distance is at or below the lower quartile (type 7) and the standard deviation at or above the
 * upper quartile. Independent measures would mark about 1 in 16 of the images; ambiguity proper
 * (both at once) is what is asked for.
 */
public final class Ambiguity {
    /** Quantile of the mean distance to the threshold at or below which an image counts as close. */
    public static final double CLOSE = 0.25;
    /** Quantile of the standard deviation at or above which an image counts as unstable. */
    public static final double UNSTABLE = 0.75;

    private Ambiguity() {}

    /**
     * @param distance mean |probability - threshold| per image (NaN when untested)
     * @param sd standard deviation of the probability per image (NaN when tested fewer than twice)
     * @param distanceCut the lower quartile of {@code distance} over images tested at least twice
     * @param sdCut the upper quartile of {@code sd} over those images
     */
    public record Result(boolean[] ambiguous, double[] distance, double[] sd, double distanceCut, double sdCut) {}

    public static Result of(int images, List<RunData> runs) {
        double[] sum = new double[images], sumSq = new double[images], dist = new double[images];
        int[] count = new int[images];
        for (RunData r : runs) {
            double t = r.run().threshold();
            for (Prediction p : r.test()) {
                int i = p.image();
                sum[i] += p.probability();
                sumSq[i] += p.probability() * p.probability();
                dist[i] += Math.abs(p.probability() - t);
                count[i]++;
            }
        }
        double[] distance = new double[images], sd = new double[images];
        for (int i = 0; i < images; i++) {
            distance[i] = count[i] == 0 ? Double.NaN : dist[i] / count[i];
            if (count[i] < 2) {
                sd[i] = Double.NaN;
            } else {
                double mean = sum[i] / count[i];
                sd[i] = Math.sqrt(Math.max(0, (sumSq[i] - count[i] * mean * mean) / (count[i] - 1)));
            }
        }
        double[] d = Arrays.stream(indices(sd)).mapToDouble(i -> distance[i]).sorted().toArray();
        double[] s = Arrays.stream(indices(sd)).mapToDouble(i -> sd[i]).sorted().toArray();
        double dCut = d.length == 0 ? Double.NaN : Bootstrap.quantile(d, CLOSE);
        double sCut = s.length == 0 ? Double.NaN : Bootstrap.quantile(s, UNSTABLE);
        boolean[] ambiguous = new boolean[images];
        for (int i = 0; i < images; i++) ambiguous[i] = !Double.isNaN(sd[i]) && distance[i] <= dCut && sd[i] >= sCut;
        return new Result(ambiguous, distance, sd, dCut, sCut);
    }

    private static int[] indices(double[] sd) {
        return java.util.stream.IntStream.range(0, sd.length).filter(i -> !Double.isNaN(sd[i])).toArray();
    }
}
