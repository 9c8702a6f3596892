package pma.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.engine.Engine;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import java.util.List;
import pma.engine.Engines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("engine")
class OptimizersTest {

    @BeforeAll
    static void engine() {
        Engines.init();
    }

    /** Optimizer state is owned by the caller's manager and released with it. */
    @ParameterizedTest
    @CsvSource({"adam,2", "momentum,1", "sgd,0"})
    void stateLivesInTheCallersManager(String name, int statesPerParameter) {
        TrainingConfig cfg = new TrainingConfig(
                "quick_cnn", 32, 1, 1, 1, 1, name, 0.1f, 0.9f, 0f, false, false, 1);
        try (NDManager params = NDManager.newBaseManager()) {
            NDManager state = params.newSubManager();
            Optimizer opt = Optimizers.create(cfg, state);
            NDArray w = params.ones(new Shape(3, 4));
            NDArray w2 = params.ones(new Shape(5));
            for (int step = 0; step < 3; step++) {
                opt.update("w", w, params.ones(new Shape(3, 4)));
                opt.update("w2", w2, params.ones(new Shape(5)));
            }
            java.util.List<NDArray> owned = state.getManagedArrays();
            // one state array per parameter and moment (SGD also keeps its rates there, as scalars)
            assertThat(owned.stream().filter(a -> a.getShape().dimension() > 0)).hasSize(2 * statesPerParameter);
            // the update really moved the weights
            assertThat(w.toFloatArray()[0]).isLessThan(1f);
            state.close();
            for (NDArray a : owned) {
                assertThat(a.isReleased()).isTrue();
            }
        }
    }

