package pma.synth;

/**
 * A label-correlated shortcut: a small bright caliper-like cross, as sonographers leave on the
 * images they measure (BUSI's calipers), placed away from the lesion. Placed mostly in one class, it
 * predicts the label without saying anything about the nodule, so a model may learn to look at it
 * instead of the lesion.
 */
final class ShortcutMark {
    /** Share of the marked images that carry the given label malignant; the rest are benign. */
    static final double MALIGNANT_SHARE = 0.9;

    private ShortcutMark() {}

    /** Half the length of each arm of the cross, in pixels. */
    static int arm(int size) {
        return Math.max(1, size / 32);
    }

    /** Least Chebyshev distance, in pixels, between the cross's centre and any lesion pixel. */
    static int clearance(int size) {
        return arm(size) + Math.max(2, size / 16);
    }

    /**
     * Paints the cross (value 255) into {@code pixels} at a position drawn from {@code rng} among
     * those at least {@link #clearance} from every lesion pixel of {@code mask}; where there is none,
     * at the position farthest from the lesion. Lesion pixels are never painted.
     */
    static void paint(Rng rng, int size, byte[] pixels, byte[] mask) {
        int s = size, a = arm(size);
        int[] far = chebyshevToLesion(mask, s);
        int lo = a, hi = s - 1 - a;
        int candidates = 0, best = -1;
        for (int y = lo; y <= hi; y++) {
            for (int x = lo; x <= hi; x++) {
                int d = far[y * s + x];
                if (d >= clearance(s)) candidates++;
                if (best < 0 || d > far[best]) best = y * s + x;
            }
        }
        int centre = best;
        if (candidates > 0) {
            int pick = rng.nextInt(candidates);
            outer:
            for (int y = lo; y <= hi; y++) {
                for (int x = lo; x <= hi; x++) {
                    if (far[y * s + x] >= clearance(s) && pick-- == 0) {
                        centre = y * s + x;
                        break outer;
                    }
                }
            }
        }
        int cx = centre % s, cy = centre / s;
        for (int k = -a; k <= a; k++) {
            set(pixels, mask, s, cx + k, cy);
            set(pixels, mask, s, cx, cy + k);
        }
    }

    private static void set(byte[] pixels, byte[] mask, int s, int x, int y) {
        int i = y * s + x;
        if (mask[i] == 0) pixels[i] = (byte) 255;
    }

    /** Chebyshev distance of every pixel to the nearest lesion pixel; {@code 2 * s} without a lesion. */
    static int[] chebyshevToLesion(byte[] mask, int s) {
        int[] d = new int[s * s];
        java.util.Arrays.fill(d, 2 * s);
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                if (mask[y * s + x] == 0) continue;
                for (int v = 0; v < s; v++) {
                    for (int u = 0; u < s; u++) {
                        int c = Math.max(Math.abs(u - x), Math.abs(v - y));
                        if (c < d[v * s + u]) d[v * s + u] = c;
                    }
                }
            }
        }
        return d;
    }
}
