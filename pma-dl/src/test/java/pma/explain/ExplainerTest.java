package pma.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import pma.BadInputException;
import pma.models.Models;
import pma.models.Network;
import pma.engine.Engines;

/** Class-activation maps on networks whose maps can be worked out by hand, and on every model of the zoo. */
@Tag("engine")
class ExplainerTest {
    static final int S = 5; // image side; the map is S x S too (same convolution, no pooling)
    static final float[][] KERNELS = {
        {0.2f, -0.1f, 0.3f, 0.5f, 0.4f, -0.2f, 0.1f, 0.0f, 0.25f},
        {-0.3f, 0.6f, 0.1f, 0.2f, -0.4f, 0.3f, 0.5f, 0.2f, -0.1f}};
    static final float[] CONV_BIAS = {0.1f, -0.05f};
    static final float[][] HEAD = {{0.9f, -0.6f}, {-0.7f, 0.8f}};
    static final float[] HEAD_BIAS = {0.05f, -0.05f};

    @BeforeAll
    static void engine() {
        Engines.init();
    }

    /** conv(2 filters, 3x3, same) -> ReLU -> global average pool -> linear(2), weights set by hand. */
    static Model tinyModel(Network net, float[][] kernels, float[] convBias, float[][] head) {
        Model model = Model.newInstance("tiny", Device.cpu(), Engines.ENGINE);
        model.setBlock(net.block());
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, S, S));
        Block conv = net.features().getChildren().get(0).getValue();
        Block linear = ((SequentialBlock) net.head()).getChildren().get(1).getValue();
        conv.getParameters().get("weight").getArray().set(flatten(kernels));
        conv.getParameters().get("bias").getArray().set(convBias);
        linear.getParameters().get("weight").getArray().set(flatten(head));
        linear.getParameters().get("bias").getArray().set(HEAD_BIAS);
        return model;
    }

    static Network tinyNetwork() {
        SequentialBlock features = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(2).optPadding(new Shape(1, 1)).build())
                .add(Activation.reluBlock());
        SequentialBlock head = new SequentialBlock().add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(2).build());
        return new Network("tiny", features, head);
    }

    static float[] flatten(float[][] rows) {
        int n = 0;
        for (float[] r : rows) n += r.length;
        float[] out = new float[n];
        int k = 0;
        for (float[] r : rows) for (float v : r) out[k++] = v;
        return out;
    }

    static float[][] images(int n, long seed) {
        Random r = new Random(seed);
        float[][] out = new float[n][S * S];
        for (float[] image : out) for (int i = 0; i < image.length; i++) image[i] = r.nextFloat();
        return out;
    }

    /** Feature maps A_k of one image, by hand: zero-padded cross-correlation, bias, ReLU. */
    static double[][] activations(float[] x, float[][] kernels, float[] bias) {
        double[][] a = new double[kernels.length][S * S];
        for (int k = 0; k < kernels.length; k++) {
            for (int i = 0; i < S; i++) {
                for (int j = 0; j < S; j++) {
                    double v = bias[k];
                    for (int u = 0; u < 3; u++) {
                        for (int w = 0; w < 3; w++) {
                            int y = i + u - 1, xx = j + w - 1;
                            if (y >= 0 && y < S && xx >= 0 && xx < S) v += kernels[k][u * 3 + w] * x[y * S + xx];
                        }
                    }
                    a[k][i * S + j] = Math.max(0, v);
                }
            }
        }
        return a;
    }

    @Test
    void gradCamOfAGapLinearNetworkIsTheClassActivationMapInClosedForm() {
        Network net = tinyNetwork();
        float[][] x = images(3, 1);
        Explainer explainer = new Explainer(List.of(CamMethod.GRAD_CAM, CamMethod.HIRES_CAM, CamMethod.GRAD_CAM_PLUS_PLUS), "last");
        try (Model model = tinyModel(net, KERNELS, CONV_BIAS, HEAD)) {
            Explainer.Maps maps = explainer.explain(net, model, x, 1, S, new int[] {0, 0, 0}, new int[] {1, 1, 1},
                    new int[] {1, 0, 1});
            assertThat(maps.height()).isEqualTo(S);
            assertThat(maps.width()).isEqualTo(S);
            int hw = S * S;
            for (int i = 0; i < x.length; i++) {
                double[][] a = activations(x[i], KERNELS, CONV_BIAS);
                for (int t = 0; t < 3; t++) {
                    int c = t == 0 ? 0 : t == 1 ? 1 : new int[] {1, 0, 1}[i];
                    // y_c = sum_k W_ck mean(A_k) + b_c, so dy_c/dA_k(ij) = W_ck / hw everywhere:
                    // Grad-CAM = ReLU(sum_k W_ck A_k) / hw, Zhou et al.'s CAM up to the constant 1/hw.
                    double[] cam = new double[hw];
                    double[] plusPlus = new double[hw];
                    double[] weightPP = new double[2];
                    for (int k = 0; k < 2; k++) {
                        double g = HEAD[c][k] / hw, sum = 0;
                        for (double v : a[k]) sum += v;
                        double alpha = g * g / (2 * g * g + sum * g * g * g + 1e-7);
                        weightPP[k] = hw * alpha * Math.max(0, g);
                    }
                    for (int p = 0; p < hw; p++) {
                        double s = 0, spp = 0;
                        for (int k = 0; k < 2; k++) {
                            s += HEAD[c][k] * a[k][p];
                            spp += weightPP[k] * a[k][p];
                        }
                        cam[p] = Math.max(0, s) / hw;
                        plusPlus[p] = Math.max(0, spp);
                    }
                    float[] gradCam = maps.get(t, 0, i);
                    float[] hiRes = maps.get(t, 1, i);
                    float[] pp = maps.get(t, 2, i);
                    double max = 0;
                    for (int p = 0; p < hw; p++) {
                        assertThat((double) gradCam[p]).as("image %d class %d cell %d", i, c, p).isCloseTo(cam[p], within(1e-6));
                        assertThat((double) hiRes[p]).isCloseTo(cam[p], within(1e-6));
                        assertThat((double) pp[p]).isCloseTo(plusPlus[p], within(1e-5));
                        max = Math.max(max, cam[p]);
                    }
                    assertThat(max).as("a non-trivial map").isGreaterThan(0.001);
                    float[] normalised = Explainer.normalise(gradCam);
                    for (int p = 0; p < hw; p++) assertThat((double) normalised[p]).isCloseTo(cam[p] / max, within(1e-5));
                }
            }
        }
    }

    @Test
    void explainingLeavesParametersAndTheirGradientsUntouched() {
        Network net = tinyNetwork();
        float[][] x = images(4, 2);
        try (Model model = tinyModel(net, KERNELS, CONV_BIAS, HEAD)) {
            List<Parameter> params = new ArrayList<>(model.getBlock().getParameters().values());
            for (Parameter p : params) p.getArray().setRequiresGradient(true);
            // Give every parameter a non-zero gradient, as a training step would.
            try (var m = model.getNDManager().newSubManager(); GradientCollector gc = Engines.init().newGradientCollector()) {
                NDArray in = m.create(flatten(x), new Shape(4, 1, S, S));
                NDArray out = model.getBlock().forward(new ParameterStore(m, false), new NDList(in), false).singletonOrThrow();
                gc.backward(out.sum());
            }
            List<float[]> values = new ArrayList<>(), grads = new ArrayList<>();
            for (Parameter p : params) {
                values.add(p.getArray().toFloatArray());
                grads.add(p.getArray().getGradient().toFloatArray());
            }
            assertThat(grads.get(grads.size() - 1)).as("a gradient to protect").isNotEqualTo(new float[2]);
            long before = model.getNDManager().getManagedArrays().size();

            new Explainer(List.of(CamMethod.GRAD_CAM, CamMethod.GRAD_CAM_PLUS_PLUS), "last")
                    .explain(net, model, x, 1, S, new int[4], new int[] {1, 1, 1, 1});
            // Every array of the explanation was closed with its batch's sub-manager.
            assertThat(model.getNDManager().getManagedArrays().size()).isEqualTo(before);

            for (int k = 0; k < params.size(); k++) {
                assertThat(params.get(k).getArray().hasGradient()).isTrue();
                assertThat(params.get(k).getArray().toFloatArray()).containsExactly(values.get(k));
                assertThat(params.get(k).getArray().getGradient().toFloatArray()).containsExactly(grads.get(k));
            }
        }
    }

    @Test
    void anAllNegativeMapIsEmptyNotNaNAndNotHot() {
        Network net = tinyNetwork();
        // ReLU features are >= 0 and class 0's weights are all negative: sum_k W_0k A_k <= 0 everywhere.
        float[][] negativeHead = {{-0.9f, -0.6f}, {0.7f, 0.8f}};
        float[][] x = images(2, 3);
        try (Model model = tinyModel(net, KERNELS, CONV_BIAS, negativeHead)) {
            Explainer.Maps maps = new Explainer(List.of(CamMethod.GRAD_CAM, CamMethod.HIRES_CAM, CamMethod.GRAD_CAM_PLUS_PLUS),
                    "last").explain(net, model, x, 1, S, new int[2], new int[] {1, 1});
            for (int m = 0; m < 3; m++) {
                for (int i = 0; i < 2; i++) {
                    assertThat(maps.get(0, m, i)).containsOnly(0f);
                    assertThat(Explainer.normalise(maps.get(0, m, i))).containsOnly(0f);
                    float[] positive = Explainer.normalise(maps.get(1, m, i));
                    assertThat(positive).doesNotContain(Float.NaN);
                    float max = 0;
                    for (float v : positive) max = Math.max(max, v);
                    assertThat(max).as("class 1 map of method %d", m).isEqualTo(1f);
                }
            }
        }
        // An all-zero feature map (zero image, zero biases) gives an all-zero map too.
        Network zero = tinyNetwork();
        try (Model model = tinyModel(zero, KERNELS, new float[2], HEAD)) {
            Explainer.Maps maps = new Explainer(List.of(CamMethod.GRAD_CAM_PLUS_PLUS), "last")
                    .explain(zero, model, new float[1][S * S], 1, S, new int[1]);
            assertThat(maps.get(0, 0, 0)).containsOnly(0f);
        }
        assertThat(Explainer.normalise(new float[] {Float.NaN, 1f})).containsOnly(0f);
        assertThat(Explainer.normalise(new float[] {0f, 0f, 2f, 1f})).containsExactly(0f, 0f, 1f, 0.5f);
    }

    @Test
    void layersAreFoundByIndexOrNameAndBadOnesNamed() {
        Network net = Models.build("quick_cnn", 1, 32);
        int count = net.features().getChildren().size();
        assertThat(Explainer.layerIndex(net, "last")).isEqualTo(count - 1);
        assertThat(Explainer.layerIndex(net, "-1")).isEqualTo(count - 1);
        assertThat(Explainer.layerIndex(net, "3")).isEqualTo(3);
        String name = net.features().getChildren().get(6).getKey();
        assertThat(Explainer.layerIndex(net, name)).isEqualTo(6);
        assertThatThrownBy(() -> Explainer.layerIndex(net, String.valueOf(count)))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("--cam-layer " + count + ": model quick_cnn has feature layers 0.." + (count - 1));
        assertThatThrownBy(() -> Explainer.layerIndex(net, "conv9")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> CamMethod.of("scorecam")).isInstanceOf(BadInputException.class)
                .hasMessage("unknown CAM method 'scorecam'; known: gradcam, gradcampp, hirescam");
        assertThat(CamOptions.parse("GradCAM,hirescam,gradcam", "last").methods())
                .containsExactly(CamMethod.GRAD_CAM, CamMethod.HIRES_CAM);
        assertThat(CamOptions.parse("none", "last").enabled()).isFalse();
    }

    /**
     * Every catalogue model, at the smallest size it accepts from 32 px up: maps at the last layer
     * have the shape of its last feature map. The earlier-layer path (which backpropagates through
     * the remaining feature layers too) is exercised on the quick models, where it is cheap.
     */
    @Test
    void everyModelOfTheZooGivesMapsShapedLikeItsFeatureMaps() {
        Random r = new Random(4);
        for (String name : Models.names()) {
            int size = Math.max(32, Models.minimumSize(name));
            Network net = Models.build(name, 1, size);
            Engines.seed(9);
            try (Model model = Model.newInstance(name, Device.cpu(), Engines.ENGINE)) {
                model.setBlock(net.block());
                Shape input = new Shape(1, 1, size, size);
                model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, input);
                Shape fmap = net.features().getOutputShapes(new Shape[] {input})[0];
                float[][] x = new float[2][size * size];
                for (float[] image : x) for (int i = 0; i < image.length; i++) image[i] = r.nextFloat();
                List<String> layers = name.startsWith("quick_") ? List.of("last", "-2") : List.of("last");
                for (String layer : layers) {
                    Explainer.Maps maps = new Explainer(List.of(CamMethod.GRAD_CAM, CamMethod.GRAD_CAM_PLUS_PLUS,
                            CamMethod.HIRES_CAM), layer).explain(net, model, x, 1, size, new int[2], new int[] {1, 0});
                    if (layer.equals("last")) {
                        assertThat(new long[] {maps.height(), maps.width()}).as(name)
                                .containsExactly(fmap.get(2), fmap.get(3));
                    }
                    for (int t = 0; t < 2; t++) {
                        for (int m = 0; m < 3; m++) {
                            for (int i = 0; i < 2; i++) {
                                float[] map = maps.get(t, m, i);
                                assertThat(map).as("%s %s", name, layer).hasSize(maps.height() * maps.width());
                                for (float v : map) assertThat(v).isFinite().isGreaterThanOrEqualTo(0f);
                            }
                        }
                    }
                }
            }
        }
    }
}
