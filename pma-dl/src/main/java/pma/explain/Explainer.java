package pma.explain;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import pma.BadInputException;
import pma.models.Network;
import pma.engine.Engines;

/**
 * Computes class-activation maps of a trained {@link Network} for a batch of images.
 *
 * <p>For each mini-batch: a forward pass through the features up to the target layer (no
 * autograd graph), a detached copy of that feature map marked as requiring a gradient, the rest
 * of the features and the head inside a gradient collector, a backward pass on the sum of the
 * target-class logits (images are independent in inference mode, so each image's gradient is
 * that of its own logit), then each {@link CamMethod}'s combination of activations and gradients,
 * rectified. Several target-class arrays share one forward pass through the features.
 *
 * <p>The model's own parameters are switched to "no gradient" for the duration and switched back
 * afterwards, so the backward pass accumulates nothing into them: explaining leaves the model
 * exactly as it was, including any gradient buffers. Every array lives in a per-batch
 * sub-manager of the model's manager and is closed with it. Explain only a model that is not
 * training at the same time (DJL allows one gradient collector at a time per process).
 */
public final class Explainer {
    /** Images per forward pass. */
    static final int BATCH = 64;

    private final List<CamMethod> methods;
    private final String layer;

    /**
     * @param methods the methods to compute (not empty); they share one backward pass
     * @param layer the target layer: {@code last} (the last feature map), an index into the
     *     features' children (0-based; negative counts from the end, -1 = last), or a child's name
     */
    public Explainer(List<CamMethod> methods, String layer) {
        this.methods = List.copyOf(methods);
        if (this.methods.isEmpty()) throw new IllegalArgumentException("at least one CAM method is needed");
        this.layer = Objects.requireNonNull(layer, "layer");
    }

    public List<CamMethod> methods() {
        return methods;
    }

    public String layer() {
        return layer;
    }

    /**
     * Rectified maps at feature-map resolution, not normalised.
     *
     * @param height map rows
     * @param width map columns
     * @param values {@code values[t][m][i]}: target array t, method m, image i, row-major
     *     {@code height*width}, every value ≥ 0
     */
    public record Maps(int height, int width, float[][][][] values) {
        public float[] get(int target, int method, int image) {
            return values[target][method][image];
        }
    }

    /**
     * Maps of {@code images} for each array of target classes.
     *
     * @param network the network whose blocks {@code model} holds (initialised, trained or not)
     * @param model the model holding the network's parameters
     * @param images per image, channel-major {@code channels*size*size} floats
     * @param classes one or more arrays with a target class (logit index) per image
     * @throws BadInputException when the target layer does not exist in this network
     */
    public Maps explain(Network network, Model model, float[][] images, int channels, int size, int[]... classes) {
        if (classes.length == 0) throw new IllegalArgumentException("at least one array of target classes is needed");
        for (int[] c : classes) {
            if (c.length != images.length) {
                throw new IllegalArgumentException(c.length + " target classes for " + images.length + " images");
            }
        }
        int per = channels * size * size;
        for (float[] image : images) {
            if (image.length != per) {
                throw new IllegalArgumentException("an image has " + image.length + " values, expected " + per);
            }
        }
        List<Block> children = new ArrayList<>();
        for (Pair<String, Block> child : network.features().getChildren()) children.add(child.getValue());
        int k = layerIndex(network, layer);
        List<Block> before = children.subList(0, k + 1);
        List<Block> after = children.subList(k + 1, children.size());

        float[][][][] out = new float[classes.length][methods.size()][images.length][];
        int[] hw = {0, 0};
        List<Parameter> params = new ArrayList<>(model.getBlock().getParameters().values());
        boolean[] required = new boolean[params.size()];
        for (int p = 0; p < params.size(); p++) {
            if (!params.get(p).isInitialized()) throw new IllegalStateException("the model is not initialised");
            NDArray array = params.get(p).getArray();
            required[p] = array.hasGradient();
            if (required[p]) array.setRequiresGradient(false);
        }
        try {
            for (int from = 0; from < images.length; from += BATCH) {
                int n = Math.min(BATCH, images.length - from);
                explainBatch(network, model, images, channels, size, classes, from, n, before, after, out, hw);
            }
        } finally {
            for (int p = 0; p < params.size(); p++) {
                if (required[p]) params.get(p).getArray().setRequiresGradient(true);
            }
        }
        return new Maps(hw[0], hw[1], out);
    }

