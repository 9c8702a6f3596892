package pma.stats;

/**
 * Wilson score interval for a binomial proportion.
 *
 * <p>Chosen over the Wald interval because per-image misclassification rates are often 0/n or
 * n/n over a handful of training runs, where Wald collapses to a zero-width interval; Wilson stays
 * inside [0, 1] and keeps sensible coverage for small n (Wilson 1927; Brown, Cai &amp; DasGupta
 * 2001).
 */
public final class Wilson {
    private Wilson() {}

    /**
     * Wilson interval for {@code successes} out of {@code trials} at critical value {@code z}.
     *
     * <p>With p = k/n the interval is {@code (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)}.
     * The bound at 0 successes is exactly 0 and at n successes exactly 1 (set directly, since the
     * formula reaches them only up to rounding). Zero trials carry no information: (0, 1).
     *
     * @throws IllegalArgumentException unless {@code 0 <= successes <= trials} and z is finite and
     *     non-negative
     */
    public static Interval interval(int successes, int trials, double z) {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException(
                    "need 0 <= successes <= trials, got " + successes + " of " + trials);
        }
        if (!(z >= 0) || Double.isInfinite(z)) {
            throw new IllegalArgumentException("z must be finite and >= 0, got " + z);
        }
        if (trials == 0) return new Interval(0.0, 1.0);
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1.0 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        double low = successes == 0 ? 0.0 : Math.max(0.0, centre - half);
        double high = successes == trials ? 1.0 : Math.min(1.0, centre + half);
        return new Interval(low, high);
    }

    /** 95% Wilson interval, z = {@link Normal#Z95} (1.959963984540054, not the rounded 1.96). */
    public static Interval interval95(int successes, int trials) {
        return interval(successes, trials, Normal.Z95);
    }
}
