package pma.ledger;

/**
 * Where a test image lies among its run's training images in the trained network's own feature
 * space (pma.train.FeatureDistances).
 *
 * @param distance distance to its k-th nearest training image (the triage's "atypical" evidence)
 * @param otherLabelNeighbours share of its nearest training images whose given label differs from
 *     its own (the {@code knn_group} ranking's evidence); NaN when not recorded (before schema version 4)
 */
public record FeatureDistance(int image, double distance, double otherLabelNeighbours) implements java.io.Serializable {
    /** A distance without the neighbours' labels. */
    public FeatureDistance(int image, double distance) {
        this(image, distance, Double.NaN);
    }
}
