package pma.train;

import java.util.Locale;
import pma.BadInputException;

/**
 * Whether and how a task records each training image's state after every epoch, for training
 * dynamics (forgetting events, area under the margin, data cartography).
 *
 * <p>{@link #TRAIN} keeps the logits of the training forward pass itself, as the forgetting,
 * margin and cartography papers do: each image is seen once per epoch, so the records cost a
 * copy of two floats per image and nothing else. They come from the network in training mode
 * (dropout on, batch norm on batch statistics, augmented input when augmentation is on) and from
 * weights that change between the epoch's mini-batches. {@link #EVAL} instead predicts every
 * training image once more after the epoch in inference mode: cleaner values from one set of
 * weights, at the price of an extra forward pass over the training set per epoch.
 */
public enum EpochRecording {
    /** No records. */
    OFF,
    /** Logits of the training forward pass (free). */
    TRAIN,
    /** An extra inference pass over the training images after each epoch. */
    EVAL;

    /** The mode named {@code off}, {@code train} or {@code eval}. */
    public static EpochRecording of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BadInputException("--epoch-records must be off, train or eval, got " + name);
        }
    }
}
