package pma.train;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
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
 * @param augment random horizontal flips and brightness/contrast jitter on training images
 * @param seed seeds parameter initialisation, dropout, shuffling and augmentation
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
        long seed) {

    /** The accepted optimizer names. */
    public static final List<String> OPTIMIZERS = List.of("sgd", "momentum", "adam");

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
                optimizer, learningRate, momentum, weightDecay, classWeights, augment, newSeed);
    }

    /** A copy with other epoch limits. */
    public TrainingConfig withEpochs(int newMaxEpochs, int newPatience) {
        return new TrainingConfig(model, imageSize, channels, newMaxEpochs, newPatience, batchSize,
                optimizer, learningRate, momentum, weightDecay, classWeights, augment, seed);
    }
}
