package pma.train;

import java.util.List;
import pma.ledger.EpochRecord;

/**
 * What one training task produced.
 *
 * @param epochsRun epochs actually trained (early stopping may end before maxEpochs)
 * @param bestEpoch the 1-based epoch whose weights were restored
 * @param bestValAuc validation AUC at {@code bestEpoch}; NaN when the validation set lacks a class
 * @param valProbabilities P(positive) per validation image, aligned with valIdx, from the best
 *     weights
 * @param testProbabilities P(positive) per test image, aligned with testIdx, from the best weights
 * @param trainSeconds wall-clock seconds of the task (build, train, predict), not counting
 *     time queued behind another task
 * @param valAucPerEpoch validation AUC after each epoch (length {@code epochsRun})
 * @param epochRecords each training image's state after each epoch; empty when not recorded
 */
public record TrainingOutcome(
        int epochsRun,
        int bestEpoch,
        double bestValAuc,
        float[] valProbabilities,
        float[] testProbabilities,
        double trainSeconds,
        double[] valAucPerEpoch,
        List<EpochRecord> epochRecords) {}
