package pma.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pma.engine.Engines;

/**
 * The freeing sequence computes what DJL's {@link SequentialBlock} computes (outputs, gradients,
 * batch-norm statistics: the reference is DJL's block on the same weights) while leaving only its
 * input and output alive in the caller's manager, where DJL's block leaves every intermediate.
 */
class FreeingSequentialBlockTest {
    private static final Shape IN = new Shape(4, 3, 12, 12);

    @BeforeAll
    static void engine() {
        Engines.init();
    }

    /** conv-bn-relu, max pool, a residual unit (a branch and an identity), conv: 7 children. */
    private static SequentialBlock fill(SequentialBlock s) {
        SequentialBlock branch = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(8).optPadding(new Shape(1, 1)).build())
                .add(BatchNorm.builder().build());
        return s.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(8).optPadding(new Shape(1, 1)).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(new ParallelBlock(
                        b -> new NDList(Activation.relu(b.get(0).singletonOrThrow().add(b.get(1).singletonOrThrow()))),
                        List.of(branch, Blocks.identityBlock())))
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(2).build())
                .add(Activation.reluBlock());
    }

    private record Pass(float[] output, List<float[]> gradients, List<float[]> statistics, int alive) {}

    private static Pass pass(SequentialBlock block, NDManager m, NDArray x, NDArray weights, boolean training) {
        try (NDManager batch = m.newSubManager()) {
            NDArray input = x.duplicate();
            input.attach(batch);
            ParameterStore ps = new ParameterStore(batch, false);
            float[] output;
            int alive;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = block.forward(ps, new NDList(input), training).singletonOrThrow();
                alive = batch.getManagedArrays().size();
                output = y.toFloatArray();
                gc.backward(y.mul(weights).sum());
            }
            List<float[]> gradients = new ArrayList<>();
            List<float[]> statistics = new ArrayList<>();
            for (Parameter p : block.getParameters().values()) {
                if (p.requiresGradient()) gradients.add(p.getArray().getGradient().toFloatArray());
                else statistics.add(p.getArray().toFloatArray());
            }
            return new Pass(output, gradients, statistics, alive);
        }
    }

    @Test
    void computesWhatDjlsSequenceComputesAndKeepsOnlyInputAndOutput() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock djls = fill(new SequentialBlock());
            SequentialBlock ours = fill(new FreeingSequentialBlock());
            djls.initialize(m, DataType.FLOAT32, IN);
            ours.initialize(m, DataType.FLOAT32, IN);
            List<Parameter> from = new ArrayList<>(djls.getParameters().values());
            List<Parameter> to = new ArrayList<>(ours.getParameters().values());
            for (int i = 0; i < to.size(); i++) to.get(i).getArray().set(from.get(i).getArray().toFloatArray());
            NDArray x = m.randomNormal(IN);
            for (boolean training : new boolean[] {true, false}) {
                NDArray weights = m.randomNormal(new Shape(4, 2, 6, 6));
                Pass expected = pass(djls, m, x, weights, training);
                Pass actual = pass(ours, m, x, weights, training);
                assertThat(actual.output()).containsExactly(expected.output());
                for (int i = 0; i < expected.gradients().size(); i++) {
                    assertThat(actual.gradients().get(i)).as("gradient " + i).containsExactly(expected.gradients().get(i));
                }
                for (int i = 0; i < expected.statistics().size(); i++) {
                    assertThat(actual.statistics().get(i)).as("statistic " + i).containsExactly(expected.statistics().get(i));
                }
                // DJL's sequence: every operator's result (7 children, more operators) stays in the batch's manager.
                assertThat(expected.alive()).isGreaterThan(7);
                assertThat(actual.alive()).as("input and output").isEqualTo(2);
            }
        }
    }
}
