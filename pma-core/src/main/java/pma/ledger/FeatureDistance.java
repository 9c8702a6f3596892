package pma.ledger;

/**
 * How far a test image lies from its run's training images in the trained network's own feature
 * space: the distance to its k-th nearest training image (pma.triage.FeatureDistances).
 */
public record FeatureDistance(int image, double distance) implements java.io.Serializable {}
