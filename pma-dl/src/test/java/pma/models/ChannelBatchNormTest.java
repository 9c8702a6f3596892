package pma.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pma.engine.Engines;

/**
 * The batch norm without DJL's transposes: the arithmetic worked by hand on a 2x2x1x2 batch
 * (training: batch statistics and PyTorch's running-statistic update; inference: the running
 * statistics), the same values and gradients as DJL's own block, and DJL's saved form.
 */
class ChannelBatchNormTest {
    private static final Shape IN = new Shape(2, 2, 1, 2);
    /** (n, c, w): channel 0 holds 1, 3, 5, 7; channel 1 holds 2, 2, 2, 6. */
    private static final float[] X = {1, 3, 2, 2, 5, 7, 2, 6};

    @BeforeAll
    static void engine() {
        Engines.init();
    }

    private static NDArray param(Block block, String name) {
        return block.getParameters().get(name).getArray();
    }

    @Test
    void normalisesEachChannelByItsBatchStatisticsWhenTraining() {
        try (NDManager m = NDManager.newBaseManager()) {
            ChannelBatchNorm bn = new ChannelBatchNorm();
            bn.initialize(m, DataType.FLOAT32, IN);
            float[] y = bn.forward(new ParameterStore(m, false), new NDList(m.create(X, IN)), true)
                    .singletonOrThrow().toFloatArray();
            // Channel 0: mean 4, variance (9 + 1 + 1 + 9) / 4 = 5. Channel 1: mean 3, variance (1 + 1 + 1 + 9) / 4 = 3.
            double s0 = Math.sqrt(5 + 1e-5);
            double s1 = Math.sqrt(3 + 1e-5);
            double[] expected = {-3 / s0, -1 / s0, -1 / s1, -1 / s1, 1 / s0, 3 / s0, -1 / s1, 3 / s1};
            for (int i = 0; i < y.length; i++) assertThat((double) y[i]).isCloseTo(expected[i], within(1e-6));
            // PyTorch's update with momentum 1 - 0.9: 0.9 old + 0.1 batch; the variance unbiased (20/3 and 4).
            assertThat(param(bn, "runningMean").toFloatArray()).containsExactly(new float[] {0.4f, 0.3f}, within(1e-7f));
            assertThat(param(bn, "runningVar").toFloatArray())
                    .containsExactly(new float[] {(float) (0.9 + 0.1 * 20 / 3.0), 0.9f + 0.4f}, within(1e-6f));
        }
    }

    @Test
    void usesTheRunningStatisticsWhenPredicting() {
        try (NDManager m = NDManager.newBaseManager()) {
            ChannelBatchNorm bn = new ChannelBatchNorm(0.5f, 0.9f);
            bn.initialize(m, DataType.FLOAT32, IN);
            param(bn, "runningMean").set(new float[] {2, -1});
            param(bn, "runningVar").set(new float[] {3.5f, 0.5f});
            param(bn, "gamma").set(new float[] {2, 3});
            param(bn, "beta").set(new float[] {1, 0});
            float[] y = bn.forward(new ParameterStore(m, false), new NDList(m.create(X, IN)), false)
                    .singletonOrThrow().toFloatArray();
            // Channel 0: 2 (x - 2) / sqrt(4) + 1 = x - 1. Channel 1: 3 (x + 1) / sqrt(1) = 3x + 3.
            assertThat(y).containsExactly(new float[] {0, 2, 9, 9, 4, 6, 9, 21}, within(1e-6f));
        }
    }

    @Test
    void givesDjlsValuesAndGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block ours = new ChannelBatchNorm(1.001e-5f, 0.9f);
            Block djls = BatchNorm.builder().optEpsilon(1.001e-5f).build();
            Shape in = new Shape(3, 4, 5, 5);
            NDArray x = m.randomNormal(in);
            NDArray w = m.randomNormal(in); // a loss sum(w * y) with unequal weights per element
            float[][] results = new float[2][];
            float[][] gammaGrads = new float[2][];
            float[][] inputGrads = new float[2][];
            List<Block> blocks = List.of(ours, djls);
            for (int b = 0; b < 2; b++) {
                Block block = blocks.get(b);
                block.initialize(m, DataType.FLOAT32, in);
                param(block, "gamma").set(new float[] {0.5f, 1, 1.5f, 2});
                NDArray input = x.duplicate();
                input.setRequiresGradient(true);
                try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    NDArray y = block.forward(new ParameterStore(m, false), new NDList(input), true).singletonOrThrow();
                    results[b] = y.toFloatArray();
                    gc.backward(y.mul(w).sum());
                }
                gammaGrads[b] = param(block, "gamma").getGradient().toFloatArray();
                inputGrads[b] = input.getGradient().toFloatArray();
            }
            assertThat(results[0]).containsExactly(results[1]);
            assertThat(gammaGrads[0]).containsExactly(gammaGrads[1]);
            assertThat(inputGrads[0]).containsExactly(inputGrads[1]);
            for (String p : List.of("runningMean", "runningVar")) {
                assertThat(param(ours, p).toFloatArray()).containsExactly(param(djls, p).toFloatArray());
            }
        }
    }

    @Test
    void readsWhatDjlsBlockSaved() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Block djls = BatchNorm.builder().build();
            djls.initialize(m, DataType.FLOAT32, IN);
            float[][] values = {{1, 2}, {3, 4}, {5, 6}, {7, 8}};
            int i = 0;
            for (Parameter p : djls.getParameters().values()) p.getArray().set(values[i++]);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            djls.saveParameters(new DataOutputStream(bytes));

            Block ours = new ChannelBatchNorm();
            ours.initialize(m, DataType.FLOAT32, IN);
            ours.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertThat(param(ours, "gamma").toFloatArray()).containsExactly(1, 2);
            assertThat(param(ours, "beta").toFloatArray()).containsExactly(3, 4);
            assertThat(param(ours, "runningMean").toFloatArray()).containsExactly(5, 6);
            assertThat(param(ours, "runningVar").toFloatArray()).containsExactly(7, 8);

            ByteArrayOutputStream again = new ByteArrayOutputStream();
            ours.saveParameters(new DataOutputStream(again));
            assertThat(again.toByteArray()).isEqualTo(bytes.toByteArray());
        }
    }
}
