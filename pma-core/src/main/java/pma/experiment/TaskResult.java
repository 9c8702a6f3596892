package pma.experiment;

import java.util.List;

/**
 * What one finished training task leaves in the ledger, written in one transaction.
 *
 * @param seed the seed the task trained with
 * @param threshold decision threshold applied to the test probabilities
 * @param predictions validation and test predictions
 */
public record TaskResult(Task task, long seed, int epochs, int bestEpoch, double valAuc, double testAuc,
                         double threshold, double trainSeconds, List<Prediction> predictions) {}
