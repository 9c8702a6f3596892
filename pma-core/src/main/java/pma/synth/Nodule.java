package pma.synth;

/**
 * One nodule's fixed appearance, drawn once and shared by all of its views.
 *
 * <p>Every geometric detail lives in the nodule's own normalised frame (the unit circle before
 * shape perturbation), so each view can move, scale and turn the nodule and still show the same
 * calcifications, cyst and outline. Nothing here depends on the label, only on the features: a
 * look-alike drawn with benign feature rates therefore looks benign.
 */
final class Nodule {
    final boolean[] features = new boolean[Feature.values().length];
    /** Geometric mean of the semi-axes as a fraction of the image size. */
    final double radius;
    /** Vertical over horizontal semi-axis: above 1 is taller than wide. */
    final double axisRatio;
    /** Reflectivity of the solid part relative to the parenchyma. */
    final double echo;
    /** Outline harmonics r(phi) = 1 + sum amp cos(k phi + phase); the mask follows these. */
    final Harmonic[] outline;
    /** Extra harmonics that move only the blended edge, never the mask: an ill-defined margin. */
    final Harmonic[] marginJitter;
    /** Half-width of the nodule-to-parenchyma blend, in normalised radius. */
    final double marginWidth;
    /** Thin darker line along a well-defined margin (0 wide when ill-defined). */
    final double capsuleWidth;
    final double haloWidth;
    final double haloLevel;
    /** Cystic part as {u, v, ru, rv}, or null. */
    final double[] cyst;
    /** Spongiform holes as {u, v, r, level}. */
    final double[][] holes;
    /** Microcalcifications as {u, v, amplitude}. */
    final double[][] micro;
    /** Macrocalcifications as {u, v, r, amplitude, shadow depth}. */
    final double[][] macro;
    /** Posterior acoustic enhancement behind fluid; 1 means none. */
    final double enhancement;
    /** Amplitude of slow brightness waves in the parenchyma; thyroiditis makes it patchy. */
    final double heterogeneity;

    record Harmonic(int k, double amp, double cosPhase, double sinPhase) {}

    Nodule(Rng rng, Subtype subtype) {
        // One uniform for echogenicity keeps MARKED_HYPOECHOIC a subset of HYPOECHOIC with the
        // table's marginal rates.
        double e = rng.nextDouble();
        set(Feature.MARKED_HYPOECHOIC, e < subtype.rate(Feature.MARKED_HYPOECHOIC));
        set(Feature.HYPOECHOIC, e < subtype.rate(Feature.HYPOECHOIC));
        for (Feature f : Feature.values()) {
            if (f != Feature.HYPOECHOIC && f != Feature.MARKED_HYPOECHOIC) set(f, rng.chance(subtype.rate(f)));
        }

        radius = rng.uniform(0.13, 0.22);
        axisRatio = has(Feature.TALLER_THAN_WIDE) ? rng.uniform(1.2, 1.55) : rng.uniform(0.6, 0.95);
        if (has(Feature.MARKED_HYPOECHOIC)) echo = rng.uniform(0.20, 0.35);
        else if (has(Feature.HYPOECHOIC)) echo = rng.uniform(0.45, 0.62);
        // Slightly darker or brighter than the parenchyma, never equal, so the nodule can be seen.
        else echo = rng.chance(0.5) ? rng.uniform(0.80, 0.92) : rng.uniform(1.15, 1.40);

        if (has(Feature.IRREGULAR_SHAPE)) {
            outline = new Harmonic[] {
                harmonic(rng, rng.between(3, 5), 0.06, 0.12),
                harmonic(rng, rng.between(5, 7), 0.05, 0.10),
                harmonic(rng, rng.between(8, 12), 0.03, 0.06)
            };
        } else {
            outline = new Harmonic[] {harmonic(rng, 2, 0.0, 0.05), harmonic(rng, 3, 0.0, 0.03)};
        }
        if (has(Feature.ILL_DEFINED_MARGINS)) {
            marginJitter = new Harmonic[] {
                harmonic(rng, rng.between(10, 13), 0.04, 0.08), harmonic(rng, rng.between(14, 16), 0.04, 0.08)
            };
            marginWidth = rng.uniform(0.18, 0.28);
            capsuleWidth = 0;
        } else {
            marginJitter = new Harmonic[0];
            marginWidth = rng.uniform(0.03, 0.07);
            capsuleWidth = rng.uniform(0.05, 0.09);
        }

        haloWidth = rng.uniform(0.10, 0.16);
        haloLevel = rng.uniform(0.30, 0.45);

        if (has(Feature.CYSTIC_PART)) {
            double dist = rng.uniform(0.0, 0.35);
            double angle = rng.uniform(0, 2 * Math.PI);
            double maxR = Math.min(0.5, 0.8 - dist);
            cyst = new double[] {
                dist * StrictMath.cos(angle), dist * StrictMath.sin(angle),
                rng.uniform(0.28, maxR), rng.uniform(0.28, maxR)
            };
        } else {
            cyst = null;
        }
        holes = has(Feature.SPONGIFORM) ? scatter(rng, rng.between(8, 16), 0.75, new double[][] {{0.07, 0.12}, {0.10, 0.25}})
                : new double[0][];
        micro = has(Feature.MICROCALCIFICATIONS) ? scatter(rng, rng.between(4, 9), 0.75, new double[][] {{2.5, 4.0}})
                : new double[0][];
        macro = has(Feature.MACROCALCIFICATIONS)
                ? scatter(rng, rng.between(1, 2), 0.5, new double[][] {{0.20, 0.32}, {2.2, 3.0}, {0.5, 0.75}})
                : new double[0][];
        enhancement = has(Feature.CYSTIC_PART) ? rng.uniform(1.12, 1.25) : 1.0;
        heterogeneity = subtype == Subtype.THYROIDITIS ? rng.uniform(0.08, 0.12) : rng.uniform(0.02, 0.05);
    }

    boolean has(Feature f) {
        return features[f.ordinal()];
    }

    private void set(Feature f, boolean value) {
        features[f.ordinal()] = value;
    }

    private static Harmonic harmonic(Rng rng, int k, double minAmp, double maxAmp) {
        double phase = rng.uniform(0, 2 * Math.PI);
        return new Harmonic(k, rng.uniform(minAmp, maxAmp), StrictMath.cos(phase), StrictMath.sin(phase));
    }

    /** Points spread evenly over a disc of radius {@code within}, each followed by uniform draws in the given ranges. */
    private static double[][] scatter(Rng rng, int count, double within, double[][] ranges) {
        double[][] out = new double[count][2 + ranges.length];
        for (int i = 0; i < count; i++) {
            double r = within * Math.sqrt(rng.nextDouble());
            double angle = rng.uniform(0, 2 * Math.PI);
            out[i][0] = r * StrictMath.cos(angle);
            out[i][1] = r * StrictMath.sin(angle);
            for (int j = 0; j < ranges.length; j++) out[i][2 + j] = rng.uniform(ranges[j][0], ranges[j][1]);
        }
        return out;
    }
}
