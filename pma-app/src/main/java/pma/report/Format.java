package pma.report;

import java.util.Locale;
import pma.analysis.Tally;
import pma.stats.Interval;
import pma.stats.Summary;

/**
 * How numbers read in the report and the review app: one place, so a rate, an interval or a share
 * looks the same on both. A missing value (NaN, nothing tested) reads "–".
 */
public final class Format {
    /** What a missing value reads as. */
    public static final String NONE = "–";

    private Format() {}

    public static String f1(double x) {
        return fixed(x, 1);
    }

    public static String f2(double x) {
        return fixed(x, 2);
    }

    public static String f3(double x) {
        return fixed(x, 3);
    }

    private static String fixed(double x, int decimals) {
        return Double.isNaN(x) ? NONE : String.format(Locale.ROOT, "%." + decimals + "f", x);
    }

    /** A difference with its sign, three decimals: +0.012 or -0.004. */
    public static String signed(double x) {
        return Double.isNaN(x) ? NONE : String.format(Locale.ROOT, "%+.3f", x);
    }

    /** A p-value: three decimals, or {@code <0.001}. */
    public static String p(double x) {
        return Double.isNaN(x) ? NONE : x < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", x);
    }

    /** An interval of rates, two decimals: 0.41–0.88. */
    public static String interval(Interval i) {
        return Double.isNaN(i.low()) ? NONE : String.format(Locale.ROOT, "%.2f–%.2f", i.low(), i.high());
    }

    /** Errors over test appearances: 3/5. */
    public static String ratio(Tally t) {
        return t.appearances() == 0 ? NONE : t.errors() + "/" + t.appearances();
    }

    /** A proportion as a whole percentage: 70%. */
    public static String pct(double x) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * x);
    }

    /** k of n as a percentage with one decimal: 12.5%. */
    public static String share(long k, long n) {
        return n == 0 ? NONE : String.format(Locale.ROOT, "%.1f%%", 100.0 * k / n);
    }

    /** A number as the ledger's CSV files write it (shortest exact form). */
    public static String num(double x) {
        return pma.io.CsvTable.number(x);
    }

    /** Mean (min–max) with the given decimals. */
    public static String meanRange(double[] x, int decimals) {
        if (x.length == 0) return NONE;
        Summary s = Summary.of(x);
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " (" + f + "–" + f + ")", s.mean(), s.min(), s.max());
    }

    /** Mean ± sd, three decimals; the mean alone for one value. */
    public static String meanSd(double[] x) {
        if (x.length == 0) return NONE;
        Summary s = Summary.of(x);
        return f3(s.mean()) + (x.length > 1 ? " ± " + f3(s.sd()) : "");
    }

    /** Seconds as 42 s, 3 min 05 s or 2 h 07 min. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }

    /** The text cut to at most {@code max} characters, with an ellipsis when cut. */
    public static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
