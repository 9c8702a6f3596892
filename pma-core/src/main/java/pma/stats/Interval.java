package pma.stats;

/**
 * A closed interval {@code [low, high]}, used for every confidence interval in this package.
 *
 * <p>Either bound may be NaN when the interval is undefined (for example a variance that cannot
 * be estimated from one observation); otherwise {@code low <= high}.
 */
public record Interval(double low, double high) {
    public Interval {
        // A reversed interval is always a bug upstream; NaN bounds are allowed because they carry
        // "undefined" through to reports instead of a made-up number.
        if (low > high) {
            throw new IllegalArgumentException("interval low " + low + " > high " + high);
        }
    }

    /** Whether {@code x} lies in the interval, bounds included; false when a bound is NaN. */
    public boolean contains(double x) {
        return low <= x && x <= high;
    }

    /** The width {@code high - low}; NaN when a bound is NaN. */
    public double width() {
        return high - low;
    }
}
