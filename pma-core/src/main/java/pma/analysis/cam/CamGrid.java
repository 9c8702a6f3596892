package pma.analysis.cam;

import java.util.Arrays;
import java.util.Comparator;
import pma.stats.Ranks;

/**
 * Arithmetic on class-activation maps stored as row-major float grids: resizing, correlation,
 * overlap of the hottest regions and the share of a map's energy inside a lesion mask.
 *
 * <p>Every function treats an empty map (no positive value) explicitly: correlations and shares
 * are NaN, never a division by zero.
 */
public final class CamGrid {
    private CamGrid() {}

    /**
     * Bilinear resize of an {@code h×w} grid to {@code height×width}, sampling at cell centres (a
     * cell's value sits at its centre; beyond the outer centres the edge value holds).
     */
    public static float[] resize(float[] map, int h, int w, int height, int width) {
        if (map.length != h * w) throw new IllegalArgumentException(map.length + " values for a " + h + "x" + w + " map");
        if (h == height && w == width) return map.clone();
        float[] out = new float[height * width];
        for (int y = 0; y < height; y++) {
            double sy = Math.max(0, Math.min(h - 1, (y + 0.5) * h / height - 0.5));
            int y0 = (int) Math.floor(sy), y1 = Math.min(h - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < width; x++) {
                double sx = Math.max(0, Math.min(w - 1, (x + 0.5) * w / width - 0.5));
                int x0 = (int) Math.floor(sx), x1 = Math.min(w - 1, x0 + 1);
                double fx = sx - x0;
                double top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x1] * fx;
                double bottom = map[y1 * w + x0] * (1 - fx) + map[y1 * w + x1] * fx;
                out[y * width + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }

    /** True when no value is positive (an all-zero map, as stored for an empty explanation). */
    public static boolean isEmpty(float[] map) {
        for (float v : map) {
            if (v > 0) return false;
        }
        return true;
    }

    /** Pearson correlation; NaN when either map is constant. */
    public static double pearson(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("maps differ in size: " + a.length + " vs " + b.length);
        int n = a.length;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        if (saa <= 0 || sbb <= 0) return Double.NaN;
        return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
    }

    /** Spearman rank correlation (Pearson of midranks, so ties are handled); NaN when either map is constant. */
    public static double spearman(float[] a, float[] b) {
        return pearson(midRanks(a), midRanks(b));
    }

    /**
     * Intersection over union of the {@code share} hottest cells of two equally sized maps
     * ({@code ceil(share·n)} cells each, ties taken in cell order); NaN when either map is empty.
     */
    public static double topIou(float[] a, float[] b, double share) {
        if (a.length != b.length) throw new IllegalArgumentException("maps differ in size: " + a.length + " vs " + b.length);
        if (isEmpty(a) || isEmpty(b)) return Double.NaN;
        int k = Math.max(1, (int) Math.ceil(share * a.length - 1e-9));
        boolean[] ta = top(a, k), tb = top(b, k);
        int both = 0, either = 0;
        for (int i = 0; i < a.length; i++) {
            if (ta[i] && tb[i]) both++;
            if (ta[i] || tb[i]) either++;
        }
        return (double) both / either;
    }

    /**
     * Share of the map's energy (sum of its values) that falls inside the lesion: the map is
     * upsampled bilinearly to the mask's {@code size×size} first. NaN when the map is empty.
     *
     * @param mask {@code size*size} values, positive inside the lesion
     */
    public static double energyInside(float[] map, int h, int w, float[] mask, int size) {
        if (isEmpty(map)) return Double.NaN;
        float[] up = resize(map, h, w, size, size);
        double inside = 0, total = 0;
        for (int i = 0; i < up.length; i++) {
            double v = Math.max(0, up[i]);
            total += v;
            if (mask[i] > 0) inside += v;
        }
        return total > 0 ? inside / total : Double.NaN;
    }

    /** Share of mask cells inside the lesion. */
    public static double area(float[] mask) {
        int inside = 0;
        for (float v : mask) {
            if (v > 0) inside++;
        }
        return mask.length == 0 ? Double.NaN : (double) inside / mask.length;
    }

    private static boolean[] top(float[] map, int k) {
        Integer[] order = new Integer[map.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -map[i]).thenComparingInt(i -> i));
        boolean[] out = new boolean[map.length];
        for (int i = 0; i < k; i++) out[order[i]] = true;
        return out;
    }

    /** Midranks ({@link Ranks#mid}); exact as floats, being half-integers far below 2^23. */
    private static float[] midRanks(float[] v) {
        double[] values = new double[v.length];
        for (int i = 0; i < v.length; i++) values[i] = v[i];
        double[] ranks = Ranks.mid(values);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) ranks[i];
        return out;
    }
}
