package pma.train;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import pma.config.ExperimentConfig;
import pma.config.ExperimentConfig.EpochRecords;
import pma.config.ExperimentConfig.LrSchedule;
import pma.config.ExperimentConfig.Optimizer;
import pma.config.ExperimentConfig.Precision;
import pma.config.ExperimentConfig.Training;
import pma.models.Models;

/**
 * Everything a training task needs besides data: one model of an experiment, its image shape and
 * seed, and the experiment's {@link Training} settings, which hold every training setting (this
 * record only reads them, in the engine's float precision where DJL wants floats).
 *
 * @param model a name from {@link Models#names()}
 * @param imageSize image side in pixels
 * @param channels 1 (grey) or 3 (RGB); any positive count is accepted
 * @param seed seeds parameter initialisation, dropout, shuffling and augmentation
 * @param training the experiment's training settings
 */
public record TrainingConfig(String model, int imageSize, int channels, long seed, Training training) {

    public TrainingConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(training, "training");
        if (!Models.isKnown(model)) {
            throw new IllegalArgumentException(
                    "unknown model '" + model + "'; known models: "
                            + String.join(", ", Models.names()));
        }
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be at least 1, got " + channels);
        }
        int min = Models.minimumSize(model);
        if (imageSize < min) {
            throw new IllegalArgumentException(
                    "model " + model + " needs images of at least " + min + " px, got "
                            + imageSize);
        }
    }

    /**
     * A config outside an experiment (benchmarks, tests), with a fixed learning rate and random
     * initial weights; {@code optimizer} is sgd, momentum or adam in any case.
     */
    public TrainingConfig(String model, int imageSize, int channels, int maxEpochs, int patience,
            int batchSize, String optimizer, float learningRate, float momentum, float weightDecay,
            boolean classWeights, boolean augment, long seed) {
        this(model, imageSize, channels, maxEpochs, patience, batchSize, optimizer, learningRate,
                momentum, weightDecay, classWeights, augment, seed, "fixed", null);
    }

    /**
     * As the config above, with a learning-rate schedule (fixed, cosine or step) and a DJL
     * parameter file to start from ({@code NAME-NNNN.params}, or null for random weights).
     */
    public TrainingConfig(String model, int imageSize, int channels, int maxEpochs, int patience,
            int batchSize, String optimizer, float learningRate, float momentum, float weightDecay,
            boolean classWeights, boolean augment, long seed, String lrSchedule, Path weights) {
        this(model, imageSize, channels, seed, new Training(maxEpochs, patience, batchSize,
                Optimizer.of(optimizer.toLowerCase(Locale.ROOT)), learningRate, momentum, weightDecay,
                classWeights, augment, LrSchedule.of(lrSchedule),
                weights == null ? Map.of() : Map.of(model, weights.toString()), EpochRecords.OFF, false,
                Precision.FP32));
    }

    /**
     * The config of one task of an experiment: the experiment's settings for {@code model},
     * with its weights file if it names one.
     */
    public static TrainingConfig forTask(ExperimentConfig config, String model, long seed) {
        return new TrainingConfig(model, config.preprocessing().size(), config.preprocessing().channels(), seed,
                config.training());
    }

    /**
     * The defaults pma uses for {@code model}: Adam lr 1e-3 for every model, batch 32, 30 epochs
     * with patience 5, class weights on, augmentation off, no weight decay.
     */
    public static TrainingConfig defaults(String model, int imageSize, int channels, long seed) {
        return new TrainingConfig(
                model, imageSize, channels, 30, 5, 32, "adam", 1e-3f, 0.9f, 0f, true, false, seed);
    }

    /** The most epochs to train. */
    public int maxEpochs() {
        return training.maxEpochs();
    }

    /** Stop after this many epochs without a better validation AUC. */
    public int patience() {
        return training.patience();
    }

    /** Images per mini-batch (the last, partial batch of an epoch is kept). */
    public int batchSize() {
        return training.batchSize();
    }

    public Optimizer optimizer() {
        return training.optimizer();
    }

    public float learningRate() {
        return (float) training.learningRate();
    }

    /** Used by {@link Optimizer#MOMENTUM} only, in [0, 1). */
    public float momentum() {
        return (float) training.momentum();
    }

    /** L2 weight decay. */
    public float weightDecay() {
        return (float) training.weightDecay();
    }

    /** Weight the loss by inverse class frequency of the training set. */
    public boolean classWeights() {
        return training.classWeights();
    }

    /** Random flips, small rotations, brightness/contrast jitter and speckle noise on training images (see {@link Augment}). */
    public boolean augment() {
        return training.augment();
    }

    /**
     * Fixed; cosine (to 1% of {@link #learningRate()} over {@link #maxEpochs()}); or step (x0.1 at
     * half and at three quarters of {@link #maxEpochs()}).
     */
    public LrSchedule lrSchedule() {
        return training.lrSchedule();
    }

    /** The DJL parameter file ({@code NAME-NNNN.params}) this model starts from instead of random weights, or null. */
    public Path weights() {
        String file = training.weights().get(model);
        return file == null ? null : Path.of(file);
    }

    /** A copy with another seed. */
    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(model, imageSize, channels, newSeed, training);
    }

    /** A copy with other epoch limits. */
    public TrainingConfig withEpochs(int newMaxEpochs, int newPatience) {
        Training t = training;
        return new TrainingConfig(model, imageSize, channels, seed, new Training(newMaxEpochs, newPatience,
                t.batchSize(), t.optimizer(), t.learningRate(), t.momentum(), t.weightDecay(), t.classWeights(),
                t.augment(), t.lrSchedule(), t.weights(), t.epochRecords(), t.featureDistances(), t.precision()));
    }
}
