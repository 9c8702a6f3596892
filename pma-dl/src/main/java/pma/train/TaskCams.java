package pma.train;

import ai.djl.Device;
import ai.djl.Model;
import java.util.ArrayList;
import java.util.List;
import pma.ledger.CamMap;
import pma.models.Network;
import pma.explain.CamOptions;
import pma.explain.Explainer;

/**
 * The maps a training task stores: each test image explained for both classes once training has
 * ended, then, when the decision threshold is known, kept as the maps of the predicted and of the
 * true class, normalised to a maximum of 1 (CamMap's layout).
 */
public final class TaskCams implements TrainingHooks {
    public static final String PREDICTED = "predicted";
    public static final String TRUE = "true";

    private final Explainer explainer;
    private final TrainingData data;
    private final int[] test;
    private Explainer.Maps maps;
    private double seconds;

    /**
     * @param options which maps; must be {@linkplain CamOptions#enabled() enabled}
     * @param data every image
     * @param test the test images to explain
     */
    public TaskCams(CamOptions options, TrainingData data, int[] test) {
        this.explainer = new Explainer(options.methods(), options.layer());
        this.data = data;
        this.test = test.clone();
    }

    @Override
    public void afterTraining(Network network, Model model, Device device) {
        long start = System.nanoTime();
        float[][] images = new float[test.length][];
        for (int k = 0; k < test.length; k++) images[k] = data.pixels()[test[k]];
        maps = explainer.explain(network, model, images, data.channels(), data.size(),
                new int[test.length], filled(test.length, 1));
        seconds = (System.nanoTime() - start) / 1e9;
    }

    /** Wall-clock seconds the maps took. */
    public double seconds() {
        return seconds;
    }

    /**
     * The maps to store, two per test image and method ({@link #PREDICTED}, {@link #TRUE}).
     *
     * @param predicted the predicted class of each test image, aligned with the test indices
     * @throws IllegalStateException before training has ended
     */
    public List<CamMap> maps(int[] predicted) {
        if (maps == null) throw new IllegalStateException("no maps: training has not ended");
        List<CamMap> out = new ArrayList<>(2 * test.length * explainer.methods().size());
        for (int m = 0; m < explainer.methods().size(); m++) {
            String method = explainer.methods().get(m).name();
            for (int k = 0; k < test.length; k++) {
                int truth = data.labels()[test[k]];
                out.add(map(test[k], method, PREDICTED, maps.get(predicted[k], m, k)));
                out.add(map(test[k], method, TRUE, maps.get(truth, m, k)));
            }
        }
        return out;
    }

    private CamMap map(int image, String method, String target, float[] raw) {
        return new CamMap(image, method, target, maps.height(), maps.width(), Explainer.normalise(raw));
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, value);
        return a;
    }
}