    /**
     * Optimizers.step on loss = sum(w * x), whose gradient is x: SGD with momentum 0.9 and learning
     * rate 0.1 by hand gives state 0.1x then 0.9 * 0.1x + 0.1x = 0.19x, so w moves by 0.1x then
     * 0.19x. The second step sees x again, not 2x: each update clears the gradient it used (this
     * SGD drops it, as PyTorch's {@code zero_grad(set_to_none=True)}; DJL's zeroes it). The same
     * holds after the collector's own backward pass and after {@link Optimizers#backward}, whose
     * gradient is already 0.1x.
     */
    @ParameterizedTest
    @CsvSource({"false", "true"})
    void stepUpdatesEveryTrainableParameterAndClearsItsGradient(boolean scaledBackward) {
        TrainingConfig cfg = new TrainingConfig(
                "quick_cnn", 32, 1, 1, 1, 1, "momentum", 0.1f, 0.9f, 0f, false, false, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Optimizer opt = Optimizers.create(cfg, manager.newSubManager());
            Parameter w = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            w.setArray(manager.create(new float[] {1f, 2f, -3f}));
            w.getArray().setRequiresGradient(true);
            Parameter stats = Parameter.builder().setName("stats").setType(Parameter.Type.RUNNING_MEAN)
                    .optRequiresGrad(false).build();
            stats.setArray(manager.create(new float[] {5f}));
            List<Parameter> trainable = Optimizers.trainable(List.of(w, stats));
            assertThat(trainable).containsExactly(w);
            NDArray x = manager.create(new float[] {0.5f, -1f, 2f});
            float[][] expected = {
                {1f - 0.1f * 0.5f, 2f + 0.1f, -3f - 0.1f * 2f},
                {1f - 0.29f * 0.5f, 2f + 0.29f, -3f - 0.29f * 2f},
            };
            boolean grad = ai.djl.pytorch.jni.JniUtils.isGradMode();
            try {
                for (int step = 0; step < 2; step++) {
                    try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = w.getArray().mul(x).sum();
                        if (scaledBackward) {
                            Optimizers.backward(c, opt, loss);
                        } else {
                            c.backward(loss);
                        }
                    }
                    assertThat(w.getArray().getGradient().toFloatArray()).containsExactly(
                            scaledBackward ? new float[] {0.1f * 0.5f, -0.1f, 0.1f * 2f}
                                    : new float[] {0.5f, -1f, 2f},
                            org.assertj.core.data.Offset.offset(1e-7f));
                    Optimizers.step(opt, trainable);
                    assertThat(w.getArray().toFloatArray())
                            .containsExactly(expected[step], org.assertj.core.data.Offset.offset(1e-6f));
                    assertThat(w.getArray().getGradient().toFloatArray()).containsOnly(0f);
                }
            } finally {
                ai.djl.pytorch.jni.JniUtils.setGradMode(grad);
            }
            assertThat(stats.getArray().toFloatArray()).containsExactly(5f);
        }
    }

    /**
     * Without weight decay, SGD's in-place arithmetic (the one {@link Optimizers#step} uses, here
     * with the gradient scaled by the update itself) gives DJL's native update bit for bit: weights
     * and momentum from random weights and gradients with zeros of both signs, over a schedule
     * whose rate changes, for plain SGD and momentum. With weight decay the native update is kept.
     */
    @ParameterizedTest
    @CsvSource({"0", "0.9"})
    void inPlaceUpdateEqualsDjlsNativeUpdateBitForBit(float momentum) {
        java.util.Random rng = new java.util.Random(7);
        int n = 4099;
        float[] w0 = new float[n];
        for (int i = 0; i < n; i++) w0[i] = i % 5 == 0 ? 0f : (float) rng.nextGaussian();
        try (NDManager manager = NDManager.newBaseManager()) {
            Optimizer djl = djlSgd(0.05f, momentum);
            Optimizers.ManagedSgd ours = managedSgd(0.05f, momentum, 0f, manager);
            assertThat(ours.updatesInPlace()).isTrue();
            NDArray wDjl = manager.create(w0);
            NDArray wOurs = manager.create(w0);
            for (int step = 0; step < 4; step++) {
                float[] g = new float[n];
                for (int i = 0; i < n; i++) {
                    g[i] = switch (i % 7) {
                        case 0 -> 0f;
                        case 1 -> -0f;
                        case 2 -> Float.MIN_VALUE * (rng.nextBoolean() ? 1 : -1);
                        default -> (float) rng.nextGaussian() * (step + 1);
                    };
                }
                djl.update("w", wDjl, manager.create(g));
                ours.update("w", wOurs, manager.create(g));
                float[] a = wDjl.toFloatArray();
                float[] b = wOurs.toFloatArray();
                for (int i = 0; i < n; i++) {
                    assertThat(Float.floatToRawIntBits(b[i]))
                            .as("step %d, element %d: %s against DJL's %s", step, i, b[i], a[i])
                            .isEqualTo(Float.floatToRawIntBits(a[i]));
                }
            }
            assertThat(wOurs.toFloatArray()).isNotEqualTo(w0);
            assertThat(managedSgd(0.05f, momentum, 0.01f, manager).updatesInPlace()).isFalse();
        }
    }

    /**
     * Training's path, {@link Optimizers#backward} then {@link Optimizers#step}, against DJL's own:
     * the collector's backward pass, then DJL's native SGD update of each parameter. The loss,
     * sum(tanh(w) * x), has a gradient that rounds; the schedule's rate falls tenfold after the
     * second and the third update, so a step scaled by another update's rate misses by 10x. The
     * gradients are scaled at other places, so the weights agree to float32 rounding, not bit
     * for bit.
     */
    @ParameterizedTest
    @CsvSource({"0", "0.9"})
    void scaledBackwardThenStepFollowsDjlsUpdate(float momentum) {
        java.util.Random rng = new java.util.Random(11);
        float[] w0 = gaussians(rng, 1031);
        float[] x0 = gaussians(rng, w0.length);
        boolean grad = ai.djl.pytorch.jni.JniUtils.isGradMode();
        try (NDManager manager = NDManager.newBaseManager()) {
            Optimizer djl = djlSgd(0.5f, momentum);
            Optimizers.ManagedSgd ours = managedSgd(0.5f, momentum, 0f, manager);
            NDArray x = manager.create(x0);
            NDArray wDjl = manager.create(w0);
            wDjl.setRequiresGradient(true);
            Parameter w = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            w.setArray(manager.create(w0));
            w.getArray().setRequiresGradient(true);
            for (int step = 0; step < 5; step++) {
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    c.backward(wDjl.tanh().mul(x).sum());
                }
                djl.update("w", wDjl, wDjl.getGradient());
                try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                    Optimizers.backward(c, ours, w.getArray().tanh().mul(x).sum());
                }
                Optimizers.step(ours, List.of(w));
                float[] a = wDjl.toFloatArray();
                float[] b = w.getArray().toFloatArray();
                for (int i = 0; i < w0.length; i++) {
                    assertThat(b[i]).as("step %d, element %d", step, i)
                            .isCloseTo(a[i], org.assertj.core.data.Offset.offset(2e-6f * (1f + Math.abs(a[i]))));
                }
            }
            assertThat(w.getArray().toFloatArray()).isNotEqualTo(w0);
        } finally {
            ai.djl.pytorch.jni.JniUtils.setGradMode(grad);
        }
    }

    private static float[] gaussians(java.util.Random rng, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) rng.nextGaussian();
        return out;
    }

    /** DJL's SGD without weight decay on {@link #falling}{@code (base)}. */
    private static Optimizer djlSgd(float base, float momentum) {
        return Optimizer.sgd().setLearningRateTracker(falling(base)).optMomentum(momentum)
                .optWeightDecays(0f).build();
    }

    /** pma's SGD on {@link #falling}{@code (base)}, its state in a sub-manager of {@code manager}. */
    private static Optimizers.ManagedSgd managedSgd(float base, float momentum, float weightDecay,
                                                    NDManager manager) {
        return new Optimizers.ManagedSgd(falling(base), momentum, weightDecay, manager.newSubManager());
    }

    /**
     * A schedule whose rate falls tenfold after the second and the third update. DJL's trackers
     * keep state, so each optimizer gets its own.
     */
    private static ai.djl.training.tracker.Tracker falling(float base) {
        return ai.djl.training.tracker.Tracker.multiFactor()
                .setBaseValue(base).setSteps(new int[] {2, 3}).optFactor(0.1f).build();
    }
}
