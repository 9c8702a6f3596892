package pma.ledger;

/**
 * One training: a model on one iteration's split, optionally with an exclusion set removed from
 * training and validation.
 *
 * @param exclusion name of the exclusion set; empty for the main experiment
 */
public record Task(String model, int iteration, String exclusion) implements java.io.Serializable {
    public Task {
        if (exclusion == null) exclusion = "";
    }

    public String key() {
        return model + "/" + iteration + (exclusion.isEmpty() ? "" : "/" + exclusion);
    }
}
