package pma.ledger;

import pma.split.Role;

/**
 * A model's output for one image in one run.
 *
 * @param probability P(positive class)
 * @param predicted 1 when {@code probability >= threshold}
 */
public record Prediction(int image, Role role, double probability, int predicted, boolean correct)
        implements java.io.Serializable {}
