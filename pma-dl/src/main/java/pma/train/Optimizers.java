package pma.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.optimizer.Sgd;
import ai.djl.training.tracker.Tracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * DJL's own Adam and SGD, with one change: their per-parameter state (Adam's moments, the
 * momentum buffer) is attached to a manager the caller owns and closes after the task.
 *
 * <p>In DJL 0.36, {@code Optimizer.withDefaultState} detaches each state array from every
 * manager ("let it be closed by the GC"), but nothing ever closes it: each trained model would
 * leave about two (Adam) or one (momentum) copies of its parameters in native memory. The
 * update arithmetic is untouched: {@code update} is DJL's.
 */
final class Optimizers {

    private Optimizers() {}

    /**
     * Builds the optimizer {@code cfg} names, keeping its state in {@code stateManager}.
     *
     * @param stateManager closed by the caller once training ends; owns all optimizer state
     */
    static Optimizer create(TrainingConfig cfg, NDManager stateManager) {
        Tracker lr = Tracker.fixed(cfg.learningRate());
        switch (cfg.optimizer()) {
            case "adam":
                return new ManagedAdam(
                        Optimizer.adam()
                                .optLearningRateTracker(lr)
                                .optWeightDecays(cfg.weightDecay()),
                        stateManager);
            case "momentum":
                return new ManagedSgd(
                        Optimizer.sgd()
                                .setLearningRateTracker(lr)
                                .optMomentum(cfg.momentum())
                                .optWeightDecays(cfg.weightDecay()),
                        stateManager);
            case "sgd":
                return new ManagedSgd(
                        Optimizer.sgd()
                                .setLearningRateTracker(lr)
                                .optMomentum(0f)
                                .optWeightDecays(cfg.weightDecay()),
                        stateManager);
            default:
                throw new IllegalArgumentException("unknown optimizer '" + cfg.optimizer() + "'");
        }
    }

    /** Creates (once per parameter and device) a state array owned by {@code owner}. */
    static NDArray managedState(
            NDManager owner,
            Map<String, Map<Device, NDArray>> state,
            String key,
            Device device,
            Function<String, NDArray> defaultFunction) {
        Map<Device, NDArray> perDevice = state.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
        return perDevice.computeIfAbsent(
                device,
                d -> {
                    NDArray s = defaultFunction.apply(key);
                    if (!s.getDevice().equals(d)) {
                        s = s.toDevice(d, false);
                    }
                    s.attach(owner);
                    return s;
                });
    }

    /** DJL's Adam with its moments kept in a caller-owned manager. */
    static final class ManagedAdam extends Adam {
        private final NDManager owner;

        ManagedAdam(Adam.Builder builder, NDManager owner) {
            super(builder);
            this.owner = owner;
        }

        @Override
        protected NDArray withDefaultState(
                Map<String, Map<Device, NDArray>> state,
                String key,
                Device device,
                Function<String, NDArray> defaultFunction) {
            return managedState(owner, state, key, device, defaultFunction);
        }
    }

    /** DJL's SGD (with or without momentum) with its momentum kept in a caller-owned manager. */
    static final class ManagedSgd extends Sgd {
        private final NDManager owner;

        ManagedSgd(Sgd.Builder builder, NDManager owner) {
            super(builder);
            this.owner = owner;
        }

        @Override
        protected NDArray withDefaultState(
                Map<String, Map<Device, NDArray>> state,
                String key,
                Device device,
                Function<String, NDArray> defaultFunction) {
            return managedState(owner, state, key, device, defaultFunction);
        }
    }
}
