package pma.triage;

import java.util.List;
import java.util.Map;
import pma.opinions.FeatureNeighbours;
import pma.stats.Ranks;

/**
 * Atypical images: far from the training images in the trained network's own feature space.
 *
 * <p>In each run, every test image's features (the last feature map, globally average-pooled and
 * scaled to unit length) are compared with the training images': its distance is the Euclidean
 * distance to its {@link #K}-th nearest training image, the deep nearest-neighbour score of Sun et
 * al. (ICML 2022), which needs no class model and no density assumption. Distances are not
 * comparable between runs (each network has its own space), so each becomes a percentile among
 * the run's test images, and the percentiles are averaged over the runs that tested the image.
 * Atypical: a mean percentile of at least {@link #CUT}, that is, on average farther than 90% of
 * the images tested alongside it.
 */
public final class Atypicality {
    /** The neighbour whose distance counts (1 = nearest). */
    public static final int K = 5;
    /** Least mean percentile of an atypical image. */
    public static final double CUT = 0.9;

    private Atypicality() {}

    /** @param percentile mean percentile per image over runs (NaN when no run recorded a distance) */
    public record Result(boolean[] atypical, double[] percentile) {}

    /**
     * Each test vector's Euclidean distance to its {@code k}-th nearest training vector ({@code k}
     * capped at the number of training vectors); what scikit-learn's
     * {@code NearestNeighbors(n_neighbors=k).kneighbors(test)[0][:, k-1]} returns.
     */
    public static double[] kthNearest(float[][] train, float[][] test, int k) {
        double[] out = new double[test.length];
        for (int t = 0; t < test.length; t++) out[t] = FeatureNeighbours.nearest(train, test[t], k).distance(k);
        return out;
    }

    /** Each vector scaled to unit Euclidean length; an all-zero vector stays zero. */
    public static float[][] unitLength(float[][] v) {
        float[][] out = new float[v.length][];
        for (int i = 0; i < v.length; i++) {
            double s = 0;
            for (float x : v[i]) s += x * x;
            double norm = Math.sqrt(s);
            out[i] = new float[v[i].length];
            for (int c = 0; c < v[i].length; c++) out[i][c] = norm == 0 ? 0f : (float) (v[i][c] / norm);
        }
        return out;
    }

    /**
     * Percentile of each distance among {@code distances}: (midrank - 1) / (n - 1), 0 for the
     * nearest and 1 for the farthest, ties sharing their mean; 0.5 for a single value.
     */
    public static double[] percentiles(double[] distances) {
        int n = distances.length;
        double[] r = Ranks.mid(distances);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = n == 1 ? 0.5 : (r[i] - 1) / (n - 1);
        return out;
    }

    /**
     * @param images number of images
     * @param distances per run (only the runs to count), image to distance
     */
    public static Result of(int images, List<Map<Integer, Double>> distances) {
        double[] sum = new double[images];
        int[] count = new int[images];
        for (Map<Integer, Double> run : distances) {
            int[] idx = run.keySet().stream().mapToInt(Integer::intValue).toArray();
            double[] d = new double[idx.length];
            for (int k = 0; k < idx.length; k++) d[k] = run.get(idx[k]);
            double[] p = percentiles(d);
            for (int k = 0; k < idx.length; k++) {
                sum[idx[k]] += p[k];
                count[idx[k]]++;
            }
        }
        double[] mean = new double[images];
        boolean[] atypical = new boolean[images];
        for (int i = 0; i < images; i++) {
            mean[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
            atypical[i] = mean[i] >= CUT;
        }
        return new Result(atypical, mean);
    }
}
