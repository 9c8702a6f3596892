package pma.opinions;

import java.util.Collection;
import java.util.Map;

/**
 * The labels of a test image's nearest training images in the trained network's own feature space
 * (the last feature map, globally average-pooled and scaled to unit length): a deep k-nearest-neighbour
 * check of the given label (Bahri, Jiang and Gupta 2020, "Deep k-NN for Noisy Labels"), here on
 * out-of-sample images. An image whose {@link #K} nearest training images mostly carry the other label
 * looks like the other class to the network, whatever its own output layer says.
 */
public final class FeatureNeighbours {
    /** How many nearest training images vote. */
    public static final int K = 10;

    private FeatureNeighbours() {}

    /**
     * For each test vector, the share of its {@code k} nearest training vectors (Euclidean distance;
     * equal distances in training order; {@code k} capped at the number of training vectors) whose
     * label differs from the test vector's label.
     */
    public static double[] otherLabelShare(float[][] train, int[] trainLabels, float[][] test, int[] testLabels, int k) {
        if (train.length == 0) throw new IllegalArgumentException("no training vectors");
        int kk = Math.min(k, train.length);
        double[] out = new double[test.length];
        Integer[] order = new Integer[train.length];
        for (int t = 0; t < test.length; t++) {
            double[] d = squaredDistances(train, test[t]);
            for (int j = 0; j < train.length; j++) order[j] = j;
            java.util.Arrays.sort(order, (a, b) -> Double.compare(d[a], d[b]));
            int other = 0;
            for (int j = 0; j < kk; j++) if (trainLabels[order[j]] != testLabels[t]) other++;
            out[t] = (double) other / kk;
        }
        return out;
    }

    /** The squared Euclidean distance from {@code v} to each training vector. */
    public static double[] squaredDistances(float[][] train, float[] v) {
        double[] d = new double[train.length];
        for (int j = 0; j < train.length; j++) {
            double s = 0;
            for (int c = 0; c < v.length; c++) {
                double x = v[c] - train[j][c];
                s += x * x;
            }
            d[j] = s;
        }
        return d;
    }

    /** Each image's mean over the runs that scored it; NaN where none did. */
    public static double[] meanOverRuns(int n, Collection<Map<Integer, Double>> runs) {
        double[] sum = new double[n];
        int[] count = new int[n];
        for (Map<Integer, Double> run : runs) {
            run.forEach((image, v) -> {
                sum[image] += v;
                count[image]++;
            });
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
        return out;
    }
}
