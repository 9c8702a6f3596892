package pma.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import pma.ledger.FeatureDistance;
import pma.models.Network;
import pma.opinions.FeatureNeighbours;
import pma.triage.Atypicality;

/**
 * After training, each test image's distance to the training images in the trained network's own
 * feature space (the last feature map, globally average-pooled, scaled to unit length): the
 * distance to its {@link Atypicality#K}-th nearest training image (the evidence of the triage's
 * "atypical" reason) and the share of its {@link FeatureNeighbours#K} nearest training images whose
 * given label differs from its own (the {@code knn_group} ranking's). One inference pass over the
 * training and test images, no gradients.
 */
public final class FeatureDistances implements TrainingHooks {
    private static final int BATCH = 64;

    private final TrainingData data;
    private final int[] train;
    private final int[] test;
    private final TrainingHooks next;
    private List<FeatureDistance> distances = List.of();
    private double seconds;

    /**
     * @param next hooks to run first, on the same model (the class-activation maps)
     */
    public FeatureDistances(TrainingData data, int[] train, int[] test, TrainingHooks next) {
        this.data = data;
        this.train = train.clone();
        this.test = test.clone();
        this.next = next;
    }

    @Override
    public void afterTraining(Network network, Model model, Device device) {
        next.afterTraining(network, model, device);
        long start = System.nanoTime();
        float[][] trainFeatures = Atypicality.unitLength(features(network, model, train));
        float[][] testFeatures = Atypicality.unitLength(features(network, model, test));
        // One search per test image serves both: the k-th distance and the neighbours' labels.
        int[] trainLabels = labels(train);
        List<FeatureDistance> out = new ArrayList<>(test.length);
        for (int k = 0; k < test.length; k++) {
            FeatureNeighbours.Nearest near = FeatureNeighbours.nearest(trainFeatures, testFeatures[k],
                    Math.max(Atypicality.K, FeatureNeighbours.K));
            out.add(new FeatureDistance(test[k], near.distance(Atypicality.K),
                    near.otherLabelShare(trainLabels, data.labels()[test[k]], FeatureNeighbours.K)));
        }
        distances = List.copyOf(out);
        seconds = (System.nanoTime() - start) / 1e9;
    }

    /** The distances of the test images; empty before training has ended or without training images. */
    public List<FeatureDistance> distances() {
        return distances;
    }

    /** Wall-clock seconds the distances took. */
    public double seconds() {
        return seconds;
    }

    private int[] labels(int[] idx) {
        int[] out = new int[idx.length];
        for (int k = 0; k < idx.length; k++) out[k] = data.labels()[idx[k]];
        return out;
    }

    private float[][] features(Network network, Model model, int[] idx) {
        float[][] out = new float[idx.length][];
        int per = data.channels() * data.size() * data.size();
        for (int from = 0; from < idx.length; from += BATCH) {
            int n = Math.min(BATCH, idx.length - from);
            float[] x = new float[n * per];
            for (int b = 0; b < n; b++) System.arraycopy(data.pixels()[idx[from + b]], 0, x, b * per, per);
            try (NDManager batch = model.getNDManager().newSubManager()) {
                ParameterStore ps = new ParameterStore(batch, false);
                NDArray map = network.features()
                        .forward(ps, new NDList(batch.create(x, new Shape(n, data.channels(), data.size(), data.size()))), false)
                        .singletonOrThrow();
                // The engine averages over one axis at a time: flatten the map's cells into one.
                NDArray pooled = map.getShape().dimension() == 4
                        ? map.reshape(n, map.getShape().get(1), -1).mean(new int[] {2}) : map.reshape(n, -1);
                int k = (int) pooled.getShape().get(1);
                float[] v = pooled.toFloatArray();
                for (int b = 0; b < n; b++) {
                    out[from + b] = new float[k];
                    System.arraycopy(v, b * k, out[from + b], 0, k);
                }
            }
        }
        return out;
    }
}
