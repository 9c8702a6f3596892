package pma.ledger;

import java.util.List;

/**
 * What one finished training task leaves in the ledger, written in one transaction.
 *
 * @param seed the seed the task trained with
 * @param threshold decision threshold applied to the test probabilities
 * @param predictions validation and test predictions
 * @param epochs per-epoch training-image records (empty when not recorded)
 * @param cams class-activation maps of test images (empty when not computed)
 * @param featureDistances feature-space distance of each test image to the training images (empty when not computed)
 * @param camSeconds seconds of {@code trainSeconds} spent on the class-activation maps (for the run's log; not stored)
 * @param featureSeconds seconds of {@code trainSeconds} spent on the feature distances (for the run's log; not stored)
 */
public record TaskResult(Task task, long seed, int epochs, int bestEpoch, double valAuc, double testAuc,
                         double threshold, double trainSeconds, List<Prediction> predictions,
                         List<EpochRecord> epochRecords, List<CamMap> cams, List<FeatureDistance> featureDistances,
                         double camSeconds, double featureSeconds)
        implements java.io.Serializable {
    public TaskResult {
        predictions = List.copyOf(predictions);
        epochRecords = List.copyOf(epochRecords);
        cams = List.copyOf(cams);
        featureDistances = List.copyOf(featureDistances);
    }

    /** A result without the time shares. */
    public TaskResult(Task task, long seed, int epochs, int bestEpoch, double valAuc, double testAuc, double threshold,
                      double trainSeconds, List<Prediction> predictions, List<EpochRecord> epochRecords, List<CamMap> cams,
                      List<FeatureDistance> featureDistances) {
        this(task, seed, epochs, bestEpoch, valAuc, testAuc, threshold, trainSeconds, predictions, epochRecords, cams,
                featureDistances, 0, 0);
    }

    /** A result without feature distances. */
    public TaskResult(Task task, long seed, int epochs, int bestEpoch, double valAuc, double testAuc, double threshold,
                      double trainSeconds, List<Prediction> predictions, List<EpochRecord> epochRecords, List<CamMap> cams) {
        this(task, seed, epochs, bestEpoch, valAuc, testAuc, threshold, trainSeconds, predictions, epochRecords, cams,
                List.of());
    }

    /** A result with predictions only. */
    public TaskResult(Task task, long seed, int epochs, int bestEpoch, double valAuc, double testAuc, double threshold,
                      double trainSeconds, List<Prediction> predictions) {
        this(task, seed, epochs, bestEpoch, valAuc, testAuc, threshold, trainSeconds, predictions, List.of(), List.of());
    }
}
