package pma.synth;

import java.util.Locale;

/**
 * Histological subtypes with the probability of each {@link Feature}.
 *
 * <p>Rates loosely follow the TI-RADS literature: malignant nodules are more often hypoechoic,
 * irregular, ill-defined, taller than wide and microcalcified; benign ones more often carry a
 * halo, a cystic part, a spongiform pattern or coarse calcification. FTC and thyroiditis sit
 * nearer the other class, so that the classes overlap as real ones do; the planted look-alike
 * subtype is the hard case by design.
 */
enum Subtype {
    //                 weight  hypo  marked irreg illdef ttw   micro macro halo  cystic spong
    COLLOID(false, 0.50, 0.10, 0.01, 0.03, 0.05, 0.02, 0.02, 0.20, 0.50, 0.60, 0.40),
    FOLLICULAR_ADENOMA(false, 0.30, 0.15, 0.02, 0.04, 0.05, 0.03, 0.02, 0.15, 0.65, 0.25, 0.10),
    THYROIDITIS(false, 0.20, 0.30, 0.04, 0.08, 0.15, 0.04, 0.02, 0.10, 0.10, 0.10, 0.05),
    PTC(true, 0.75, 0.95, 0.50, 0.75, 0.70, 0.55, 0.80, 0.08, 0.03, 0.03, 0.01),
    FTC(true, 0.15, 0.75, 0.20, 0.45, 0.45, 0.30, 0.35, 0.15, 0.20, 0.08, 0.02),
    MTC(true, 0.10, 0.90, 0.40, 0.55, 0.60, 0.30, 0.50, 0.35, 0.05, 0.05, 0.01),
    /** The planted look-alike: malignant, but drawn with the pooled benign rates. Never drawn by weight. */
    FVPTC(true, 0.0);

    final boolean malignant;
    final double weight;
    /** Marginal probability per feature (MARKED_HYPOECHOIC is a subset of HYPOECHOIC); empty for FVPTC. */
    private final double[] rates;

    Subtype(boolean malignant, double weight, double... rates) {
        if (rates.length != 0 && rates.length != Feature.values().length) throw new AssertionError(name());
        this.malignant = malignant;
        this.weight = weight;
        this.rates = rates;
    }

    double rate(Feature f) {
        if (rates.length == 0) return benignRate(f);
        return rates[f.ordinal()];
    }

    /** The weight-averaged rate of the benign subtypes: what a typical benign nodule shows. */
    static double benignRate(Feature f) {
        double sum = 0;
        for (Subtype s : values()) {
            if (!s.malignant) sum += s.weight * s.rates[f.ordinal()];
        }
        return sum;
    }

    String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Draws an ordinary (non-planted) subtype of the given class by weight. */
    static Subtype draw(Rng rng, boolean malignant) {
        double u = rng.nextDouble();
        Subtype last = null;
        for (Subtype s : values()) {
            if (s.malignant != malignant || s.weight == 0) continue;
            last = s;
            u -= s.weight;
            if (u < 0) return s;
        }
        return last; // guards against the weights summing to a hair under 1
    }
}