    private void explainBatch(Network network, Model model, float[][] images, int channels, int size, int[][] classes,
                              int from, int n, List<Block> before, List<Block> after, float[][][][] out, int[] hw) {
        int per = channels * size * size;
        float[] x = new float[n * per];
        for (int b = 0; b < n; b++) System.arraycopy(images[from + b], 0, x, b * per, per);
        try (NDManager batch = model.getNDManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(batch, false);
            NDList a = new NDList(batch.create(x, new Shape(n, channels, size, size)));
            for (Block block : before) a = block.forward(ps, a, false);
            NDArray activations = a.singletonOrThrow();
            Shape shape = activations.getShape();
            if (shape.dimension() != 4) {
                throw new IllegalStateException("target layer gives shape " + shape + ", not (N, K, h, w)");
            }
            int h = (int) shape.get(2), w = (int) shape.get(3);
            hw[0] = h;
            hw[1] = w;
            for (int t = 0; t < classes.length; t++) {
                // A fresh leaf per target: gradients accumulate, so reusing one would mix classes.
                NDArray leaf = activations.stopGradient();
                leaf.setRequiresGradient(true);
                try (GradientCollector collector = Engines.init().newGradientCollector()) {
                    NDList z = new NDList(leaf);
                    for (Block block : after) z = block.forward(ps, z, false);
                    NDArray logits = network.head().forward(ps, z, false).singletonOrThrow();
                    int numClasses = (int) logits.getShape().get(1);
                    float[] select = new float[n * numClasses];
                    for (int b = 0; b < n; b++) {
                        int c = classes[t][from + b];
                        if (c < 0 || c >= numClasses) {
                            throw new IllegalArgumentException("target class " + c + " outside 0.." + (numClasses - 1));
                        }
                        select[b * numClasses + c] = 1f;
                    }
                    collector.backward(logits.mul(batch.create(select, logits.getShape())).sum());
                }
                NDArray gradients = leaf.getGradient();
                for (int m = 0; m < methods.size(); m++) {
                    float[] maps = methods.get(m).combine(activations, gradients).maximum(0f).toFloatArray();
                    for (int b = 0; b < n; b++) {
                        float[] map = new float[h * w];
                        System.arraycopy(maps, b * h * w, map, 0, h * w);
                        out[t][m][from + b] = map;
                    }
                }
            }
        }
    }

    /**
     * The index into {@code network.features()}'s children whose output is the target layer.
     *
     * @throws BadInputException when {@code spec} names no layer of this network
     */
    public static int layerIndex(Network network, String spec) {
        SequentialBlock features = network.features();
        int count = features.getChildren().size();
        String s = spec.trim();
        if (s.equalsIgnoreCase("last")) return count - 1;
        if (s.matches("-?\\d{1,9}")) {
            int i = Integer.parseInt(s);
            int k = i < 0 ? count + i : i;
            if (k >= 0 && k < count) return k;
        } else {
            for (int i = 0; i < count; i++) {
                if (features.getChildren().get(i).getKey().equals(s)) return i;
            }
        }
        List<String> names = features.getChildren().keys();
        throw new BadInputException("--cam-layer " + spec + ": model " + network.name() + " has feature layers 0.."
                + (count - 1) + " (-1 = last), named " + String.join(", ", names));
    }

    /**
     * Scales a rectified map to a maximum of 1.
     *
     * @return a new array; all zero when the map is empty (no positive finite maximum, or any
     *     non-finite value), so an empty map never turns into NaN or a uniformly hot map
     */
    public static float[] normalise(float[] raw) {
        float max = 0f;
        for (float v : raw) {
            if (!Float.isFinite(v)) return new float[raw.length];
            max = Math.max(max, v);
        }
        float[] out = new float[raw.length];
        if (!(max > Float.MIN_NORMAL)) return out;
        for (int i = 0; i < raw.length; i++) out[i] = Math.max(0f, raw[i]) / max;
        return out;
    }
}
