package pma.ledger;

/** One row of the {@code run} table: a finished training task. */
public record RunRecord(int runId, String model, int iteration, String exclusion, long seed, String status,
                        int epochs, int bestEpoch, double valAuc, double testAuc, double threshold,
                        double trainSeconds) {}
