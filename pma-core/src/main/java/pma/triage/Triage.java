package pma.triage;

import java.util.Set;

/**
 * The triage of one image: its reasons and the numbers behind them, for the report and the
 * review page.
 *
 * @param image the image's index in the manifest
 * @param id the image's path as in the manifest
 * @param flagged whether the analysis flags the image
 * @param reasons the reasons that hold, in {@link Reason} order (empty: none)
 */
public record Triage(int image, String id, boolean flagged, Set<Reason> reasons, Evidence evidence) {
    public Triage {
        reasons = reasons.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(reasons));
    }

    public boolean has(Reason r) {
        return reasons.contains(r);
    }

    /**
     * The numbers each rule looked at; NaN (or empty) where the image has no such evidence.
     *
     * @param otherClassMinModel lowest, over models, of the model's mean probability of the class the image is not labelled
     * @param otherClassGroup lowest pooled mean probability of that class among the other images of the patient group
     * @param thresholdDistance mean over test predictions of |probability - the run's threshold|
     * @param probabilitySd standard deviation of the probability over test predictions
     * @param featurePercentile mean over runs of the image's rank (0 nearest .. 1 farthest) by its feature-space
     *     distance to the training images, among the run's test images
     * @param duplicateOf the first near-duplicate filed under the other label
     * @param lesionFocus share of map energy inside the lesion, mean over models
     * @param lesionArea share of the image inside the lesion: the focus of a uniform map
     */
    public record Evidence(double otherClassMinModel, double otherClassGroup, double thresholdDistance,
                           double probabilitySd, double featurePercentile, String duplicateOf, double lesionFocus,
                           double lesionArea) {}
}
