package pma.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.optimizer.Sgd;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>{@link #step} applies one update to every trainable parameter, as DJL's {@code Trainer.step()}
 * does, without the copy of each gradient that DJL's parameter server makes first (meant for
 * several devices; the native update clones the gradient again and leaves the original alone, so
 * the copy changes nothing but time: one allocation and one pass over every parameter per step).
 * For SGD without weight decay (the paper's optimizer, with or without momentum) it goes further:
 * it computes DJL's update in place on the gradient it is about to drop, and {@link #backward}
 * hands it gradients already multiplied by the learning rate (see {@link ManagedSgd}).
 */
public final class Optimizers {

    private Optimizers() {}

    /**
     * Builds the optimizer {@code cfg} names, keeping its state in {@code stateManager}.
     *
     * @param stateManager closed by the caller once training ends; owns all optimizer state
     */
    public static Optimizer create(TrainingConfig cfg, NDManager stateManager) {
        return create(cfg, stateManager, 1);
    }

    /**
     * As {@link #create(TrainingConfig, NDManager)}, with the learning-rate schedule laid over
     * {@code cfg.maxEpochs()} epochs of {@code stepsPerEpoch} updates.
     */
    public static Optimizer create(TrainingConfig cfg, NDManager stateManager, int stepsPerEpoch) {
        Tracker lr = schedule(cfg, Math.max(1, stepsPerEpoch));
        switch (cfg.optimizer()) {
            case ADAM:
                return new ManagedAdam(
                        Optimizer.adam()
                                .optLearningRateTracker(lr)
                                .optWeightDecays(cfg.weightDecay()),
                        stateManager);
            case MOMENTUM:
                return new ManagedSgd(lr, cfg.momentum(), cfg.weightDecay(), stateManager);
            case SGD:
                return new ManagedSgd(lr, 0f, cfg.weightDecay(), stateManager);
            default:
                throw new IllegalArgumentException("unknown optimizer '" + cfg.optimizer() + "'");
        }
    }

    /**
     * The learning rate per update: fixed; cosine from the base rate to 1% of it at the last
     * update of {@code maxEpochs}; or a step schedule, x0.1 after half and again after three
     * quarters of {@code maxEpochs}. Early stopping usually ends a task before the schedule does.
     */
    static Tracker schedule(TrainingConfig cfg, int stepsPerEpoch) {
        float base = cfg.learningRate();
        int total = Math.max(1, cfg.maxEpochs() * stepsPerEpoch);
        switch (cfg.lrSchedule()) {
            case COSINE:
                return Tracker.cosine()
                        .setBaseValue(base)
                        .optFinalValue(base * 0.01f)
                        .setMaxUpdates(total)
                        .build();
            case STEP:
                int half = Math.max(1, total / 2);
                int threeQuarters = Math.max(half + 1, total * 3 / 4);
                return Tracker.multiFactor()
                        .setBaseValue(base)
                        .setSteps(new int[] {half, threeQuarters})
                        .optFactor(0.1f)
                        .build();
            default:
                return Tracker.fixed(base);
        }
    }

    /** The parameters an optimizer updates: those that take a gradient (batch-norm statistics do not). */
    public static List<Parameter> trainable(Iterable<Parameter> parameters) {
        List<Parameter> list = new ArrayList<>();
        for (Parameter p : parameters) {
            if (p.requiresGradient()) {
                list.add(p);
            }
        }
        return list;
    }

    /**
     * The backward pass of {@code loss}, for the {@link #step} that follows. For SGD without weight
     * decay the loss is first multiplied by the coming update's learning rate, so that every
     * gradient arrives already scaled and the update needs no pass of its own to scale it (see
     * {@link ManagedSgd}); for the other optimizers it is the collector's own backward pass.
     *
     * @param collector the open collector that recorded {@code loss}
     * @param optimizer the optimizer {@link #step} will be given next
     */
    public static void backward(GradientCollector collector, Optimizer optimizer, NDArray loss) {
        ManagedSgd sgd = inPlaceSgd(optimizer);
        if (sgd != null) {
            sgd.backwardScaled(collector, loss);
        } else {
            collector.backward(loss);
        }
    }

    /**
     * One update of every parameter in {@code trainable} from its gradient, with the arithmetic of
     * {@code Trainer.step()} on one device (same update, same learning-rate schedule); each
     * gradient is cleared afterwards (zeroed by DJL's update, dropped by the in-place SGD). The
     * gradients may come from {@link #backward} or from the collector's own backward pass.
     *
     * @param optimizer the optimizer the trainer was configured with
     * @param trainable from {@link #trainable}; their arrays are the trainer's own on one device
     */
    public static void step(Optimizer optimizer, List<Parameter> trainable) {
        ManagedSgd sgd = inPlaceSgd(optimizer);
        if (sgd != null) {
            sgd.stepInPlace(trainable);
            return;
        }
        for (Parameter p : trainable) {
            NDArray weight = p.getArray();
            try (NDArray grad = weight.getGradient()) {
                optimizer.update(p.getId(), weight, grad);
            }
        }
    }

    /** {@code optimizer} when it is SGD that updates in place (see {@link ManagedSgd}), else null. */
    private static ManagedSgd inPlaceSgd(Optimizer optimizer) {
        return optimizer instanceof ManagedSgd sgd && sgd.updatesInPlace() ? sgd : null;
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

    /**
     * DJL's SGD (with or without momentum) with its momentum kept in a caller-owned manager, and an
     * in-place form of the same update for {@link #step}.
     *
     * <p>DJL's native update (0.36) clones the gradient, adds weight decay times the weight to the
     * clone (a full pass even when the decay is 0), multiplies it by the learning rate, then
     * {@code state = momentum * state + clone; weight -= state} (or {@code weight -= clone}), and
     * zeroes the gradient: seven passes and an allocation per parameter array, where PyTorch's SGD
     * makes three (one without momentum: {@code weight -= lr * grad} in one call, which DJL's
     * engine does not offer). Without weight decay the in-place form makes DJL's multiplications and
     * additions in DJL's order on the gradient itself (it is dropped next anyway): the skipped term,
     * {@code 0 * weight}, is a zero, and adding a zero changes no value (only, at most, the sign of
     * a zero gradient, which {@code momentum * state + g} and {@code weight - g} then erase), so
     * {@link #update} gives DJL's weights and state bit for bit.
     *
     * <p>The multiplication by the learning rate is a pass of its own. {@link Optimizers#backward}
     * saves it by multiplying the loss instead, a scalar, before the backward pass: every gradient
     * then arrives as {@code lr * grad} (the same value in exact arithmetic, rounded at other
     * places: the weights differ from DJL's in their last bits, as with another thread count), and
     * the update is {@code state = momentum * state + g; weight -= state}, three passes with
     * momentum and one without, as PyTorch's. A {@link #step} after a plain backward pass scales
     * the gradients itself. With weight decay DJL's native update stays: its fused multiply-add
     * rounds differently from a multiplication and an addition.
     */
    static final class ManagedSgd extends Sgd {
        // pma's schedules give every parameter the same rate: they are read by update number only.
        private static final String RATE_ID = "every parameter";

        private final NDManager owner;
        private final Tracker learningRate;
        private final boolean inPlace;
        // The in-place update's momentum; DJL's own update keeps its state in Sgd's private map.
        private final Map<String, Map<Device, NDArray>> states = new ConcurrentHashMap<>();
        private final NDArray momentumScalar;
        private NDArray rateScalar;
        private float rate = Float.NaN;
        // Steps taken by stepInPlace, and the step whose gradients backwardScaled has scaled.
        private int steps;
        private int scaledStep = -1;

        ManagedSgd(Tracker learningRate, float momentum, float weightDecay, NDManager owner) {
            super(Optimizer.sgd()
                    .setLearningRateTracker(learningRate)
                    .optMomentum(momentum)
                    .optWeightDecays(weightDecay));
            this.owner = owner;
            this.learningRate = learningRate;
            this.inPlace = weightDecay == 0f && rescaleGrad == 1f && clipGrad < 0f;
            this.momentumScalar = inPlace && momentum != 0f ? owner.create(momentum) : null;
        }

        @Override
        protected NDArray withDefaultState(
                Map<String, Map<Device, NDArray>> state,
                String key,
                Device device,
                Function<String, NDArray> defaultFunction) {
            return managedState(owner, state, key, device, defaultFunction);
        }

        /**
         * DJL's update, one parameter at a time with DJL's own update counts; without weight
         * decay, the in-place arithmetic on a copy of {@code grad}.
         */
        @Override
        public void update(String parameterId, NDArray weight, NDArray grad) {
            if (!inPlace) {
                super.update(parameterId, weight, grad);
                return;
            }
            try (NDArray copy = grad.duplicate()) {
                copy.muli(rate(learningRate.getNewValue(parameterId, updateCount(parameterId))));
                apply(parameterId, weight, copy);
            }
            if (weight.hasGradient()) {
                dropGradient(weight); // a weight that takes no gradient keeps its state
            }
        }

        /** Whether the in-place update applies (no weight decay, gradient rescaling or clipping). */
        boolean updatesInPlace() {
            return inPlace;
        }

        /** The backward pass of {@code loss} times the learning rate of the coming step. */
        void backwardScaled(GradientCollector collector, NDArray loss) {
            scaledStep = -1;
            try (NDArray scaled = loss.mul(rate(learningRate.getNewValue(RATE_ID, steps + 1)))) {
                collector.backward(scaled);
            }
            scaledStep = steps + 1;
        }

        /**
         * One in-place update of every parameter from its own gradient (already scaled when
         * {@link #backwardScaled} made it); each weight is left without a gradient, where DJL's
         * update leaves a zeroed one (the next backward pass gives the same values either way).
         */
        void stepInPlace(List<Parameter> trainable) {
            steps++;
            NDArray scale = scaledStep == steps ? null : rate(learningRate.getNewValue(RATE_ID, steps));
            scaledStep = -1;
            for (Parameter p : trainable) {
                NDArray weight = p.getArray();
                try (NDArray gradient = weight.getGradient()) {
                    if (scale != null) {
                        gradient.muli(scale);
                    }
                    apply(p.getId(), weight, gradient);
                }
                dropGradient(weight);
            }
        }

        /** DJL's arithmetic after the learning rate: {@code gradient} is already {@code lr * grad}. */
        private void apply(String parameterId, NDArray weight, NDArray gradient) {
            if (momentumScalar != null) {
                NDArray state = managedState(owner, states, parameterId, weight.getDevice(),
                        k -> weight.zerosLike());
                state.muli(momentumScalar).addi(gradient);
                weight.subi(state);
            } else {
                weight.subi(gradient);
            }
        }

        /**
         * Leaves {@code weight} without a gradient, as PyTorch's {@code zero_grad(set_to_none=True)}
         * does, where DJL zeroes it: the next backward pass then hands its gradient over instead of
         * adding it to zeros (one pass fewer per parameter array, and no zeroing pass). DJL has no
         * call for it, so the weight's handle moves to a detached alias of the same memory (same
         * values, strides and version counter) that requires a gradient and has none yet; the old
         * handle and its gradient are freed. Java holds the weight by the same {@link NDArray}.
         */
        private static void dropGradient(NDArray weight) {
            PtNDArray fresh = JniUtils.detachGradient((PtNDArray) weight);
            JniUtils.attachGradient(fresh, true);
            weight.intern(fresh);
        }

        /** The learning rate as an array, made again only when the schedule changes it. */
        private NDArray rate(float value) {
            if (value != rate) {
                if (rateScalar != null) {
                    rateScalar.close();
                }
                rateScalar = owner.create(value);
                rate = value;
            }
            return rateScalar;
        }
    }
}
