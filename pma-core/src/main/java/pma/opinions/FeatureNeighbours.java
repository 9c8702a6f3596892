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
        double[] out = new double[test.length];
        for (int t = 0; t < test.length; t++) out[t] = nearest(train, test[t], k).otherLabelShare(trainLabels, testLabels[t], k);
        return out;
    }

    /**
     * The nearest training vectors of one vector, nearest first.
     *
     * @param index training index of each, equal distances in training order
     * @param squaredDistance its squared Euclidean distance
     */
    public record Nearest(int[] index, double[] squaredDistance) {
        /** Distance to the {@code k}-th nearest ({@code k} capped at those found). */
        public double distance(int k) {
            return Math.sqrt(squaredDistance[Math.min(k, index.length) - 1]);
        }

        /** Share of the {@code k} nearest ({@code k} capped at those found) whose label is not {@code label}. */
        public double otherLabelShare(int[] trainLabels, int label, int k) {
            int kk = Math.min(k, index.length), other = 0;
            for (int j = 0; j < kk; j++) if (trainLabels[index[j]] != label) other++;
            return (double) other / kk;
        }
    }

    /**
     * The {@code k} training vectors nearest to {@code v} ({@code k} capped at their number): one pass
     * over the training vectors keeping the k best in order, so no full sort per test image.
     */
    public static Nearest nearest(float[][] train, float[] v, int k) {
        if (train.length == 0) throw new IllegalArgumentException("no training vectors");
        int kk = Math.min(k, train.length), size = 0;
        int[] index = new int[kk];
        double[] best = new double[kk];
        for (int j = 0; j < train.length; j++) {
            double s = 0;
            for (int c = 0; c < v.length; c++) {
                double x = v[c] - train[j][c];
                s += x * x;
            }
            // A later vector at an equal distance never displaces an earlier one: ties stay in training order.
            if (size == kk && s >= best[kk - 1]) continue;
            int pos = size < kk ? size++ : kk - 1;
            while (pos > 0 && best[pos - 1] > s) {
                best[pos] = best[pos - 1];
                index[pos] = index[pos - 1];
                pos--;
            }
            best[pos] = s;
            index[pos] = j;
        }
        return new Nearest(index, best);
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
