package pma.duplicates;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * Cheap fingerprints of an image's grey content that survive rescaling and re-encoding: a 64-bit
 * DCT perceptual hash and a small normalised thumbnail.
 *
 * <p>The image is reduced to 32×32 grey by averaging the source pixels that fall in each cell
 * (every pixel counts, so no aliasing). The hash takes the 8×8 lowest-frequency coefficients of its
 * two-dimensional DCT-II and sets bit 8u+v when coefficient (u, v) exceeds the median of the 63
 * coefficients other than the constant term. The thumbnail is the 16×16 average of the same grid,
 * centred and scaled to unit length, so the dot product of two thumbnails is their Pearson
 * correlation.
 */
public final class PerceptualHash {
    static final int GRID = 32;
    static final int LOW = 8;
    static final int THUMB = 16;
    private static final double[][] COS = new double[LOW][GRID];

    static {
        for (int u = 0; u < LOW; u++) {
            for (int x = 0; x < GRID; x++) COS[u][x] = Math.cos((2 * x + 1) * u * Math.PI / (2 * GRID));
        }
    }

    private PerceptualHash() {}

    /** The fingerprints of one image. */
    public record Print(long hash, float[] thumbnail) {
        /** Pearson correlation of the two thumbnails (NaN when either image is flat). */
        public double correlation(Print o) {
            if (thumbnail == null || o.thumbnail == null) return Double.NaN;
            double dot = 0;
            for (int i = 0; i < thumbnail.length; i++) dot += thumbnail[i] * o.thumbnail[i];
            return dot;
        }
    }

    public static Print of(BufferedImage image) {
        double[] grid = greyGrid(image, GRID);
        return new Print(hash(grid), thumbnail(grid));
    }

    /** Number of differing bits. */
    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    /** 64-bit DCT hash of a GRID×GRID grey grid. */
    static long hash(double[] grid) {
        double[][] rows = new double[GRID][LOW]; // DCT along x for every row, low frequencies only
        for (int y = 0; y < GRID; y++) {
            for (int v = 0; v < LOW; v++) {
                double s = 0;
                for (int x = 0; x < GRID; x++) s += grid[y * GRID + x] * COS[v][x];
                rows[y][v] = s;
            }
        }
        double[] c = new double[LOW * LOW];
        for (int u = 0; u < LOW; u++) {
            for (int v = 0; v < LOW; v++) {
                double s = 0;
                for (int y = 0; y < GRID; y++) s += rows[y][v] * COS[u][y];
                c[u * LOW + v] = s;
            }
        }
        double[] ac = java.util.Arrays.copyOfRange(c, 1, c.length);
        java.util.Arrays.sort(ac);
        double median = (ac[ac.length / 2] + ac[(ac.length - 1) / 2]) / 2;
        long bits = 0;
        for (int k = 0; k < c.length; k++) if (c[k] > median) bits |= 1L << k;
        return bits;
    }

    private static float[] thumbnail(double[] grid) {
        int f = GRID / THUMB;
        float[] t = new float[THUMB * THUMB];
        double mean = 0;
        for (int y = 0; y < THUMB; y++) {
            for (int x = 0; x < THUMB; x++) {
                double s = 0;
                for (int dy = 0; dy < f; dy++) for (int dx = 0; dx < f; dx++) s += grid[(y * f + dy) * GRID + x * f + dx];
                t[y * THUMB + x] = (float) (s / (f * f));
                mean += t[y * THUMB + x];
            }
        }
        mean /= t.length;
        double norm = 0;
        for (int i = 0; i < t.length; i++) {
            t[i] -= (float) mean;
            norm += t[i] * t[i];
        }
        if (norm < 1e-12) return null;
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < t.length; i++) t[i] *= scale;
        return t;
    }

    /** Mean grey level (0..1) of the source pixels in each cell of a size×size grid. */
    static double[] greyGrid(BufferedImage image, int size) {
        int w = image.getWidth(), h = image.getHeight();
        double[] sum = new double[size * size];
        int[] count = new int[size * size];
        Raster raster = image.getRaster();
        boolean grey = image.getColorModel().getNumColorComponents() == 1;
        double max = grey ? (1 << raster.getSampleModel().getSampleSize(0)) - 1 : 255;
        int[] samples = new int[w];
        int[] rgb = new int[w];
        double[][] lines = new double[h][];
        for (int y = 0; y < h; y++) {
            int cy = (int) ((long) y * size / h);
            double[] line = new double[w];
            if (grey) raster.getSamples(0, y, w, 1, 0, samples);
            else image.getRGB(0, y, w, 1, rgb, 0, w);
            for (int x = 0; x < w; x++) {
                if (grey) {
                    line[x] = samples[x] / max;
                } else {
                    int p = rgb[x];
                    line[x] = (0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff)) / 255;
                }
                int cell = cy * size + (int) ((long) x * size / w);
                sum[cell] += line[x];
                count[cell]++;
            }
            if (h < size || w < size) lines[y] = line;
        }
        for (int i = 0; i < sum.length; i++) {
            // A source smaller than the grid leaves cells empty: they take the pixel under their centre.
            sum[i] = count[i] > 0 ? sum[i] / count[i]
                    : lines[(int) (((i / size) + 0.5) * h / size)][(int) (((i % size) + 0.5) * w / size)];
        }
        return sum;
    }
}
