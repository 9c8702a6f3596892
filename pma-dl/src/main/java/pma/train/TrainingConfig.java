package pma.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import pma.config.ExperimentConfig;
import pma.models.Models;

/**
 * Everything a training task needs besides data.
 *
 * @param model a name from {@link Models#names()}
 * @param imageSize image side in pixels
 * @param channels 1 (grey) or 3 (RGB); any positive count is accepted
 * @param maxEpochs the most epochs to train
 * @param patience stop after this many epochs without a better validation AUC
 * @param batchSize images per mini-batch (the last, partial batch of an epoch is kept)
 * @param optimizer "sgd" (plain), "momentum" (SGD with {@code momentum}) or "adam"
 * @param learningRate step size, finite and positive
 * @param momentum used by "momentum" only, in [0, 1)
 * @param weightDecay L2 weight decay, finite and non-negative
 * @param classWeights weight the loss by inverse class frequency of the training set
 * @param augment random flips, small rotations, brightness/contrast jitter and speckle noise on
 *     training images (see {@link Augment})
 * @param seed seeds parameter initialisation, dropout, shuffling and augmentation
 * @param lrSchedule "fixed", "cosine" (to 1% of {@code learningRate} over {@code maxEpochs}) or
 *     "step" (x0.1 at half and at three quarters of {@code maxEpochs})
 * @param weights a DJL parameter file ({@code NAME-NNNN.params}) to start from instead of random
 *     weights, or null
 */
public record TrainingConfig(
        String model,
        int imageSize,
        int channels,
        int maxEpochs,
        int patience,
        int batchSize,
        String optimizer,
        float learningRate,
        float momentum,
        float weightDecay,
        boolean classWeights,
        boolean augment,
        long seed,
        String lrSchedule,
        Path weights) {

    /** The accepted optimizer names. */
    public static final List<String> OPTIMIZERS = List.of("sgd", "momentum", "adam");

    /** The accepted learning-rate schedules. */
    public static final List<String> SCHEDULES = List.of("fixed", "cosine", "step");

    /** A config with a fixed learning rate and random initial weights. */
    public TrainingConfig(String model, int imageSize, int channels, int maxEpochs, int patience,
            int batchSize, String optimizer, float learningRate, float momentum, float weightDecay,
            boolean classWeights, boolean augment, long seed) {
        this(model, imageSize, channels, maxEpochs, patience, batchSize, optimizer, learningRate,
                momentum, weightDecay, classWeights, augment, seed, "fixed", null);
    }

    /**
     * The config of one task of an experiment: the experiment's settings for {@code model},
     * with its weights file if it names one.
     */
    public static TrainingConfig forTask(ExperimentConfig config, String model, long seed) {
        String weights = config.weights().get(model);
        return new TrainingConfig(model, config.imageSize(), config.channels(), config.maxEpochs(),
                config.patience(), config.batchSize(), config.optimizer(),
                (float) config.learningRate(), (float) config.momentum(),
                (float) config.weightDecay(), config.classWeights(), config.augment(), seed,
                config.lrSchedule(), weights == null ? null : Path.of(weights));
    }

    public TrainingConfig {
        Objects.requireNonNull(model, "model");
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
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be at least 1, got " + maxEpochs);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be at least 1, got " + patience);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        Objects.requireNonNull(optimizer, "optimizer");
        optimizer = optimizer.toLowerCase(Locale.ROOT);
        if (!OPTIMIZERS.contains(optimizer)) {
            throw new IllegalArgumentException("unknown optimizer '" + optimizer + "'; use one of "
                    + String.join(", ", OPTIMIZERS));
        }
        if (!(learningRate > 0f) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException(
                    "learningRate must be finite and positive, got " + learningRate);
        }
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0f) || !Float.isFinite(weightDecay)) {
            throw new IllegalArgumentException(
                    "weightDecay must be finite and non-negative, got " + weightDecay);
        }
        lrSchedule = lrSchedule == null ? "fixed" : lrSchedule.toLowerCase(Locale.ROOT);
        if (!SCHEDULES.contains(lrSchedule)) {
            throw new IllegalArgumentException("unknown learning-rate schedule '" + lrSchedule
                    + "'; use one of " + String.join(", ", SCHEDULES));
        }
    }

    /**
     * The defaults pma uses for {@code model}: Adam lr 1e-3 for every model, batch 32, 30 epochs
     * with patience 5, class weights on, augmentation off, no weight decay.
     */
    public static TrainingConfig defaults(String model, int imageSize, int channels, long seed) {
        return new TrainingConfig(
                model, imageSize, channels, 30, 5, 32, "adam", 1e-3f, 0.9f, 0f, true, false, seed);
    }

    /** A copy with another seed. */
    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(model, imageSize, channels, maxEpochs, patience, batchSize,
                optimizer, learningRate, momentum, weightDecay, classWeights, augment, newSeed,
                lrSchedule, weights);
    }

    /** A copy with other epoch limits. */
    public TrainingConfig withEpochs(int newMaxEpochs, int newPatience) {
        return new TrainingConfig(model, imageSize, channels, newMaxEpochs, newPatience, batchSize,
                optimizer, learningRate, momentum, weightDecay, classWeights, augment, seed,
                lrSchedule, weights);
    }
}
