package pma.split;

import java.util.Locale;

/** The part of a split an image belongs to in one iteration. */
public enum Role {
    TRAIN, VAL, TEST,
    /** Left out of this iteration on purpose (an exclusion set in a retraining). */
    EXCLUDED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
