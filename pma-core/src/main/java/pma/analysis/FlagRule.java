package pma.analysis;

import java.util.Map;
import pma.BadInputException;

/**
 * Which images count as persistently misclassified at a threshold θ.
 *
 * <p>{@link #POOLED} is the paper's rule, pooled F_j &gt; θ. {@link #PER_MODEL} is the rule of the
 * authors' published code: F_jm &ge; θ in more than {@code minModels} models.
 */
public enum FlagRule {
    POOLED, PER_MODEL;

    public static FlagRule of(String name) {
        return switch (name) {
            case "pooled" -> POOLED;
            case "per-model" -> PER_MODEL;
            default -> throw new BadInputException("--rule must be pooled or per-model, got " + name);
        };
    }

    /** The rule at {@code theta} in words, as the outputs state it. */
    public String describe(double theta, int minModels) {
        return this == POOLED
                ? String.format(java.util.Locale.ROOT, "F > %.2f (the paper's rule)", theta)
                : String.format(java.util.Locale.ROOT, "F_m ≥ %.2f in more than %d models (the authors' code's rule)",
                        theta, minModels);
    }

    /**
     * @param minAppearances minimum test appearances (pooled, or per model for {@link #PER_MODEL})
     * @param minModels for {@link #PER_MODEL}: flagged when more than this many models agree
     */
    public boolean flags(Tally pooled, Map<String, Tally> byModel, double theta, int minAppearances, int minModels) {
        if (this == POOLED) {
            return pooled.appearances() >= minAppearances && pooled.frequency() > theta;
        }
        int agreeing = 0;
        for (Tally t : byModel.values()) {
            if (t.appearances() >= minAppearances && t.frequency() >= theta) agreeing++;
        }
        return agreeing > minModels;
    }
}
