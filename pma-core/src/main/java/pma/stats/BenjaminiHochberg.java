package pma.stats;

import java.util.Arrays;
import java.util.Comparator;

/** Benjamini–Hochberg false-discovery-rate adjustment of p-values. */
public final class BenjaminiHochberg {
    private BenjaminiHochberg() {}

    /**
     * BH q-values for {@code p}, in the original order (R's {@code p.adjust(p, "BH")}).
     *
     * <p>With the m non-NaN p-values sorted ascending, {@code q(i) = min over j >= i of
     * m·p(j)/j}, capped at 1; the running minimum from the top (the step-up) makes q monotone in
     * p, so equal p-values get equal q-values. A NaN p-value (a test that could not be run) stays
     * NaN and does not count towards m, as with R's default {@code n = length(p[!is.na(p)])}.
     *
     * @throws IllegalArgumentException when a p-value lies outside [0, 1]
     */
    public static double[] adjust(double[] p) {
        double[] q = new double[p.length];
        Arrays.fill(q, Double.NaN);
        int m = 0;
        for (double v : p) {
            if (Double.isNaN(v)) continue;
            if (v < 0 || v > 1) throw new IllegalArgumentException("p-value " + v + " outside [0, 1]");
            m++;
        }
        Integer[] order = new Integer[m];
        int k = 0;
        for (int i = 0; i < p.length; i++) if (!Double.isNaN(p[i])) order[k++] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double running = 1.0;
        for (int rank = m; rank >= 1; rank--) {
            int i = order[rank - 1];
            // (m / rank) · p, in R's order: m/rank >= 1 is exact at rank m and rounding a product
            // by a factor >= 1 never drops below p, so q >= p holds in floating point too.
            running = Math.min(running, (double) m / rank * p[i]);
            q[i] = running;
        }
        return q;
    }
}
