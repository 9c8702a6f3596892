package pma.triage;

import java.util.Locale;

/** Why an image may be misclassified; an image may have several reasons, or none. */
public enum Reason {
    /** Every model, and the other images of its patient group, confidently say the other class. */
    LABEL_ISSUE,
    /** Probabilities close to the decision threshold and unstable across runs. */
    AMBIGUOUS,
    /** Far from the training images in the networks' own feature space. */
    ATYPICAL,
    /** A near-duplicate image carries the other label. */
    DUPLICATE_CONFLICT,
    /** The class-activation maps put less weight on the lesion than a uniform map would. */
    OFF_LESION;

    /** The snake_case name used in CSV columns and the review queue's {@code ?reason=}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason of a {@link #code()}, or null when there is none. */
    public static Reason of(String code) {
        for (Reason r : values()) if (r.code().equals(code)) return r;
        return null;
    }
}
