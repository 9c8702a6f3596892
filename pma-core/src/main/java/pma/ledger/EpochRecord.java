package pma.ledger;

/**
 * A training image's state after one epoch, for training-dynamics scores.
 *
 * @param epoch 1-based epoch
 * @param probability probability the network gives the image's given label
 * @param margin logit of the given label minus the other logit (area-under-the-margin)
 */
public record EpochRecord(int epoch, int image, float probability, float margin) implements java.io.Serializable {}
